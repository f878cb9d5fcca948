/**
 * Poisson, binomial and Student-t probabilities, computed through the incomplete gamma and beta
 * functions so that far tails (p = 1e-12) keep their relative precision instead of being
 * 1 minus a sum of terms.
 */

import { logFactorial, regularizedBeta, regularizedGammaP, regularizedGammaQ } from './special-functions';

/** P(X = k) for X ~ Poisson(lambda). */
export function poissonPmf(k: number, lambda: number): number {
  if (k < 0 || !Number.isInteger(k)) return 0;
  if (lambda === 0) return k === 0 ? 1 : 0;
  return Math.exp(k * Math.log(lambda) - lambda - logFactorial(k));
}

/** P(X ≤ k) for X ~ Poisson(lambda) (R's `ppois(k, lambda)`). */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda === 0) return 1;
  return regularizedGammaQ(Math.floor(k) + 1, lambda);
}

/**
 * P(X ≥ k) for X ~ Poisson(lambda): the upper-tail p-value of observing k events.
 * Equals R's `ppois(k - 1, lambda, lower.tail = FALSE)` and the regularized gamma P(k, lambda).
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda === 0) return 0;
  return regularizedGammaP(Math.ceil(k), lambda);
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** P(X = k) for X ~ Binomial(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n || !Number.isInteger(k)) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(X ≤ k) for X ~ Binomial(n, p) (R's `pbinom(k, n, p)`), via I_{1−p}(n − k, k + 1). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const j = Math.floor(k);
  return regularizedBeta(1 - p, n - j, j + 1);
}

/** P(X ≥ k) for X ~ Binomial(n, p), via I_p(k, n − k + 1); accurate in the far upper tail. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const j = Math.ceil(k);
  return regularizedBeta(p, j, n - j + 1);
}

/** P(T ≥ t) for Student's t with `df` degrees of freedom. */
export function studentTUpperTail(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}
