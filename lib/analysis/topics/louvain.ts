/**
 * Louvain community detection (Blondel, Guillaume, Lambiotte & Lefebvre, "Fast unfolding of
 * communities in large networks", J. Stat. Mech. 2008) with the resolution parameter γ of
 * Reichardt & Bornholdt (2006): modularity Q = Σ_c [ in_c / 2m − γ (tot_c / 2m)² ].
 * Higher γ → more, smaller communities. Node order is shuffled with a seeded PRNG.
 */
import type { WeightedGraph } from './knn-graph';
import { seededRandom } from '@/lib/analysis/random';

export interface LouvainOptions {
  resolution: number;
  seed: number;
  /** Stop a level when a full sweep improves modularity by less than this. */
  minGain?: number;
  maxLevels?: number;
}

/** Community (0-based, dense) of every node. */
export function louvain(graph: WeightedGraph, options: LouvainOptions): Int32Array {
  const random = seededRandom(options.seed);
  const minGain = options.minGain ?? 1e-7;
  let current = graph;
  // membership[v] = node of the current level that original node v belongs to
  let membership = Int32Array.from({ length: graph.n }, (_, i) => i);
  for (let level = 0; level < (options.maxLevels ?? 20); level++) {
    const community = moveNodes(current, options.resolution, random, minGain);
    const { relabeled, count } = relabel(community);
    if (count === current.n) break; // nothing merged: done
    for (let v = 0; v < membership.length; v++) membership[v] = relabeled[membership[v]];
    current = aggregate(current, relabeled, count);
  }
  return relabel(membership).relabeled;
}

function moveNodes(graph: WeightedGraph, gamma: number, random: () => number, minGain: number): Int32Array {
  const { n, indptr, indices, weights } = graph;
  const degree = new Float64Array(n);
  let twoM = 0;
  for (let v = 0; v < n; v++) {
    for (let p = indptr[v]; p < indptr[v + 1]; p++) degree[v] += weights[p];
    twoM += degree[v];
  }
  const community = Int32Array.from({ length: n }, (_, i) => i);
  if (twoM === 0) return community;
  const total = degree.slice(); // Σ degree of each community
  const linkWeight = new Float64Array(n); // weight from the current node to each community
  const linked = new Int32Array(n);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let gain = 0;
    let moved = 0;
    for (const v of order) {
      const own = community[v];
      let linkedCount = 0;
      for (let p = indptr[v]; p < indptr[v + 1]; p++) {
        const u = indices[p];
        if (u === v) continue; // a self-loop links v to whichever community it joins
        const c = community[u];
        if (linkWeight[c] === 0) linked[linkedCount++] = c;
        linkWeight[c] += weights[p];
      }
      total[own] -= degree[v];
      const k = degree[v];
      // Gain of joining c (relative to being alone): w(v, c) − γ · tot_c · k_v / 2m.
      let best = own;
      let bestGain = linkWeight[own] - (gamma * total[own] * k) / twoM;
      for (let x = 0; x < linkedCount; x++) {
        const c = linked[x];
        const g = linkWeight[c] - (gamma * total[c] * k) / twoM;
        if (g > bestGain + 1e-12) {
          bestGain = g;
          best = c;
        }
      }
      const ownGain = linkWeight[own] - (gamma * total[own] * k) / twoM;
      total[best] += k;
      if (best !== own) {
        community[v] = best;
        moved++;
        gain += bestGain - ownGain;
      }
      for (let x = 0; x < linkedCount; x++) linkWeight[linked[x]] = 0;
      linkWeight[own] = 0;
    }
    if (moved === 0 || gain / twoM < minGain) break;
  }
  return community;
}

function relabel(labels: Int32Array): { relabeled: Int32Array; count: number } {
  const map = new Map<number, number>();
  const relabeled = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let id = map.get(labels[i]);
    if (id === undefined) {
      id = map.size;
      map.set(labels[i], id);
    }
    relabeled[i] = id;
  }
  return { relabeled, count: map.size };
}

/** Graph of communities: edge weights summed, internal edges kept as self-loops. */
function aggregate(graph: WeightedGraph, community: Int32Array, count: number): WeightedGraph {
  const rows: Map<number, number>[] = Array.from({ length: count }, () => new Map());
  for (let v = 0; v < graph.n; v++) {
    const cv = community[v];
    for (let p = graph.indptr[v]; p < graph.indptr[v + 1]; p++) {
      const cu = community[graph.indices[p]];
      rows[cv].set(cu, (rows[cv].get(cu) ?? 0) + graph.weights[p]);
    }
  }
  const indptr = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) indptr[c + 1] = indptr[c] + rows[c].size;
  const indices = new Int32Array(indptr[count]);
  const weights = new Float64Array(indptr[count]);
  for (let c = 0; c < count; c++) {
    let at = indptr[c];
    for (const [u, w] of [...rows[c].entries()].sort((a, b) => a[0] - b[0])) {
      indices[at] = u;
      weights[at++] = w;
    }
  }
  return { n: count, indptr, indices, weights };
}

/** Generalised modularity Σ_c [ in_c / 2m − γ (tot_c / 2m)² ] of a partition. */
export function modularity(graph: WeightedGraph, community: Int32Array, resolution: number): number {
  let twoM = 0;
  let k = 0;
  for (const c of community) k = Math.max(k, c + 1);
  const inside = new Float64Array(k);
  const total = new Float64Array(k);
  for (let v = 0; v < graph.n; v++) {
    for (let p = graph.indptr[v]; p < graph.indptr[v + 1]; p++) {
      const w = graph.weights[p];
      twoM += w;
      total[community[v]] += w;
      if (community[graph.indices[p]] === community[v]) inside[community[v]] += w;
    }
  }
  if (twoM === 0) return 0;
  let q = 0;
  for (let c = 0; c < k; c++) q += inside[c] / twoM - resolution * (total[c] / twoM) ** 2;
  return q;
}

/** The best of `runs` Louvain runs (different node orders) by modularity: less luck of the order. */
export function bestLouvain(graph: WeightedGraph, options: LouvainOptions & { runs: number }): Int32Array {
  let best: Int32Array | null = null;
  let bestQ = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < Math.max(1, options.runs); r++) {
    const labels = louvain(graph, { ...options, seed: options.seed + r * 104729 });
    const q = modularity(graph, labels, options.resolution);
    if (q > bestQ) {
      bestQ = q;
      best = labels;
    }
  }
  return best!;
}
