/**
 * The Overview page's headline numbers. Volume, markers and findings come from their own areas
 * (volume.ts, pain-points.ts, intermittent.ts, releases.ts, team.ts).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { needsTicketScan, type Filters } from '@/lib/filters';
import { rollupConditions, ticketConditions, topicRollupSuffices, type DayRange } from './filter-sql';
import { rollupHasTopic } from './rollup-topic';
import { spikeScopeCondition, spikeScopeFor } from './volume';

export interface OverviewTotals {
  /** Unresolved tickets now (any creation date) matching the non-date filters. */
  open: number;
  /** Topics with at least one ticket in the range. */
  topics: number;
  releases: number;
  /** Spikes of the filters' topic (every spike without one); null when another filter narrows the tickets (spikeScopeFor). */
  spikes: number | null;
}

/** Open tickets, active topics, releases and spikes for the filters: one statement. */
export async function getOverviewTotals(db: Db, filters: Filters, range: DayRange, timeZone: string): Promise<OverviewTotals> {
  const topicCount = needsTicketScan(filters)
    ? sql`(select count(distinct t.topic_id)::int from tickets t where ${ticketConditions(filters, range, timeZone)})`
    : topicRollupSuffices(filters)
      ? // One index probe per topic (topic_id, day) instead of a distinct over every topic-day.
        sql`(select count(*)::int from topics tp where exists (select 1 from daily_topic_counts d
             where d.topic_id = tp.id and ${rollupConditions(filters, range, 'd', false)}))`
      : sql`(select count(distinct d.topic_id)::int from daily_ticket_counts d
             where ${rollupConditions(filters, range, 'd')} and ${rollupHasTopic(sql`d.topic_id`)})`;
  const spikes = spikeScopeFor(filters, true);
  const [row] = await queryRows<OverviewTotals>(
    db,
    sql`select
      (select count(*)::int from tickets t
        where t.status_category in ('new', 'open', 'pending') and ${ticketConditions(filters, null, timeZone)}) as open,
      ${topicCount} as topics,
      (select count(*)::int from release_analyses a where a.day between ${range.from} and ${range.to}) as releases,
      ${spikes ? sql`(select count(*)::int from spikes s where s.day between ${range.from} and ${range.to} and ${spikeScopeCondition(spikes)})` : sql`null::int`} as spikes`,
  );
  return row;
}
