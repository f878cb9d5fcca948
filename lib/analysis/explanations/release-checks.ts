/**
 * The checks a release-window change must survive to be called a release effect (issue 14): a
 * release effect is a sustained level shift that starts at the release and holds over the
 * after-window, not one or two busy days that happened to fall in it.
 *
 * Each check re-runs the release test's own comparison (Fisher's exact test of the topic's
 * before/after counts against the other tickets' — see release-impact.ts) on the same windows
 * with some days left out, for the topic and its exposure alike so the two stay comparable:
 * - the days of the topic's own recurring episodes (its own cycle, not the release);
 * - days explained as bulk filings or incidents;
 * - the topic's 2 busiest days on the side that drives the change (after for a rise, before for
 *   a fall): a shift that holds over 14 days survives losing two of them, a one-day burst does not.
 * A survivor must still reach p ≤ `alpha` (0.05) in the same direction and beyond the smallest
 * reported ratio (×1.25). This is a confirmation of a change the release test already selected
 * (with Benjamini–Hochberg), so the per-change level is not adjusted again.
 *
 * Whether the shift starts at the release (and not with a trend or an earlier release) is
 * step-test.ts.
 */
import { DAY_MS } from '@/lib/time';
import { fisherExactTest } from '../stats/fisher-exact';
import { firstAtOrAfter, type TicketTable } from './ticket-table';
import type { ChangeKind } from './types';

export interface ReleaseCheckOptions {
  beforeDays: number;
  afterDays: number;
  alpha: number;
  minRateRatio: number;
  /** Busiest days of the driving side left out by the sustained check (2). */
  dropDays: number;
}

export const RELEASE_CHECK_DEFAULTS: ReleaseCheckOptions = {
  beforeDays: 28,
  afterDays: 14,
  alpha: 0.05,
  minRateRatio: 1.25,
  dropDays: 2,
};

export interface CheckSubject {
  table: TicketTable;
  /** Tickets in the release's scope (its product's); null = all. */
  mask: Uint8Array | null;
  releasedAt: number;
  topic: number;
  kind: ChangeKind;
  /** Other topics left out of the exposure (the release's other changed topics). */
  excludedTopics: ReadonlySet<number>;
}

export interface Retest {
  before: number;
  after: number;
  exposureBefore: number;
  exposureAfter: number;
  /** After/before ratio relative to the exposure (Infinity with none before). */
  ratio: number;
  pValue: number;
  significant: boolean;
  /** Days left out by the sustained check (local day indices). */
  dropped: number[];
}

interface SideCounts {
  /** day → [topic tickets, exposure tickets] */
  byDay: Map<number, [number, number]>;
}

function countSide(subject: CheckSubject, from: number, to: number, excludedDays: ReadonlySet<number>): SideCounts {
  const { table, mask, topic, excludedTopics } = subject;
  const byDay = new Map<number, [number, number]>();
  const end = firstAtOrAfter(table, to);
  for (let i = firstAtOrAfter(table, from); i < end; i++) {
    if (mask !== null && mask[i] === 0) continue;
    const day = table.days[i];
    if (excludedDays.has(day)) continue;
    const k = table.topicOf[i];
    if (k !== topic && k >= 0 && excludedTopics.has(k)) continue;
    let cell = byDay.get(day);
    if (!cell) {
      cell = [0, 0];
      byDay.set(day, cell);
    }
    if (k === topic) cell[0]++;
    else cell[1]++;
  }
  return { byDay };
}

function totals(side: SideCounts, dropped: ReadonlySet<number>): [number, number] {
  let topic = 0;
  let exposure = 0;
  for (const [day, [t, e]] of side.byDay) {
    if (dropped.has(day)) continue;
    topic += t;
    exposure += e;
  }
  return [topic, exposure];
}

/** The topic's `n` busiest days on one side (most tickets first, then earliest). */
function busiestDays(side: SideCounts, n: number): number[] {
  return [...side.byDay]
    .filter(([, [t]]) => t > 0)
    .sort((a, b) => b[1][0] - a[1][0] || a[0] - b[0])
    .slice(0, n)
    .map(([day]) => day);
}

/**
 * The release test on the windows without `excludedDays`, and without the topic's `dropDays`
 * busiest days of the driving side when `sustained` is set.
 */
export function retestChange(
  subject: CheckSubject,
  excludedDays: ReadonlySet<number>,
  sustained: boolean,
  o: ReleaseCheckOptions = RELEASE_CHECK_DEFAULTS,
): Retest {
  const t = subject.releasedAt;
  const beforeSide = countSide(subject, t - o.beforeDays * DAY_MS, t, excludedDays);
  const afterSide = countSide(subject, t, t + o.afterDays * DAY_MS, excludedDays);
  const falling = subject.kind === 'improvement';
  const dropped = sustained ? busiestDays(falling ? beforeSide : afterSide, o.dropDays) : [];
  const droppedSet = new Set(dropped);
  const [before, exposureBefore] = totals(beforeSide, falling ? droppedSet : new Set());
  const [after, exposureAfter] = totals(afterSide, falling ? new Set() : droppedSet);
  const result = { before, after, exposureBefore, exposureAfter, dropped };
  if (exposureBefore === 0 || exposureAfter === 0) return { ...result, ratio: NaN, pValue: 1, significant: false };
  const test = fisherExactTest(after, before, exposureAfter, exposureBefore, 0.95, false);
  if (subject.kind === 'new_topic') {
    // Still "all after, none before", and still more than chance would put after.
    const significant = after > 0 && before === 0 && test.pValueGreater <= o.alpha;
    return { ...result, ratio: test.oddsRatio, pValue: test.pValueGreater, significant };
  }
  const ratio = test.oddsRatio;
  const bigEnough = falling ? ratio <= 1 / o.minRateRatio : ratio >= o.minRateRatio;
  return { ...result, ratio, pValue: test.pValue, significant: test.pValue <= o.alpha && bigEnough };
}
