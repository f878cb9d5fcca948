/**
 * Exact tests on counts: the two-sided binomial test, the Clopper–Pearson interval and the
 * conditional test of two Poisson rates built on them (the same construction as R's
 * `binom.test` and two-sample `poisson.test`).
 */

import { binomialCdf, binomialPmf, binomialUpperTail } from './distributions';
import { betaQuantile } from './special-functions';

// R's fuzz for "as probable as the observed outcome": floating-point pmf values that are equal in
// exact arithmetic must count on both sides.
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Two-sided exact binomial test of k successes in n trials against probability p: the sum of the
 * probabilities of all outcomes no more likely than k (the "minimum likelihood" p-value of
 * R's `binom.test`, with its relative tolerance 1e-7). The opposite tail is found by bisection on
 * the monotone side of the pmf, so the cost is O(log n) rather than O(n).
 */
export function binomialTestTwoSided(k: number, n: number, p: number): number {
  if (n === 0) return 1;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const observed = binomialPmf(k, n, p) * RELATIVE_TOLERANCE;
  const mean = n * p;
  if (k === mean) return 1;
  if (k < mean) {
    // pmf is non-increasing on [ceil(mean), n]: find the first i there with pmf(i) ≤ observed.
    let lo = Math.ceil(mean);
    let hi = n + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (binomialPmf(mid, n, p) <= observed) hi = mid;
      else lo = mid + 1;
    }
    return Math.min(1, binomialCdf(k, n, p) + (lo <= n ? binomialUpperTail(lo, n, p) : 0));
  }
  // pmf is non-decreasing on [0, floor(mean)]: find the last i there with pmf(i) ≤ observed.
  let lo = -1;
  let hi = Math.floor(mean);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (binomialPmf(mid, n, p) <= observed) lo = mid;
    else hi = mid - 1;
  }
  return Math.min(1, (lo >= 0 ? binomialCdf(lo, n, p) : 0) + binomialUpperTail(k, n, p));
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * Clopper–Pearson ("exact") interval for a binomial proportion k/n: the beta quantiles
 * B(α/2; k, n − k + 1) and B(1 − α/2; k + 1, n − k) (Clopper & Pearson 1934, Biometrika 26:404).
 */
export function clopperPearson(k: number, n: number, confidence = 0.95): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const alpha = 1 - confidence;
  return {
    low: k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1),
    high: k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k),
  };
}

export interface RateComparison {
  /** (countA / exposureA) / (countB / exposureB); Infinity when countB is 0, NaN when both are. */
  rateRatio: number;
  ciLow: number;
  ciHigh: number;
  /** Two-sided exact p-value for "the two rates are equal". */
  pValue: number;
  /** Share of the combined count expected in A under equal rates: exposureA / (exposureA + exposureB). */
  expectedShareA: number;
}

/**
 * Exact conditional comparison of two Poisson rates: given n = countA + countB, countA ~
 * Binomial(n, p0) with p0 = exposureA / (exposureA + exposureB) under equal rates. The p-value is
 * the two-sided binomial test and the interval maps the Clopper–Pearson interval of the share,
 * π ↦ π / (1 − π) · exposureB / exposureA (Przyborowski & Wilenski 1940; R's two-sample `poisson.test`).
 */
export function compareRates(
  countA: number,
  exposureA: number,
  countB: number,
  exposureB: number,
  confidence = 0.95,
): RateComparison {
  const n = countA + countB;
  const p0 = exposureA / (exposureA + exposureB);
  const share = clopperPearson(countA, n, confidence);
  const toRatio = (pi: number) => (pi / (1 - pi)) * (exposureB / exposureA);
  return {
    rateRatio: countA / exposureA / (countB / exposureB),
    ciLow: n === 0 ? 0 : toRatio(share.low),
    ciHigh: n === 0 || share.high === 1 ? Infinity : toRatio(share.high),
    pValue: binomialTestTwoSided(countA, n, p0),
    expectedShareA: p0,
  };
}
