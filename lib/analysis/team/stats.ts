/** Small descriptive statistics for load distributions. Inputs are never mutated. */
import { quantile as sampleQuantile } from '../stats/descriptive';

/** Quantile (type 7, as in R/NumPy); 0 for an empty team rather than NaN. */
export function quantile(values: readonly number[], q: number): number {
  return values.length === 0 ? 0 : sampleQuantile(values, q);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * Gini coefficient of non-negative loads: 0 = everyone carries the same, (n-1)/n = one person
 * carries everything. Population form G = Σᵢ(2i − n − 1)·x₍ᵢ₎ / (n·Σx) over ascending x
 * (Gini 1912; e.g. Damgaard & Weiner 2000, Ecology 81:1139). 0 for an empty or all-zero vector.
 */
export function gini(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += sorted[i];
    weighted += (2 * (i + 1) - n - 1) * sorted[i];
  }
  return total === 0 ? 0 : weighted / (n * total);
}

/**
 * Share of the total carried by the top `fraction` of people, read off the Lorenz curve
 * (1 − L(1 − fraction)): with 12 people the top 20% is 2.4 people, i.e. the two largest loads
 * plus 0.4 of the third. Equal loads give exactly `fraction`.
 */
export function topShare(values: readonly number[], fraction = 0.2): number {
  const n = values.length;
  const total = values.reduce((s, v) => s + v, 0);
  if (n === 0 || total === 0) return 0;
  const sorted = [...values].sort((a, b) => b - a);
  let people = fraction * n;
  let carried = 0;
  for (let i = 0; i < n && people > 1e-9; i++) {
    const part = Math.min(1, people);
    carried += part * sorted[i];
    people -= part;
  }
  return carried / total;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
