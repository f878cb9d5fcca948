/**
 * What a release test could have seen: the smallest change it finds with 80% power, so that
 * "no significant change" is read as "no change of ×2.5 or more in a topic this size", not as
 * "nothing changed" (issue 14: on a real export nothing below ×4 could have been detected).
 *
 * The model is the release test's own (release-impact.ts), in its large-exposure form: a topic
 * with N tickets in the before window and a true after/before rate ratio r (relative to the
 * other tickets) has before ~ Poisson(N), after ~ Poisson(r·N·w), w = other tickets after /
 * before. Given n = before + after, after ~ Binomial(n, r·w / (1 + r·w)); the test rejects when
 * the two-sided binomial p-value at r = 1 is ≤ `level` and the observed ratio is beyond
 * `minRateRatio`. Power = Σₙ P(n) · P(reject | n), exactly (no simulation). `level` is what a
 * lone change must reach under Benjamini–Hochberg among m tested topics: fdr / m.
 * Checked against simulations of detectReleaseImpact in test/analysis/explanations/power.test.ts.
 */
import { binomialTestTwoSided } from '../stats/exact-tests';
import { binomialCdf, binomialUpperTail, poissonPmf } from '../stats/distributions';

export interface PowerInput {
  /** The topic's tickets in the before window. */
  beforeTickets: number;
  /** Other tickets in the after window / in the before window (14 vs 28 days: about 0.5). */
  exposureRatio: number;
  /** Two-sided level a single test must reach (fdr / tested topics). */
  level: number;
  /** Smallest ratio (or inverse) the release test reports (1.25). */
  minRateRatio: number;
}

/** Smallest `after` out of n at which the test calls a rise (n + 1 = never). */
function riseCritical(n: number, p0: number, input: PowerInput): number {
  const floorRatio = input.minRateRatio * input.exposureRatio;
  const byRatio = Math.ceil((n * floorRatio) / (1 + floorRatio) - 1e-9);
  let lo = Math.max(Math.ceil(n * p0), byRatio, 0);
  let hi = n + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (binomialTestTwoSided(mid, n, p0) <= input.level) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Largest `after` out of n at which the test calls a fall (−1 = never). */
function fallCritical(n: number, p0: number, input: PowerInput): number {
  const floorRatio = input.exposureRatio / input.minRateRatio;
  const byRatio = Math.floor((n * floorRatio) / (1 + floorRatio) + 1e-9);
  let lo = -1;
  let hi = Math.min(Math.floor(n * p0), byRatio, n);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (binomialTestTwoSided(mid, n, p0) <= input.level) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Critical values by n, which do not depend on the true ratio: computed once per search. */
type CriticalCache = Map<number, number>;

/** Probability that the release test finds a true ratio `ratio` (> 1: a rise, < 1: a fall). */
export function releaseTestPower(ratio: number, input: PowerInput, cache: CriticalCache = new Map()): number {
  const w = input.exposureRatio;
  const p0 = w / (1 + w);
  const pr = (ratio * w) / (1 + ratio * w);
  const mean = input.beforeTickets * (1 + ratio * w);
  const spread = 7 * Math.sqrt(mean) + 10;
  let power = 0;
  for (let n = Math.max(0, Math.floor(mean - spread)); n <= Math.ceil(mean + spread); n++) {
    const pn = poissonPmf(n, mean);
    if (pn < 1e-10) continue;
    let c = cache.get(n);
    if (c === undefined) {
      c = ratio >= 1 ? riseCritical(n, p0, input) : fallCritical(n, p0, input);
      cache.set(n, c);
    }
    if (ratio >= 1) {
      if (c <= n) power += pn * binomialUpperTail(c, n, pr);
    } else if (c >= 0) {
      power += pn * binomialCdf(c, n, pr);
    }
  }
  return Math.min(1, power);
}

/**
 * The smallest rise (a ratio > 1) or the largest fall (a ratio < 1) found with `power`
 * (default 0.8); null when even ×1000 (or a fall to ×0.001) would not be. Bisection on the log
 * ratio (to 1%): power grows monotonically with the size of the change.
 */
export function minDetectableRatio(input: PowerInput, direction: 'rise' | 'fall', power = 0.8): number | null {
  const sign = direction === 'rise' ? 1 : -1;
  const cache: CriticalCache = new Map();
  const at = (logRatio: number) => releaseTestPower(Math.exp(sign * logRatio), input, cache);
  // Widen the bracket from ×2 up: a huge ratio on a big topic means a huge n to sum over.
  let lo = 0;
  let hi = Math.log(2);
  while (at(hi) < power) {
    if (hi >= Math.log(1000)) return null;
    lo = hi;
    hi = Math.min(hi * 2, Math.log(1000));
  }
  while (hi - lo > 0.01) {
    const mid = (lo + hi) / 2;
    if (at(mid) >= power) hi = mid;
    else lo = mid;
  }
  return Math.exp(sign * hi);
}
