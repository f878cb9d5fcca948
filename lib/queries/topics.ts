/**
 * The Topics table: every active topic with its tickets in the filtered range, weekly sparkline
 * and reach. Counts come from the rollups unless a filter needs the tickets (organization,
 * customer, version), then from the tickets through their indexes.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { needsTicketScan, type Filters } from '@/lib/filters';
import { bucketOf, rollupConditions, ticketConditions, topicRollupSuffices, type DayRange } from './filter-sql';
import { cachedQuery } from './result-cache';
import { seriesGranularity, zeroFill, type CountPoint } from './zero-fill';
import { rollupHasTopic, rollupTopicIs, rollupTopicKey } from './rollup-topic';
import type { TopicId } from '@/lib/topic-id';

export interface TopicListRow {
  id: TopicId;
  label: string;
  labelLocked: boolean;
  /** Tickets in the range matching the filters. */
  tickets: number;
  /** Distinct customers over all time (the analysis' count). */
  customersAllTime: number;
  ticketsAllTime: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

/** Per-topic ticket counts for the filters (keyed as in the rollups: see rollup-topic.ts), from the cheapest source that can answer. */
function countsByTopic(filters: Filters, range: DayRange, timeZone: string) {
  if (needsTicketScan(filters)) {
    return sql`select ${rollupTopicKey(sql`t.topic_id`)} as topic_id, count(*)::int as tickets from tickets t
               where ${ticketConditions(filters, range, timeZone)} group by 1`;
  }
  if (topicRollupSuffices(filters)) {
    return sql`select d.topic_id, sum(d.tickets)::int as tickets from daily_topic_counts d
               where ${rollupConditions(filters, range, 'd', false)} group by 1`;
  }
  return sql`select d.topic_id, sum(d.tickets)::int as tickets from daily_ticket_counts d
             where ${rollupConditions(filters, range, 'd')} group by 1`;
}

/** Active topics with tickets matching the filters, most tickets first. */
export async function listTopicRows(db: Db, filters: Filters, range: DayRange, timeZone: string): Promise<TopicListRow[]> {
  return queryRows<TopicListRow>(
    db,
    sql`select tp.id, tp.label, tp.label_locked as "labelLocked", c.tickets, tp.customers as "customersAllTime",
          tp.tickets as "ticketsAllTime", to_char(tp.first_seen, 'YYYY-MM-DD') as "firstSeen",
          to_char(tp.last_seen, 'YYYY-MM-DD') as "lastSeen"
        from (${countsByTopic(filters, range, timeZone)}) c join topics tp on tp.id = c.topic_id
        where tp.status = 'active' and c.tickets > 0
        order by c.tickets desc, tp.id`,
  );
}

/** Unclustered tickets (no topic found) matching the filters. */
export async function countUnclustered(db: Db, filters: Filters, range: DayRange, timeZone: string): Promise<number> {
  const [row] = await queryRows<{ tickets: number }>(
    db,
    sql`select coalesce(sum(c.tickets), 0)::int as tickets from (${countsByTopic(filters, range, timeZone)}) c where ${rollupTopicIs(sql`c.topic_id`, null)}`,
  );
  return row.tickets;
}

/**
 * Tickets per topic over the range (zero-filled), for the sparklines: weekly, or coarser when a
 * weekly line would exceed MAX_SERIES_POINTS.
 */
export async function listTopicWeeklyCounts(db: Db, filters: Filters, range: DayRange, timeZone: string): Promise<Map<string, number[]>> {
  // From the rollups: kept until the data changes (result-cache.ts); a ticket scan is not kept.
  if (needsTicketScan(filters)) return new Map(await readTopicWeeklyCounts(db, filters, range, timeZone));
  return new Map(await cachedTopicWeeklyCounts(db, filters, range, timeZone));
}

const cachedTopicWeeklyCounts = cachedQuery('listTopicWeeklyCounts', readTopicWeeklyCounts);

async function readTopicWeeklyCounts(db: Db, filters: Filters, range: DayRange, timeZone: string): Promise<[string, number[]][]> {
  const source = needsTicketScan(filters)
    ? sql`select t.topic_id, (t.created_at at time zone ${timeZone})::date as day, 1 as tickets from tickets t
          where ${ticketConditions(filters, range, timeZone)} and t.topic_id is not null`
    : topicRollupSuffices(filters)
      ? sql`select d.topic_id, d.day, d.tickets from daily_topic_counts d where ${rollupConditions(filters, range, 'd', false)} and ${rollupHasTopic(sql`d.topic_id`)}`
      : sql`select d.topic_id, d.day, d.tickets from daily_ticket_counts d where ${rollupConditions(filters, range, 'd')} and ${rollupHasTopic(sql`d.topic_id`)}`;
  const granularity = seriesGranularity(range, 'week');
  const rows = await queryRows<{ topicId: string; period: string; tickets: number }>(
    db,
    sql`select w.topic_id as "topicId", to_char(w.week, 'YYYY-MM-DD') as period, w.tickets
        from (select x.topic_id, ${bucketOf(sql`x.day`, granularity)} as week, sum(x.tickets)::int as tickets
              from (${source}) x group by 1, 2) w`,
  );
  const byTopic = new Map<string, CountPoint[]>();
  for (const r of rows) {
    let list = byTopic.get(r.topicId);
    if (!list) byTopic.set(r.topicId, (list = []));
    list.push({ period: r.period, tickets: r.tickets });
  }
  return [...byTopic].map(([topic, points]) => [topic, zeroFill(points, range, granularity).map((p) => p.tickets)]);
}

/**
 * Distinct customers per topic among the tickets matching the filters. Reads the tickets of the
 * range (through the created_at index), so pages use it only for a narrowed view; the all-time
 * figure is stored on the topic.
 */
export async function countTopicCustomers(db: Db, filters: Filters, range: DayRange, timeZone: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ topicId: string; customers: number }>(
    db,
    sql`select t.topic_id as "topicId", count(distinct t.customer_id)::int as customers from tickets t
        where ${ticketConditions(filters, range, timeZone)} and t.topic_id is not null group by 1`,
  );
  return new Map(rows.map((r) => [r.topicId, r.customers]));
}

export interface TopicOption {
  id: TopicId;
  label: string;
  tickets: number;
}

export interface FilterOptions {
  topics: TopicOption[];
  organizations: { id: number; name: string }[];
  channels: string[];
  versions: string[];
}

/**
 * What the filter bar offers, in one statement: active topics, organizations (by name, at most
 * 1,000), and the channels and product versions by index skip-scans (a recursive query that
 * jumps from one distinct value to the next through an index instead of reading every row).
 * Every page shows the filter bar: kept until the data changes (result-cache.ts).
 */
export const listFilterOptions = cachedQuery('listFilterOptions', readFilterOptions);

async function readFilterOptions(db: Db): Promise<FilterOptions> {
  const [row] = await queryRows<{ topics: TopicOption[] | null; organizations: { id: number; name: string }[] | null; channels: string[] | null; versions: string[] | null }>(
    db,
    sql`select
      (select json_agg(json_build_object('id', id, 'label', label, 'tickets', tickets) order by tickets desc, id)
         from topics where status = 'active') as topics,
      (select json_agg(json_build_object('id', id, 'name', name) order by name)
         from (select id, name from organizations order by name limit 1000) o) as organizations,
      (with recursive c(channel) as (
          (select channel from daily_ticket_counts where channel <> '' order by channel limit 1)
          union all
          select (select channel from daily_ticket_counts where channel > c.channel order by channel limit 1)
          from c where c.channel is not null)
       select json_agg(channel) from (select channel from c where channel is not null limit 200) x) as channels,
      (with recursive v(version) as (
          (select product_version from tickets where product_version is not null order by product_version limit 1)
          union all
          select (select product_version from tickets where product_version > v.version order by product_version limit 1)
          from v where v.version is not null)
       select json_agg(version) from (select version from v where version is not null limit 500) x) as versions`,
  );
  return {
    topics: row.topics ?? [],
    organizations: row.organizations ?? [],
    channels: row.channels ?? [],
    versions: sortVersions(row.versions ?? []),
  };
}

/** Versions in release order ("5.10.0" after "5.9.0"), not text order. */
function sortVersions(versions: string[]): string[] {
  return [...versions].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Labels of the given topics (any status), for findings that store only ids. */
export async function listTopicLabels(db: Db, topicIds: readonly string[]): Promise<Map<string, string>> {
  if (topicIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; label: string }>(
    db,
    sql`select id, label from topics where id in (select value from json_array_elements_text(${JSON.stringify([...new Set(topicIds)])}::json))`,
  );
  return new Map(rows.map((r) => [r.id, r.label]));
}
