/**
 * Average-linkage merging of clusters (UPGMA, Sokal & Michener 1958), computed exactly from
 * cluster summaries instead of ticket pairs.
 *
 * For unit-length tickets with cluster sums S_a, the mean cosine between the tickets of a and b
 * is S_a·S_b / (n_a n_b), and S_a·S_b = |S_a| |S_b| cos(centroid_a, centroid_b). Merging adds
 * sums, so the Gram matrix of the union is the sum of rows: no ticket is revisited.
 */

export interface ClusterSummary {
  /** Cosine between centroids, k × k row-major. */
  cosines: Float64Array;
  /** Tickets per cluster. */
  sizes: ArrayLike<number>;
  /** |S| / n per cluster (see SparseCentroids.cohesion). */
  cohesion: ArrayLike<number>;
  k: number;
}

export interface MergePlanOptions {
  /**
   * 'average': mean cosine between the two clusters' tickets (UPGMA);
   * 'centroid': cosine between the two clusters' mean directions, blind to how spread they are.
   */
  linkage: 'average' | 'centroid';
  /** Stop at this many clusters. */
  targetK?: number;
  /** Stop when the best pair scores below this. */
  minSimilarity?: number;
}

/**
 * Repeatedly merges the best-scoring pair until `targetK` groups remain or no pair reaches
 * `minSimilarity`. Returns the group (dense, 0-based) of each cluster;
 * empty clusters get -1.
 */
export function planMerges(summary: ClusterSummary, options: MergePlanOptions): Int32Array {
  const { k } = summary;
  const sizes = Float64Array.from(summary.sizes);
  const length = Float64Array.from({ length: k }, (_, c) => summary.cohesion[c] * sizes[c]); // |S_c|
  const gram = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) gram[a * k + b] = length[a] * length[b] * summary.cosines[a * k + b];
  const alive = new Uint8Array(k);
  const parent = Int32Array.from({ length: k }, (_, i) => i);
  let aliveCount = 0;
  for (let c = 0; c < k; c++) {
    if (sizes[c] > 0) {
      alive[c] = 1;
      aliveCount++;
    }
  }
  const targetK = Math.max(1, options.targetK ?? 1);
  const minSimilarity = options.minSimilarity ?? Number.NEGATIVE_INFINITY;

  while (aliveCount > targetK) {
    let bestA = -1;
    let bestB = -1;
    let best = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < k; a++) {
      if (!alive[a]) continue;
      for (let b = a + 1; b < k; b++) {
        if (!alive[b]) continue;
        const score =
          options.linkage === 'average'
            ? gram[a * k + b] / (sizes[a] * sizes[b])
            : gram[a * k + b] / Math.sqrt(gram[a * k + a] * gram[b * k + b]);
        if (score > best) {
          best = score;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA < 0 || best < minSimilarity) break;
    // Fold b into a: rows and columns of G add, and |S_a + S_b|² = G_aa + 2 G_ab + G_bb.
    const diagonal = gram[bestA * k + bestA] + 2 * gram[bestA * k + bestB] + gram[bestB * k + bestB];
    for (let c = 0; c < k; c++) gram[bestA * k + c] += gram[bestB * k + c];
    for (let c = 0; c < k; c++) gram[c * k + bestA] = gram[bestA * k + c];
    gram[bestA * k + bestA] = diagonal;
    sizes[bestA] += sizes[bestB];
    alive[bestB] = 0;
    parent[bestB] = bestA;
    aliveCount--;
  }

  const group = new Int32Array(k).fill(-1);
  const groupOfRoot = new Int32Array(k).fill(-1);
  let next = 0;
  for (let c = 0; c < k; c++) {
    let root = c;
    while (parent[root] !== root) root = parent[root];
    if (!alive[root]) continue;
    if (groupOfRoot[root] < 0) groupOfRoot[root] = next++;
    group[c] = groupOfRoot[root];
  }
  return group;
}
