/** Summary statistics on plain arrays. None of them mutate their input. */

function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Arithmetic mean; NaN for an empty array. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Sample standard deviation (n − 1 denominator, like R's `sd`); NaN below two values. */
export function standardDeviation(values: ArrayLike<number>): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

/** Sample quantile, linear interpolation between order statistics (R's default, type 7). */
export function quantile(values: ArrayLike<number>, probability: number): number {
  if (values.length === 0) return NaN;
  return quantileOfSorted(sorted(values), probability);
}

function quantileOfSorted(s: Float64Array, probability: number): number {
  const h = (s.length - 1) * probability;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** Median; NaN for an empty array. */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/**
 * Median absolute deviation from the median, multiplied by `constant` (default 1.4826, which
 * makes it estimate the standard deviation of normal data, as R's `mad` does). Pass 1 for the raw MAD.
 */
export function mad(values: ArrayLike<number>, constant = 1.4826): number {
  if (values.length === 0) return NaN;
  const center = median(values);
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i] - center);
  return constant * median(deviations);
}
