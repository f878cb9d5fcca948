/**
 * Benjamini–Hochberg q-values (R's `p.adjust(p, "BH")`): q(i) = min over j ≥ i of p(j)·m / j,
 * capped at 1, returned in the input order. Controls the false discovery rate at the chosen level
 * for independent or positively dependent tests (Benjamini & Hochberg 1995, JRSS B 57:289).
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[b] - pValues[a]);
  const q = new Array<number>(m);
  let running = 1;
  order.forEach((index, position) => {
    const rank = m - position; // rank of pValues[index] in ascending order, 1-based
    running = Math.min(running, (pValues[index] * m) / rank);
    q[index] = running;
  });
  return q;
}

/** Bonferroni-adjusted p-values: min(1, p·m). Controls the family-wise error rate at any dependence. */
export function bonferroni(pValues: readonly number[]): number[] {
  return pValues.map((p) => Math.min(1, p * pValues.length));
}
