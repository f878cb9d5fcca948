/** Links from a chart's bar to the tickets behind it (shared by the chart and its table of numbers). */

export interface VolumeDrillDown {
  /** The page's filters as a query string, without from/to. */
  query: string;
  /** The range shown: a week's link is clipped to it. */
  from: string;
  to: string;
}

function periodRange(period: string, unit: 'day' | 'week', drill: VolumeDrillDown): { from: string; to: string } {
  if (unit === 'day') return { from: period, to: period };
  const end = new Date(`${period}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 6);
  const last = end.toISOString().slice(0, 10);
  return { from: period < drill.from ? drill.from : period, to: last > drill.to ? drill.to : last };
}

/** The tickets list behind one bar. */
export function drillDownHref(period: string, unit: 'day' | 'week', drill: VolumeDrillDown): string {
  const { from, to } = periodRange(period, unit, drill);
  const params = new URLSearchParams(drill.query);
  params.set('from', from);
  params.set('to', to);
  return `/tickets?${params.toString()}`;
}
