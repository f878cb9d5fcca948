/**
 * Numbers as they appear in evidence sentences: p-values in short scientific notation
 * ("3e-9", "0.012"), ratios with two significant digits.
 */

/** "3e-9", "0.0004", "0.012", "0.31", "1". */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p === 0) return '< 1e-300';
  if (p >= 0.001) return String(Number(p.toPrecision(2)));
  const [mantissa, exponent] = p.toExponential(0).split('e');
  return `${mantissa}e${Number(exponent)}`;
}

/** "×2.4", "×0.35", "×∞". */
export function formatRatio(ratio: number): string {
  if (ratio === Infinity) return '×∞';
  if (!Number.isFinite(ratio)) return '×?';
  return `×${Number(ratio.toPrecision(2))}`;
}

/** A count or expected count: integers as is, others to one decimal ("12", "0.4", "12.3"). */
export function formatCount(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value >= 100 ? String(Math.round(value)) : String(Number(value.toFixed(1)));
}

/** `value` rounded to `digits` decimals, for stored findings (3 digits unless said otherwise). */
export function roundTo(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
