/**
 * Time series are zero-filled here and nowhere else: a day or week without tickets is a 0 on
 * the chart, not a gap that a line would bridge or a bar chart would silently skip.
 *
 * And here they are capped: no series has more than MAX_SERIES_POINTS points. A range too long
 * for the buckets asked for is drawn in coarser ones (days → weeks → months → years), so a URL
 * cannot make the server build, and the browser draw, a point per day of eight thousand years.
 */
import { AppError } from '@/db/errors';
import { dayIndexToIso, isoToDayIndex, weekStartDayIndex } from '@/lib/time';
import type { DayRange } from '@/lib/time';

/** From finest to coarsest. */
export const GRANULARITIES = ['day', 'week', 'month', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/**
 * The most points of any series: above a year of days, and more bars than a chart the width of
 * a screen can show apart (about 2 px each at 1280 px).
 */
export const MAX_SERIES_POINTS = 400;

export interface CountPoint {
  /** The first day of the period: the day, the Monday of the week, the 1st of the month or of January. */
  period: string;
  tickets: number;
}

/** The period a local day falls in. */
export function periodOf(day: string, granularity: Granularity): string {
  switch (granularity) {
    case 'day':
      return day;
    case 'week':
      return dayIndexToIso(weekStartDayIndex(isoToDayIndex(day)));
    case 'month':
      return `${day.slice(0, 7)}-01`;
    case 'year':
      return `${day.slice(0, 4)}-01-01`;
  }
}

/** The first day of the period after `period`. */
function nextPeriod(period: string, granularity: Granularity): string {
  const [y, m] = period.split('-').map(Number);
  switch (granularity) {
    case 'day':
      return dayIndexToIso(isoToDayIndex(period) + 1);
    case 'week':
      return dayIndexToIso(isoToDayIndex(period) + 7);
    case 'month':
      return m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${period.slice(0, 5)}${String(m + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${String(y + 1).padStart(4, '0')}-01-01`;
  }
}

/** How many periods of `granularity` a range touches, computed without listing them. */
export function periodCount(range: DayRange, granularity: Granularity): number {
  const from = isoToDayIndex(range.from);
  const to = isoToDayIndex(range.to);
  if (to < from) return 0;
  const [fy, fm] = range.from.split('-').map(Number);
  const [ty, tm] = range.to.split('-').map(Number);
  switch (granularity) {
    case 'day':
      return to - from + 1;
    case 'week':
      return (weekStartDayIndex(to) - weekStartDayIndex(from)) / 7 + 1;
    case 'month':
      return (ty - fy) * 12 + (tm - fm) + 1;
    case 'year':
      return ty - fy + 1;
  }
}

/**
 * The buckets a series over `range` is drawn in: `requested`, or the first coarser one that
 * keeps it within MAX_SERIES_POINTS.
 */
export function seriesGranularity(range: DayRange, requested: Granularity): Granularity {
  for (const g of GRANULARITIES.slice(GRANULARITIES.indexOf(requested))) {
    if (periodCount(range, g) <= MAX_SERIES_POINTS) return g;
  }
  throw new AppError('InvalidInput', `${range.from} – ${range.to} is too long a range to draw, even in years.`, {
    hint: 'Choose a narrower date range.',
  });
}

/** Every period of a range, in order (the first may begin before `from`); refuses more than MAX_SERIES_POINTS. */
export function periodsOf(range: DayRange, granularity: Granularity): string[] {
  const count = periodCount(range, granularity);
  if (count > MAX_SERIES_POINTS) {
    throw new AppError('InvalidInput', `${range.from} – ${range.to} would be ${count.toLocaleString('en-US')} ${granularity}s; a series has at most ${MAX_SERIES_POINTS} points.`, {
      hint: 'Choose a narrower date range or coarser buckets.',
    });
  }
  const out: string[] = [];
  for (let p = periodOf(range.from, granularity); p <= range.to; p = nextPeriod(p, granularity)) out.push(p);
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
  const end = granularity === 'day' ? period : dayIndexToIso(isoToDayIndex(nextPeriod(period, granularity)) - 1);
  return end > range.to ? range.to : end;
}

/** The first day of a period, clipped to the range. */
export function periodStart(period: string, range: DayRange): string {
  return period < range.from ? range.from : period;
}
