/**
 * Daily ticket counts per topic and overall, bucketed by local day in an IANA time zone, and
 * weekly (ISO week, Monday start) totals derived from them.
 *
 * A series is `{ startDay, counts }`: counts[i] is the number of tickets on local day
 * `startDay + i` (see `localDayIndex` in @/lib/time). Int32Array keeps 50 topics × 365 days in
 * 73 KB and makes zero-filling free. Series are zero-filled in exactly one place,
 * `zeroFilledSeries`; every other module (spikes, recurrence, pages) gets its series from here.
 */

import { invalidInput } from '@/db/errors';
import { dayIndexToIso, isoToDayIndex, isValidTimeZone, localDayIndex, weekStartDayIndex } from '@/lib/time';
import type { TopicId } from '@/lib/topic-id';

/** The minimum a ticket needs to be counted. Richer rows (with text, customer…) fit this shape too. */
export interface TicketEvent {
  /** Creation instant, epoch milliseconds. */
  createdAt: number;
  /** Topic id; null = not assigned to any topic. */
  topicId: TopicId | null;
}

/** Inclusive range of local day indices. */
export interface DayRange {
  startDay: number;
  endDay: number;
}

export interface DailySeries {
  /** Local day index of counts[0]. */
  startDay: number;
  counts: Int32Array;
}

export interface TopicDailySeries {
  timeZone: string;
  range: DayRange;
  /** Every ticket, clustered or not. */
  total: DailySeries;
  /** Tickets with topicId null. */
  unclustered: DailySeries;
  /** One series per topic seen in the tickets (all over the same range). */
  byTopic: Map<TopicId, DailySeries>;
}

export interface WeeklySeries {
  /** Local day index of the Monday that starts week 0. */
  startWeekDay: number;
  counts: Int32Array;
  /** How many days of each week lie inside the daily range (7 except at the edges). */
  daysCovered: Uint8Array;
}

export interface DayCount {
  day: string; // YYYY-MM-DD
  count: number;
}

/** Number of days in a range. */
export function dayRangeLength(range: DayRange): number {
  return range.endDay - range.startDay + 1;
}

/** A day range from two "YYYY-MM-DD" strings (inclusive); rejects malformed or reversed ranges. */
export function dayRangeFromIso(startIso: string, endIso: string): DayRange {
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  if (!iso.test(startIso) || !iso.test(endIso)) {
    throw invalidInput(`Day range "${startIso}".."${endIso}" is not two YYYY-MM-DD dates.`);
  }
  const range = { startDay: isoToDayIndex(startIso), endDay: isoToDayIndex(endIso) };
  if (range.endDay < range.startDay) throw invalidInput(`Day range ends (${endIso}) before it starts (${startIso}).`);
  return range;
}

/** The local days covered by a list of tickets, or null when there are none. */
export function dayRangeOfTickets(tickets: readonly TicketEvent[], timeZone: string): DayRange | null {
  if (tickets.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const t of tickets) {
    if (t.createdAt < min) min = t.createdAt;
    if (t.createdAt > max) max = t.createdAt;
  }
  return { startDay: localDayIndex(min, timeZone), endDay: localDayIndex(max, timeZone) };
}

/** The only place series are allocated: every day of `range` present, at zero. */
export function zeroFilledSeries(range: DayRange): DailySeries {
  return { startDay: range.startDay, counts: new Int32Array(Math.max(0, dayRangeLength(range))) };
}

/** Count per day of a list of local day indices; days outside `range` are ignored. */
export function countByDay(dayIndices: ArrayLike<number>, range: DayRange): DailySeries {
  const series = zeroFilledSeries(range);
  const { counts, startDay } = series;
  for (let i = 0; i < dayIndices.length; i++) {
    const offset = dayIndices[i] - startDay;
    if (offset >= 0 && offset < counts.length) counts[offset]++;
  }
  return series;
}

/** Local day index of every ticket, in input order. */
export function ticketDayIndices(tickets: readonly TicketEvent[], timeZone: string): Int32Array {
  assertTimeZone(timeZone);
  const days = new Int32Array(tickets.length);
  for (let i = 0; i < tickets.length; i++) days[i] = localDayIndex(tickets[i].createdAt, timeZone);
  return days;
}

export interface DailySeriesOptions {
  timeZone: string;
  /** Days to cover; defaults to the first through the last ticket's local day. */
  range?: DayRange;
}

/**
 * Daily counts overall, for unclustered tickets and per topic, in one pass over the tickets.
 * Tickets outside the range are skipped; a topic with no ticket inside the range is absent.
 */
export function buildDailySeries(tickets: readonly TicketEvent[], options: DailySeriesOptions): TopicDailySeries {
  const { timeZone } = options;
  assertTimeZone(timeZone);
  const range = options.range ?? dayRangeOfTickets(tickets, timeZone) ?? { startDay: 0, endDay: -1 };
  const total = zeroFilledSeries(range);
  const unclustered = zeroFilledSeries(range);
  const byTopic = new Map<TopicId, DailySeries>();
  const length = total.counts.length;
  // Tickets of one topic tend to come in runs; remembering the last lookup skips most Map.get calls.
  let lastTopic: TopicId | null = null;
  let lastCounts: Int32Array | null = null;
  for (let i = 0; i < tickets.length; i++) {
    const ticket = tickets[i];
    const offset = localDayIndex(ticket.createdAt, timeZone) - range.startDay;
    if (offset < 0 || offset >= length) continue;
    total.counts[offset]++;
    const topicId = ticket.topicId;
    if (topicId === null) {
      unclustered.counts[offset]++;
      continue;
    }
    if (topicId !== lastTopic || lastCounts === null) {
      let series = byTopic.get(topicId);
      if (!series) {
        series = zeroFilledSeries(range);
        byTopic.set(topicId, series);
      }
      lastTopic = topicId;
      lastCounts = series.counts;
    }
    lastCounts[offset]++;
  }
  return { timeZone, range, total, unclustered, byTopic };
}

/** The same counts over another range, zero-filled where the original has no data. */
export function sliceSeries(series: DailySeries, range: DayRange): DailySeries {
  const result = zeroFilledSeries(range);
  const from = Math.max(range.startDay, series.startDay);
  const to = Math.min(range.endDay, series.startDay + series.counts.length - 1);
  if (to >= from) {
    result.counts.set(series.counts.subarray(from - series.startDay, to - series.startDay + 1), from - range.startDay);
  }
  return result;
}

/** Sum of counts over the days of `range` (clipped to the series). */
export function sumOverRange(series: DailySeries, range: DayRange): number {
  let sum = 0;
  const from = Math.max(range.startDay, series.startDay) - series.startDay;
  const to = Math.min(range.endDay, series.startDay + series.counts.length - 1) - series.startDay;
  for (let i = from; i <= to; i++) sum += series.counts[i];
  return sum;
}

/**
 * Weekly totals over ISO weeks (Monday start), summed from the daily series. Edge weeks that
 * the daily range only partly covers are kept, with `daysCovered` < 7 so a chart can mark them.
 */
export function toWeeklySeries(daily: DailySeries): WeeklySeries {
  const days = daily.counts.length;
  if (days === 0) return { startWeekDay: weekStartDayIndex(daily.startDay), counts: new Int32Array(0), daysCovered: new Uint8Array(0) };
  const startWeekDay = weekStartDayIndex(daily.startDay);
  const lastDay = daily.startDay + days - 1;
  const weeks = (weekStartDayIndex(lastDay) - startWeekDay) / 7 + 1;
  const counts = new Int32Array(weeks);
  const daysCovered = new Uint8Array(weeks);
  for (let i = 0; i < days; i++) {
    const week = Math.floor((daily.startDay + i - startWeekDay) / 7);
    counts[week] += daily.counts[i];
    daysCovered[week]++;
  }
  return { startWeekDay, counts, daysCovered };
}

/** Plain `{ day, count }` points for charts, tables and JSON. */
export function seriesPoints(series: DailySeries): DayCount[] {
  return Array.from(series.counts, (count, i) => ({ day: dayIndexToIso(series.startDay + i), count }));
}

/** Plain `{ weekStart, count, days }` points of a weekly series. */
export function weeklyPoints(series: WeeklySeries): { weekStart: string; count: number; days: number }[] {
  return Array.from(series.counts, (count, i) => ({
    weekStart: dayIndexToIso(series.startWeekDay + 7 * i),
    count,
    days: series.daysCovered[i],
  }));
}

/** Throws InvalidInput unless `timeZone` is an IANA zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw invalidInput(`Unknown time zone "${timeZone}".`, 'Use an IANA name such as "Europe/Berlin" or "UTC".');
  }
}
