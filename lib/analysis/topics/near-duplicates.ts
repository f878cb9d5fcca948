/**
 * Near-duplicate topics: two topics whose labels say the same thing (the same content words,
 * "Test suite failures" twice) and whose centroids agree are one problem shown twice — two rows
 * a planner cannot tell apart, two release findings for one regression. They merge.
 *
 * Why not merge on centroid similarity alone: on Banking77's train split the most similar topic
 * pairs (cosine 0.4–0.65: "Top up" / "Top up is still pending" / "Limit for top ups") are almost
 * always different intents, so a cosine rule that merges paraphrases also merges distinct
 * problems. Identical readable labels are the vocabulary's own verdict that the difference is
 * not one a reader can see; the cosine floor keeps two unrelated topics that happen to be named
 * alike ("Export", an export of data vs. an export of a report) apart.
 */
import type { SparseCentroids } from './centroids';

export interface NearDuplicateOptions {
  /** Centroids at least this cosine-similar (with equal label words) are one topic. */
  minCosine: number;
  /** Terms kept per merged centroid. */
  maxTerms: number;
}

/**
 * Groups topics (0-based) whose label stems are equal and whose centroids are at least
 * `minCosine` similar; returns the group of each topic (dense, in first-topic order) and the
 * centroids of the groups (sums of the members' ticket vectors, unit length).
 */
export function mergeNearDuplicates(
  centroids: SparseCentroids,
  cosines: Float64Array,
  labelStems: readonly (readonly number[])[],
  sizes: ArrayLike<number>,
  options: NearDuplicateOptions,
): { group: Int32Array; count: number; centroids: SparseCentroids } {
  const k = centroids.k;
  const parent = Int32Array.from({ length: k }, (_, i) => i);
  const root = (c: number): number => (parent[c] === c ? c : (parent[c] = root(parent[c])));
  const key = labelStems.map((stems) => (stems.length > 0 ? [...stems].sort((a, b) => a - b).join(' ') : null));
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      if (key[a] === null || key[a] !== key[b] || cosines[a * k + b] < options.minCosine) continue;
      const ra = root(a);
      const rb = root(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
  const group = new Int32Array(k);
  const dense = new Map<number, number>();
  for (let c = 0; c < k; c++) {
    const r = root(c);
    if (!dense.has(r)) dense.set(r, dense.size);
    group[c] = dense.get(r)!;
  }
  const count = dense.size;
  if (count === k) return { group, count, centroids };

  // Each centroid is the unit direction of its tickets' sum S = cohesion × size × centroid, so a
  // merged centroid is the direction of the summed S (truncated again to the heaviest terms).
  const indptr = new Int32Array(count + 1);
  const terms: number[] = [];
  const weights: number[] = [];
  const cohesion = new Float32Array(count);
  for (let g = 0; g < count; g++) {
    const sum = new Map<number, number>();
    let tickets = 0;
    for (let c = 0; c < k; c++) {
      if (group[c] !== g) continue;
      tickets += sizes[c];
      const scale = centroids.cohesion[c] * sizes[c];
      for (let p = centroids.indptr[c]; p < centroids.indptr[c + 1]; p++) {
        sum.set(centroids.terms[p], (sum.get(centroids.terms[p]) ?? 0) + scale * centroids.weights[p]);
      }
    }
    const kept = [...sum].filter(([, w]) => w > 0).sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    let full = 0;
    for (const [, w] of kept) full += w * w;
    cohesion[g] = tickets > 0 ? Math.sqrt(full) / tickets : 0;
    kept.length = Math.min(kept.length, options.maxTerms);
    kept.sort((x, y) => x[0] - y[0]);
    let norm = 0;
    for (const [, w] of kept) norm += w * w;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (const [t, w] of kept) {
      terms.push(t);
      weights.push(w * scale);
    }
    indptr[g + 1] = terms.length;
  }
  return { group, count, centroids: { k: count, cohesion, indptr, terms: Int32Array.from(terms), weights: Float32Array.from(weights) } };
}
