import { describe, expect, it } from 'vitest';
import { centroidCosines, type SparseCentroids } from '@/lib/analysis/topics/centroids';
import { mergeNearDuplicates } from '@/lib/analysis/topics/near-duplicates';

/** Unit centroids over a 4-term vocabulary, row-major dense input. */
function centroids(rows: number[][], cohesion: number[]): SparseCentroids {
  const indptr = new Int32Array(rows.length + 1);
  const terms: number[] = [];
  const weights: number[] = [];
  rows.forEach((row, r) => {
    const norm = Math.hypot(...row);
    row.forEach((w, t) => {
      if (w > 0) {
        terms.push(t);
        weights.push(w / norm);
      }
    });
    indptr[r + 1] = terms.length;
  });
  return { k: rows.length, cohesion: Float32Array.from(cohesion), indptr, terms: Int32Array.from(terms), weights: Float32Array.from(weights) };
}

describe('mergeNearDuplicates', () => {
  const c = centroids(
    [
      [1, 1, 0, 0], // "Test suite failures" (a)
      [1, 0.6, 0.2, 0], // "Test suite failures" again (b): similar centroid, same label words
      [0, 0, 1, 1], // "Packaging" (c)
      [1, 1, 0.1, 0], // "Flaky tests": similar centroid, other words (d)
    ],
    [0.5, 0.4, 0.6, 0.5],
  );
  const cos = centroidCosines(c, 4);
  const stems = [[1, 2], [2, 1], [3], [4]];

  it('merges topics with the same label words and agreeing centroids, nothing else', () => {
    const merged = mergeNearDuplicates(c, cos, stems, [40, 20, 30, 25], { minCosine: 0.3, maxTerms: 10 });
    expect(merged.count).toBe(3);
    expect(merged.group[0]).toBe(merged.group[1]);
    expect(new Set([merged.group[0], merged.group[2], merged.group[3]]).size).toBe(3);
  });

  it('keeps topics apart whose labels agree but whose centroids do not', () => {
    const merged = mergeNearDuplicates(c, cos, [[1], [9], [1], [7]], [40, 20, 30, 25], { minCosine: 0.3, maxTerms: 10 });
    expect(merged.count).toBe(4);
  });

  it('gives the merged topic the unit direction of both topics’ ticket sums', () => {
    const merged = mergeNearDuplicates(c, cos, stems, [40, 20, 30, 25], { minCosine: 0.3, maxTerms: 10 });
    const g = merged.group[0];
    const row = new Map<number, number>();
    for (let p = merged.centroids.indptr[g]; p < merged.centroids.indptr[g + 1]; p++) row.set(merged.centroids.terms[p], merged.centroids.weights[p]);
    expect(Math.hypot(...row.values())).toBeCloseTo(1, 5);
    // Expected: normalise(0.5·40·a + 0.4·20·b) over the unit rows a, b.
    const a = [1, 1, 0, 0].map((x) => x / Math.SQRT2);
    const bNorm = Math.hypot(1, 0.6, 0.2);
    const b = [1, 0.6, 0.2, 0].map((x) => x / bNorm);
    const sum = a.map((x, t) => 20 * x + 8 * b[t]);
    const norm = Math.hypot(...sum);
    for (let t = 0; t < 3; t++) expect(row.get(t) ?? 0).toBeCloseTo(sum[t] / norm, 5);
    expect(merged.centroids.cohesion[g]).toBeCloseTo(norm / 60, 5);
  });
});
