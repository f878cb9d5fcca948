/** Links from a chart's bar to the tickets behind it (shared by the chart and its table of numbers). */
import { periodEnd, periodStart, type Granularity } from '@/lib/queries/zero-fill';

export interface VolumeDrillDown {
  /** The page's filters as a query string, without from/to. */
  query: string;
  /** The range shown: a week's (month's, year's) link is clipped to it. */
  from: string;
  to: string;
}

/** The tickets list behind one bar. */
export function drillDownHref(period: string, unit: Granularity, drill: VolumeDrillDown): string {
  const params = new URLSearchParams(drill.query);
  params.set('from', periodStart(period, drill));
  params.set('to', periodEnd(period, unit, drill));
  return `/tickets?${params.toString()}`;
}
