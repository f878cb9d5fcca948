/**
 * Pain points: which topics hurt customers most right now, ranked by one explainable score.
 *
 *   impact = reach × severity × trend
 *   reach    = distinct customers with a ticket in the last `windowDays` (28) days
 *              (the ticket count when the topic's tickets carry no customer)
 *   severity = (1 + reopen share) × clamp(√(topic median time to resolve / median of all topics), ½, 2)
 *   trend    = clamp(rate ratio last window / previous window, ½, 2) when the change is
 *              significant (Benjamini–Hochberg across topics), else 1
 *
 * Reach dominates on purpose: a slow, reopened issue of three customers should not outrank one
 * that 200 customers hit this month; severity and trend can move a topic by at most ×4 and ×2.
 * The square root damps resolution time, whose spread across topics is wide and skewed.
 *
 * The trend compares absolute volume (exposure = days covered), not the share of volume as the
 * release analysis does: for pain and team load, a topic growing with the business still grows.
 * Test: exact conditional Poisson rate comparison (binomial test, Clopper–Pearson interval).
 */

import { DAY_MS } from '@/lib/time';
import type { TicketEvent } from './series';
import { compareRates } from './stats/exact-tests';
import { benjaminiHochberg } from './stats/multiple-testing';
import { median } from './stats/descriptive';
import { formatPValue, formatRatio, roundTo } from './stats/format';
import { DEFAULT_ANALYSIS_WINDOWS } from './windows';
import { TREND_DIRECTIONS, type TrendDirection } from '@/db/enums';
import { compareTopicIds, type TopicId } from '@/lib/topic-id';

export interface PainPointTicket extends TicketEvent {
  /** Requester or organisation; distinct values measure reach. */
  customer?: string | null;
  /** Epoch ms; null while open. */
  resolvedAt?: number | null;
  reopened?: boolean;
}

export interface PainPointOptions {
  /** End of the recent window, epoch ms (default: the last ticket). */
  asOf?: number;
  /** Length of the recent and of the previous window (default 28 days). */
  windowDays?: number;
  /** FDR for calling a trend rising or falling (default 0.05). */
  fdr?: number;
  confidence?: number;
}

export { TREND_DIRECTIONS, type TrendDirection };

export interface Trend {
  recent: number;
  previous: number;
  /** Per-day rate ratio recent / previous; null = unbounded (nothing before) or no previous data. */
  rateRatio: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number;
  qValue: number;
  direction: TrendDirection;
}

export interface PainPoint {
  rank: number;
  topicId: TopicId;
  impact: number;
  /** Tickets in the recent window. */
  tickets: number;
  customers: number;
  /** Over tickets created in both windows and resolved (null when none is). */
  medianHoursToResolve: number | null;
  /** Share of tickets created in both windows that were reopened. */
  reopenShare: number;
  trend: Trend;
  summary: string;
}

const DEFAULTS = { windowDays: DEFAULT_ANALYSIS_WINDOWS.painPointDays, fdr: 0.05, confidence: 0.95 };

interface TopicTally {
  recent: number;
  previous: number;
  customers: Set<string>;
  withCustomer: number;
  hoursToResolve: number[];
  reopened: number;
  created: number;
}

/** Topics with tickets in the recent window, ranked by impact (see the formula above). */
export function rankPainPoints(tickets: readonly PainPointTicket[], options: PainPointOptions = {}): PainPoint[] {
  const o = { ...DEFAULTS, ...options };
  if (tickets.length === 0) return [];
  let first = Infinity;
  let last = -Infinity;
  for (const t of tickets) {
    first = Math.min(first, t.createdAt);
    last = Math.max(last, t.createdAt);
  }
  const asOf = o.asOf ?? last;
  const window = o.windowDays * DAY_MS;
  const recentStart = asOf - window; // recent = (asOf − window, asOf]
  const previousStart = recentStart - window;
  // Days of the previous window the data covers: a young install has less history.
  const previousDays = Math.max(0, Math.min(o.windowDays, (recentStart - Math.max(first, previousStart)) / DAY_MS));

  const tallies = new Map<TopicId, TopicTally>();
  for (const t of tickets) {
    if (t.topicId === null || t.createdAt <= previousStart || t.createdAt > asOf) continue;
    let tally = tallies.get(t.topicId);
    if (!tally) {
      tally = { recent: 0, previous: 0, customers: new Set(), withCustomer: 0, hoursToResolve: [], reopened: 0, created: 0 };
      tallies.set(t.topicId, tally);
    }
    tally.created++;
    if (t.reopened) tally.reopened++;
    if (t.resolvedAt != null && t.resolvedAt >= t.createdAt) tally.hoursToResolve.push((t.resolvedAt - t.createdAt) / 3_600_000);
    if (t.createdAt > recentStart) {
      tally.recent++;
      if (t.customer) {
        tally.customers.add(t.customer);
        tally.withCustomer++;
      }
    } else {
      tally.previous++;
    }
  }

  const topics = [...tallies].filter(([, t]) => t.recent > 0);
  const topicMedians = topics.map(([, t]) => (t.hoursToResolve.length ? median(t.hoursToResolve) : NaN));
  const typicalHours = median(topicMedians.filter((h) => Number.isFinite(h)));
  const tests = topics.map(([, t]) =>
    previousDays > 0 ? compareRates(t.recent, o.windowDays, t.previous, previousDays, o.confidence) : null,
  );
  const q = benjaminiHochberg(tests.map((r) => r?.pValue ?? 1));

  const points = topics.map(([topicId, t], i): Omit<PainPoint, 'rank'> => {
    const test = tests[i];
    const significant = test !== null && q[i] <= o.fdr;
    const direction: TrendDirection = !significant ? 'steady' : test.rateRatio > 1 ? 'rising' : 'falling';
    const trend: Trend = {
      recent: t.recent,
      previous: t.previous,
      rateRatio: test && Number.isFinite(test.rateRatio) ? roundTo(test.rateRatio) : null,
      ciLow: test ? roundTo(test.ciLow) : null,
      ciHigh: test && Number.isFinite(test.ciHigh) ? roundTo(test.ciHigh) : null,
      pValue: test?.pValue ?? 1,
      qValue: q[i],
      direction,
    };
    const reach = t.withCustomer > 0 ? t.customers.size : t.recent;
    const hours = topicMedians[i];
    const ttrFactor = Number.isFinite(hours) && typicalHours > 0 ? clamp(Math.sqrt(hours / typicalHours), 0.5, 2) : 1;
    const reopenShare = t.reopened / t.created;
    const trendFactor = significant ? clamp(test.rateRatio, 0.5, 2) : 1;
    const impact = reach * (1 + reopenShare) * ttrFactor * trendFactor;
    const point = {
      topicId,
      impact: roundTo(impact, 2),
      tickets: t.recent,
      customers: t.customers.size,
      medianHoursToResolve: Number.isFinite(hours) ? roundTo(hours, 1) : null,
      reopenShare: roundTo(reopenShare),
      trend,
      summary: '',
    };
    point.summary = summarise(point, o.windowDays);
    return point;
  });
  return points
    .sort((a, b) => b.impact - a.impact || b.tickets - a.tickets || compareTopicIds(a.topicId, b.topicId))
    .map((p, i) => ({ rank: i + 1, ...p }));
}

function summarise(p: Omit<PainPoint, 'rank'>, windowDays: number): string {
  const who = p.customers > 0 ? ` from ${p.customers} customer${p.customers === 1 ? '' : 's'}` : '';
  const trend =
    p.trend.direction === 'steady'
      ? `steady (${p.trend.previous} the ${windowDays} days before)`
      : `${p.trend.direction} ${p.trend.rateRatio === null ? 'from none' : formatRatio(p.trend.rateRatio)} (p = ${formatPValue(p.trend.pValue)})`;
  const resolve = p.medianHoursToResolve === null ? 'none resolved yet' : `median ${formatHours(p.medianHoursToResolve)} to resolve`;
  return `${p.tickets} tickets${who} in the last ${windowDays} days, ${trend}; ${resolve}, ${Math.round(p.reopenShare * 100)}% reopened`;
}

/**
 * The trend cell of a table: ▲/▼ only when the trend test called it rising or falling,
 * otherwise "steady" with the counts — a raw +300% (4 vs 1 tickets) is not a trend, and an
 * arrow that contradicts the test misleads a planner (issue 14).
 */
export function trendMarker(trend: Pick<Trend, 'direction' | 'rateRatio' | 'recent' | 'previous'>): string {
  if (trend.direction === 'rising') return trend.rateRatio === null ? '▲ new' : `▲ rising ${formatRatio(trend.rateRatio)}`;
  if (trend.direction === 'falling') return `▼ falling ${trend.rateRatio === null ? '' : formatRatio(trend.rateRatio)}`.trimEnd();
  return `steady (${trend.recent} vs ${trend.previous})`;
}

function formatHours(hours: number): string {
  return hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} d`;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
