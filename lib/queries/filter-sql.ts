/**
 * The WHERE clauses of the dashboard's filters, in one place for every query: over the rollups
 * (day, topic, priority, channel) and over the tickets (everything, with the local-day bounds
 * turned into UTC instants). Values are always bound parameters, never spliced into the SQL.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Filters } from '@/lib/filters';
import { rollupTopicIs } from './rollup-topic';
import { dayIndexToIso, isoToDayIndex, localDayStart, type DayRange } from '@/lib/time';
import type { Granularity } from './zero-fill';

export type { DayRange };

/** The filters' dates, falling back to the data's first and last day. */
export function resolveRange(filters: Filters, data: DayRange | null, today = new Date().toISOString().slice(0, 10)): DayRange {
  const from = filters.from ?? data?.from ?? today;
  const to = filters.to ?? data?.to ?? today;
  return from <= to ? { from, to } : { from: to, to: from };
}

export interface ClampedDates {
  /** The dates to use (absent = from the first / to the last day of the data). */
  from?: string;
  to?: string;
  /** One sentence when the dates asked for were changed, for the page to show; null otherwise. */
  notice: string | null;
}

const shiftDay = (day: string, days: number) => dayIndexToIso(isoToDayIndex(day) + days);

/**
 * Keeps a date range within the data (`data`: the first and last day with tickets), selecting
 * exactly the same tickets: a bound beyond the data is dropped ("from the first day", "to the
 * last"), and a range that misses the data altogether becomes the empty day next to it. So no
 * query, series or time conversion ever spans 0001–9999, whatever the URL says; the notice says
 * what is shown instead.
 */
export function clampToData(dates: { from?: string; to?: string }, data: DayRange | null): ClampedDates {
  const { from, to } = dates;
  if (from === undefined && to === undefined) return { notice: null };
  const asked = `${from ?? 'the start'} – ${to ?? 'the end'}`;
  if (!data) return { notice: `There is no analysed data yet, so ${asked} shows nothing.` };
  if (from !== undefined && from > data.to) {
    const after = shiftDay(data.to, 1);
    return { from: after, to: after, notice: `There are no tickets between ${asked}: the data covers ${data.from} – ${data.to}.` };
  }
  if (to !== undefined && to < data.from) {
    const before = shiftDay(data.from, -1);
    return { from: before, to: before, notice: `There are no tickets between ${asked}: the data covers ${data.from} – ${data.to}.` };
  }
  const kept = { from: from !== undefined && from >= data.from ? from : undefined, to: to !== undefined && to <= data.to ? to : undefined };
  if (kept.from === from && kept.to === to) return { ...kept, notice: null };
  const shown = `${kept.from ?? data.from} – ${kept.to ?? data.to}`;
  const whole = kept.from === undefined && kept.to === undefined;
  return { ...kept, notice: `You asked for ${asked}; showing ${shown}, ${whole ? "the data's range" : `within the data's range (${data.from} – ${data.to})`}.` };
}

/** The filters with their dates kept within the data (see clampToData), and the notice. */
export function clampFiltersToData(filters: Filters, data: DayRange | null): { filters: Filters; notice: string | null } {
  const { from: _from, to: _to, ...rest } = filters;
  const clamped = clampToData(filters, data);
  return {
    filters: { ...rest, ...(clamped.from !== undefined ? { from: clamped.from } : {}), ...(clamped.to !== undefined ? { to: clamped.to } : {}) },
    notice: clamped.notice,
  };
}

/** Whole days in a range, both ends included. */
export function daysIn(range: DayRange): number {
  return isoToDayIndex(range.to) - isoToDayIndex(range.from) + 1;
}

/**
 * The UTC instants bounding a range of local days: [start of `from`, start of the day after `to`).
 * Bind them as ISO strings cast to timestamptz: the postgres driver, as drizzle configures it,
 * does not serialise Date parameters of raw SQL.
 */
export function rangeInstants(range: DayRange, timeZone: string): { start: Date; end: Date } {
  return { start: localDayStart(range.from, timeZone), end: localDayStart(dayIndexToIso(isoToDayIndex(range.to) + 1), timeZone) };
}

/** The first day of the bucket (day, week, month, year) a date column falls in. */
export function bucketOf(dayColumn: SQL, granularity: Granularity): SQL {
  switch (granularity) {
    case 'day':
      return dayColumn;
    case 'week':
      return mondayOf(dayColumn);
    case 'month':
      return sql`date_trunc('month', ${dayColumn})::date`;
    case 'year':
      return sql`date_trunc('year', ${dayColumn})::date`;
  }
}

/**
 * The Monday starting the ISO week of a date column, by day arithmetic (2001-01-01 was a Monday):
 * date_trunc('week', …) goes through timestamptz and costs several times more per row.
 */
export function mondayOf(dayColumn: SQL): SQL {
  return sql`(${dayColumn} - ((((${dayColumn} - date '2001-01-01') % 7) + 7) % 7))`;
}

const and = (parts: SQL[]): SQL => (parts.length === 0 ? sql`true` : sql.join(parts, sql` and `));

/**
 * Conditions on daily_ticket_counts (or daily_topic_counts when `withDimensions` is false) under
 * `alias`: the day range, topic, priority and channel. Organization, customer and version are not
 * in the rollups; callers check `needsTicketScan` first.
 */
export function rollupConditions(filters: Filters, range: DayRange, alias: string, withDimensions = true): SQL {
  const col = (name: string) => sql.raw(`${alias}.${name}`);
  const parts: SQL[] = [sql`${col('day')} between ${range.from} and ${range.to}`];
  if (filters.topic !== undefined) parts.push(rollupTopicIs(col('topic_id'), filters.topic));
  if (withDimensions && filters.priority !== undefined) parts.push(sql`${col('priority')} = ${filters.priority}`);
  if (withDimensions && filters.channel !== undefined) parts.push(sql`${col('channel')} = ${filters.channel}`);
  return and(parts);
}

/** True when the rollup without priority and channel (daily_topic_counts) is enough. */
export function topicRollupSuffices(filters: Filters): boolean {
  return filters.priority === undefined && filters.channel === undefined;
}

/** Conditions on tickets under `alias` for every filter; `range` null = no date bound. */
export function ticketConditions(filters: Filters, range: DayRange | null, timeZone: string, alias = 't'): SQL {
  const col = (name: string) => sql.raw(`${alias}.${name}`);
  const parts: SQL[] = [];
  if (range) {
    const { start, end } = rangeInstants(range, timeZone);
    parts.push(sql`${col('created_at')} >= ${start.toISOString()}::timestamptz and ${col('created_at')} < ${end.toISOString()}::timestamptz`);
  }
  if (filters.topic !== undefined) {
    parts.push(filters.topic === null ? sql`${col('topic_id')} is null` : sql`${col('topic_id')} = ${filters.topic}`);
  }
  if (filters.org !== undefined) parts.push(sql`${col('organization_id')} = ${filters.org}`);
  if (filters.customer !== undefined) {
    parts.push(sql`${col('customer_id')} = (select c.id from customers c where c.key = ${filters.customer})`);
  }
  if (filters.priority !== undefined) parts.push(sql`${col('priority')} = ${filters.priority}`);
  if (filters.channel !== undefined) parts.push(sql`${col('channel')} = ${filters.channel}`);
  if (filters.version !== undefined) parts.push(sql`${col('product_version')} = ${filters.version}`);
  return and(parts);
}
