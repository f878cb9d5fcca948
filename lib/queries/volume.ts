/**
 * What the volume charts read: tickets per day or week (from the rollups whenever the filters
 * allow, from the tickets through an index otherwise), and the release and spike markers drawn
 * on top.
 */
import { and, gte, lt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { Explanation } from '@/db/enums';
import { releases } from '@/db/schema';
import { hasNonDateFilters, needsTicketScan, type Filters } from '@/lib/filters';
import { bucketOf, rangeInstants, rollupConditions, ticketConditions, topicRollupSuffices, type DayRange } from './filter-sql';
import { cachedQuery } from './result-cache';
import { zeroFill, type CountPoint, type Granularity } from './zero-fill';
import type { TopicId } from '@/lib/topic-id';

/**
 * Tickets per period of `range` matching `filters`, zero-filled. `granularity` must keep the
 * series within MAX_SERIES_POINTS (choose it with seriesGranularity); zeroFill refuses otherwise.
 */
export async function getVolumeSeries(db: Db, filters: Filters, range: DayRange, granularity: Granularity, timeZone: string): Promise<CountPoint[]> {
  // From the rollups: kept until the data changes (result-cache.ts); a ticket scan is not kept.
  return needsTicketScan(filters) ? readVolumeSeries(db, filters, range, granularity, timeZone) : cachedVolumeSeries(db, filters, range, granularity, timeZone);
}

const cachedVolumeSeries = cachedQuery('getVolumeSeries', readVolumeSeries);

async function readVolumeSeries(db: Db, filters: Filters, range: DayRange, granularity: Granularity, timeZone: string): Promise<CountPoint[]> {
  const bucket = bucketOf(sql`x.day`, granularity);
  // Group on the date, format afterwards: grouping on the formatted text sorts strings.
  const source = needsTicketScan(filters)
    ? sql`select (t.created_at at time zone ${timeZone})::date as day, 1 as tickets from tickets t
          where ${ticketConditions(filters, range, timeZone)}`
    : topicRollupSuffices(filters)
      ? sql`select d.day, d.tickets from daily_topic_counts d where ${rollupConditions(filters, range, 'd', false)}`
      : sql`select d.day, d.tickets from daily_ticket_counts d where ${rollupConditions(filters, range, 'd')}`;
  const rows = await db
    .select({ period: sql<string>`to_char(b.period, 'YYYY-MM-DD')`, tickets: sql<number>`b.tickets` })
    .from(sql`(select ${bucket} as period, sum(x.tickets)::int as tickets from (${source}) x group by 1) b`)
    .orderBy(sql`b.period`);
  return zeroFill(rows, range, granularity);
}

export interface ReleaseMarker {
  version: string;
  /** Local day of the release. */
  day: string;
}

/** Releases within a range of local days, oldest first. */
export async function listReleaseMarkers(db: Db, range: DayRange, timeZone: string): Promise<ReleaseMarker[]> {
  const { start, end } = rangeInstants(range, timeZone);
  return db
    .select({ version: releases.version, day: sql<string>`to_char(${releases.releasedAt} at time zone ${timeZone}, 'YYYY-MM-DD')` })
    .from(releases)
    .where(and(gte(releases.releasedAt, start), lt(releases.releasedAt, end)))
    .orderBy(releases.releasedAt);
}

export interface SpikeMarker {
  day: string;
  /** Null = all tickets together. */
  topicId: TopicId | null;
  label: string | null;
  count: number;
  expected: number;
  evidence: string;
  /** Its one explanation (issue 14); null for spikes stored before explanations. */
  explanation: Explanation | null;
  /** The plain sentence for a planner; null for spikes stored before explanations. */
  sentence: string | null;
  /** Distinct requesters of the day's tickets in the series; null = unknown. */
  requesters: number | null;
}

/** Which spikes a list or count takes: of one topic (null = unclustered, never tested), of the total volume (no topic), or every spike. */
export interface SpikeScope {
  topic?: TopicId | null;
  allTopics?: boolean;
}

/** The spikes of `scope` under alias `s`. Unclustered tickets (topic null) are not tested for spikes on their own. */
export function spikeScopeCondition(scope: SpikeScope): SQL {
  if (scope.allTopics) return sql`true`;
  if (scope.topic === null) return sql`false`;
  return scope.topic === undefined ? sql`s.topic_id is null` : sql`s.topic_id = ${scope.topic}`;
}

/**
 * The spikes a page with these filters lists and counts: with a topic filter that topic's only,
 * without one every spike (`everyTopic`: the overview's list) or the total's. Null when another
 * filter (priority, channel, organization, customer, version) narrows the tickets: spikes were
 * tested on whole topics, so none of them belongs to the narrowed numbers.
 */
export function spikeScopeFor(filters: Filters, everyTopic: boolean): SpikeScope | null {
  if (hasNonDateFilters({ ...filters, topic: undefined })) return null;
  return filters.topic !== undefined ? { topic: filters.topic } : everyTopic ? { allTopics: true } : {};
}

/**
 * Spikes within a range: of one topic, or of the total volume (`topic` absent) — the spikes that
 * belong on that chart. `allTopics` lists every spike of the range instead.
 */
export async function listSpikeMarkers(db: Db, range: DayRange, scope: SpikeScope): Promise<SpikeMarker[]> {
  return queryRows<SpikeMarker>(
    db,
    sql`select to_char(s.day, 'YYYY-MM-DD') as day, s.topic_id as "topicId", tp.label, s.count, s.expected, s.evidence,
          s.explanation, s.sentence, s.requesters
        from spikes s left join topics tp on tp.id = s.topic_id
        where s.day between ${range.from} and ${range.to} and ${spikeScopeCondition(scope)}
        order by s.day, s.topic_id nulls first`,
  );
}

export interface VolumePanelData {
  points: CountPoint[];
  releases: ReleaseMarker[];
  spikes: SpikeMarker[];
  /** False when a filter other than the topic and dates narrows the bars: spikes are then not listed. */
  spikesApply: boolean;
}

/**
 * What a volume chart shows: the series, release lines and spike markers. Spikes were found on
 * whole topics (or the total), so they are listed only when no filter other than the topic and
 * dates narrows the bars — a spike of all tickets on a chart of high-priority ones would mislead.
 */
export async function getVolumePanel(db: Db, filters: Filters, range: DayRange, granularity: Granularity, timeZone: string): Promise<VolumePanelData> {
  const scope = spikeScopeFor(filters, false);
  const [points, releases, spikes] = await Promise.all([
    getVolumeSeries(db, filters, range, granularity, timeZone),
    listReleaseMarkers(db, range, timeZone),
    scope ? listSpikeMarkers(db, range, scope) : Promise.resolve([]),
  ]);
  return { points, releases, spikes, spikesApply: scope !== null };
}
