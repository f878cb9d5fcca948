/**
 * First partition of the fit sample: Louvain communities of the cosine kNN graph.
 *
 * Why a graph and not k-means: on short support texts, k-means++ must place k seeds in a space
 * where most tickets share one or two words with many topics, and it settles on a few large
 * mixed clusters. Communities of the kNN graph follow how tickets actually paraphrase each
 * other, and Louvain's resolution decides the granularity without knowing k. On Banking77
 * (k = 77) spherical k-means on the same TF-IDF reached ARI ≈ 0.28; the graph partition
 * followed by nearest-centroid refinement reaches ≈ 0.34 (bench/topics.ts).
 */
import { cosineKnn, symmetrize, type WeightedGraph } from './knn-graph';
import { bestLouvain } from './louvain';
import type { CsrMatrix } from './sparse';

export interface CommunityOptions {
  neighbors: number;
  resolution: number;
  seed: number;
  /** Merge communities linked almost as densely as they are inside (see mergeLinkedCommunities). */
  mergeDensityRatio?: number;
  /** Communities smaller than this are not counted as topics (their rows are reassigned later). */
  minSize: number;
  /** Louvain runs (node orders); the partition with the highest modularity is kept. */
  louvainRuns?: number;
  /** When set, search the resolution for at least this many communities of minSize. */
  k?: number;
}

export interface Communities {
  /** Community of each row (-1: in a community below minSize, or a row with no terms). */
  labels: Int32Array;
  count: number;
  resolution: number;
  /** The symmetrised cosine kNN graph the communities were found in (themes reuse it). */
  graph: WeightedGraph;
}

/** Keeps communities of at least `minSize` rows, renumbered by decreasing size (ties: first row). */
function keepLarge(raw: Int32Array, minSize: number, emptyRow: (row: number) => boolean): { labels: Int32Array; count: number } {
  const sizes = new Map<number, number>();
  const first = new Map<number, number>();
  raw.forEach((c, row) => {
    if (emptyRow(row)) return;
    sizes.set(c, (sizes.get(c) ?? 0) + 1);
    if (!first.has(c)) first.set(c, row);
  });
  const kept = [...sizes.entries()]
    .filter(([, n]) => n >= minSize)
    .sort((a, b) => b[1] - a[1] || first.get(a[0])! - first.get(b[0])!)
    .map(([c]) => c);
  const newId = new Map(kept.map((c, i) => [c, i]));
  const labels = Int32Array.from(raw, (c, row) => (emptyRow(row) ? -1 : (newId.get(c) ?? -1)));
  return { labels, count: kept.length };
}

export function detectCommunities(matrix: CsrMatrix, options: CommunityOptions): Communities {
  const emptyRow = (row: number) => matrix.indptr[row + 1] === matrix.indptr[row];
  const graph: WeightedGraph = symmetrize(cosineKnn(matrix, options.neighbors));
  const run = (resolution: number) => {
    let raw = bestLouvain(graph, { resolution, seed: options.seed, runs: options.louvainRuns ?? 1 });
    if (options.mergeDensityRatio !== undefined && options.k === undefined) raw = mergeLinkedCommunities(graph, raw, options.mergeDensityRatio);
    return { ...keepLarge(raw, options.minSize, emptyRow), resolution, graph };
  };
  let result = run(options.resolution);
  const k = options.k;
  if (k === undefined || result.count === k) return result;

  // Fixed k: find a resolution giving at least k communities, as few extra as possible; the
  // caller merges the surplus by average linkage. More resolution → more, smaller communities.
  let low = result.count < k ? result : null;
  let high = result.count >= k ? result : null;
  for (let step = 0; step < 12 && !high; step++) {
    const next = run(low!.resolution * 1.6);
    if (next.count >= k) high = next;
    else low = next;
  }
  for (let step = 0; step < 12 && !low; step++) {
    const next = run(high!.resolution / 1.6);
    if (next.count >= k) high = next;
    else low = next;
  }
  if (!high) return low!; // not enough separable groups for k topics: return what exists
  for (let step = 0; step < 8 && low && high.count > k; step++) {
    const next = run(Math.sqrt(low.resolution * high.resolution));
    if (next.count >= k) high = next;
    else low = next;
  }
  return high;
}

/**
 * Modularity at resolution γ caps a community at about 1/γ of the graph's edge weight, so on a
 * small desk, or for a dominant issue, one topic comes out in pieces. Pieces of one topic are
 * recognisable locally: the edges between them are about as dense as the edges inside them.
 * Merge (greedily, densest first) communities a and b while
 *   w(a, b) / (n_a n_b)  ≥  minRatio × min(w(a) / (n_a (n_a − 1)), w(b) / (n_b (n_b − 1)))
 * where w(a, b) sums edge weights between them and w(a) inside a (average linkage on the graph).
 */
export function mergeLinkedCommunities(graph: WeightedGraph, labels: Int32Array, minRatio: number): Int32Array {
  let k = 0;
  for (const c of labels) k = Math.max(k, c + 1);
  const size = new Float64Array(k);
  for (const c of labels) size[c]++;
  const inside = new Float64Array(k); // each internal edge counted from both ends
  const between: Map<number, number>[] = Array.from({ length: k }, () => new Map());
  for (let v = 0; v < graph.n; v++) {
    const a = labels[v];
    for (let p = graph.indptr[v]; p < graph.indptr[v + 1]; p++) {
      const b = labels[graph.indices[p]];
      // Each undirected edge is stored at both ends: inside sums it twice, between[a][b] once.
      if (a === b) inside[a] += graph.weights[p];
      else between[a].set(b, (between[a].get(b) ?? 0) + graph.weights[p]);
    }
  }
  const density = (c: number) => (size[c] > 1 ? inside[c] / (size[c] * (size[c] - 1)) : Number.POSITIVE_INFINITY);
  const parent = Int32Array.from({ length: k }, (_, i) => i);
  for (;;) {
    let bestA = -1;
    let bestB = -1;
    let best = 0;
    for (let a = 0; a < k; a++) {
      if (parent[a] !== a) continue;
      for (const [b, w] of between[a]) {
        if (b <= a) continue;
        const cross = w / (size[a] * size[b]);
        const floor = Math.min(density(a), density(b));
        const ratio = Number.isFinite(floor) ? cross / floor : cross > 0 ? 1 : 0;
        if (ratio >= minRatio && ratio > best) {
          best = ratio;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA < 0) break;
    // Fold b into a.
    inside[bestA] += inside[bestB] + 2 * (between[bestA].get(bestB) ?? 0);
    for (const [c, w] of between[bestB]) {
      if (c === bestA) continue;
      between[c].delete(bestB);
      const merged = (between[bestA].get(c) ?? 0) + w;
      between[bestA].set(c, merged);
      between[c].set(bestA, merged);
    }
    between[bestA].delete(bestB);
    between[bestB].clear();
    size[bestA] += size[bestB];
    parent[bestB] = bestA;
  }
  const root = (c: number) => {
    while (parent[c] !== c) c = parent[c];
    return c;
  };
  return Int32Array.from(labels, (c) => root(c));
}
