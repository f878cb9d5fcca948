/**
 * Time series are zero-filled here and nowhere else: a day or week without tickets is a 0 on
 * the chart, not a gap that a line would bridge or a bar chart would silently skip.
 */
import { dayIndexToIso, isoToDayIndex, weekStartDayIndex } from '@/lib/time';
import type { DayRange } from './filter-sql';

export const GRANULARITIES = ['day', 'week'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface CountPoint {
  /** The day, or the Monday of the week (YYYY-MM-DD). */
  period: string;
  tickets: number;
}

/** The period a local day falls in. */
export function periodOf(day: string, granularity: Granularity): string {
  return granularity === 'day' ? day : dayIndexToIso(weekStartDayIndex(isoToDayIndex(day)));
}

/** Every period of a range, in order (weeks start on Monday; the first may begin before `from`). */
export function periodsOf(range: DayRange, granularity: Granularity): string[] {
  const out: string[] = [];
  const last = isoToDayIndex(range.to);
  const step = granularity === 'day' ? 1 : 7;
  for (let d = isoToDayIndex(periodOf(range.from, granularity)); d <= last; d += step) out.push(dayIndexToIso(d));
  return out;
}

/** One point per period of the range, 0 where `points` has none; points outside are dropped. */
export function zeroFill(points: readonly CountPoint[], range: DayRange, granularity: Granularity): CountPoint[] {
  const byPeriod = new Map<string, number>();
  for (const p of points) byPeriod.set(p.period, (byPeriod.get(p.period) ?? 0) + p.tickets);
  return periodsOf(range, granularity).map((period) => ({ period, tickets: byPeriod.get(period) ?? 0 }));
}

/** The last day of a period, clipped to the range (for "tickets of this bar" links). */
export function periodEnd(period: string, granularity: Granularity, range: DayRange): string {
  if (granularity === 'day') return period;
  const end = dayIndexToIso(isoToDayIndex(period) + 6);
  return end > range.to ? range.to : end;
}

/** The first day of a period, clipped to the range. */
export function periodStart(period: string, range: DayRange): string {
  return period < range.from ? range.from : period;
}
