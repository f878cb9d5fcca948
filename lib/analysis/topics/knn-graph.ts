/**
 * Exact cosine k-nearest-neighbour graph of TF-IDF rows through an inverted index: each row
 * only meets rows that share a term with it, so short tickets cost far less than n² dot products.
 */
import { transpose, type CsrMatrix } from './sparse';

export interface KnnGraph {
  n: number;
  k: number;
  /** neighbors[i * k + r]: the r-th most similar row to i, or -1. */
  neighbors: Int32Array;
  similarities: Float32Array;
}

/** Undirected weighted graph in CSR form (each edge stored in both directions). */
export interface WeightedGraph {
  n: number;
  indptr: Int32Array;
  indices: Int32Array;
  weights: Float64Array;
}

export interface KnnOptions {
  /**
   * Terms in more than this share of rows only rescore candidates, they do not propose them.
   * Postings of common words dominate the cost of an exact kNN (Σ df²) while adding little to
   * the ranking of the nearest neighbours, which share the rarer, specific terms.
   */
  commonTermShare: number;
  /** Candidates rescored exactly per row, as a multiple of k. */
  candidateFactor: number;
}

export const DEFAULT_KNN_OPTIONS: KnnOptions = { commonTermShare: 0.02, candidateFactor: 4 };

/**
 * The k most cosine-similar other rows of every row (rows are L2-normalised). Candidates come
 * from shared specific terms; each candidate's cosine is then computed exactly over all terms.
 * A row whose terms are all common falls back to the common postings.
 */
export function cosineKnn(matrix: CsrMatrix, k: number, options: KnnOptions = DEFAULT_KNN_OPTIONS): KnnGraph {
  const n = matrix.rows;
  const postings = transpose(matrix);
  const maxPostings = Math.max(50, Math.floor(options.commonTermShare * n));
  const candidateCount = Math.max(k, Math.round(options.candidateFactor * k));
  const neighbors = new Int32Array(n * k).fill(-1);
  const similarities = new Float32Array(n * k);
  const acc = new Float32Array(n);
  const touched = new Int32Array(n);
  const dense = new Float32Array(matrix.cols);
  const candIds = new Int32Array(candidateCount);
  const candSims = new Float32Array(candidateCount);
  const heapIds = new Int32Array(k);
  const heapSims = new Float32Array(k);
  for (let i = 0; i < n; i++) {
    const start = matrix.indptr[i];
    const end = matrix.indptr[i + 1];
    // Pass 1: partial scores over specific terms (all terms if the row has no specific one).
    let hasSpecific = false;
    for (let p = start; p < end; p++) {
      const t = matrix.indices[p];
      if (postings.indptr[t + 1] - postings.indptr[t] <= maxPostings) hasSpecific = true;
    }
    let touchedCount = 0;
    for (let p = start; p < end; p++) {
      const term = matrix.indices[p];
      if (hasSpecific && postings.indptr[term + 1] - postings.indptr[term] > maxPostings) continue;
      const v = matrix.values[p];
      for (let q = postings.indptr[term]; q < postings.indptr[term + 1]; q++) {
        const j = postings.indices[q];
        if (acc[j] === 0) touched[touchedCount++] = j;
        acc[j] += v * postings.values[q];
      }
    }
    let size = 0;
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t];
      const s = acc[j];
      acc[j] = 0;
      if (j === i) continue;
      size = offer(candIds, candSims, size, candidateCount, j, s);
    }
    // Pass 2: exact cosine of each candidate.
    for (let p = start; p < end; p++) dense[matrix.indices[p]] = matrix.values[p];
    let kept = 0;
    for (let c = 0; c < size; c++) {
      const j = candIds[c];
      let dot = 0;
      for (let q = matrix.indptr[j]; q < matrix.indptr[j + 1]; q++) dot += dense[matrix.indices[q]] * matrix.values[q];
      kept = offer(heapIds, heapSims, kept, k, j, dot);
    }
    for (let p = start; p < end; p++) dense[matrix.indices[p]] = 0;
    // Pop ascending, write descending.
    for (let r = kept - 1; r >= 0; r--) {
      neighbors[i * k + r] = heapIds[0];
      similarities[i * k + r] = heapSims[0];
      heapIds[0] = heapIds[r];
      heapSims[0] = heapSims[r];
      siftDown(heapIds, heapSims, r);
    }
  }
  return { n, k, neighbors, similarities };
}

/** Offers (id, sim) to a bounded min-heap of `capacity`; returns the new size. */
function offer(ids: Int32Array, sims: Float32Array, size: number, capacity: number, id: number, sim: number): number {
  if (size < capacity) {
    ids[size] = id;
    sims[size] = sim;
    siftUp(ids, sims, size);
    return size + 1;
  }
  if (sim > sims[0] || (sim === sims[0] && id < ids[0])) {
    ids[0] = id;
    sims[0] = sim;
    siftDown(ids, sims, size);
  }
  return size;
}

function less(ids: Int32Array, sims: Float32Array, a: number, b: number): boolean {
  return sims[a] < sims[b] || (sims[a] === sims[b] && ids[a] > ids[b]);
}

function swap(ids: Int32Array, sims: Float32Array, a: number, b: number): void {
  const id = ids[a];
  ids[a] = ids[b];
  ids[b] = id;
  const s = sims[a];
  sims[a] = sims[b];
  sims[b] = s;
}

function siftUp(ids: Int32Array, sims: Float32Array, at: number): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!less(ids, sims, at, parent)) break;
    swap(ids, sims, at, parent);
    at = parent;
  }
}

function siftDown(ids: Int32Array, sims: Float32Array, size: number): void {
  let at = 0;
  for (;;) {
    const left = at * 2 + 1;
    const right = left + 1;
    let smallest = at;
    if (left < size && less(ids, sims, left, smallest)) smallest = left;
    if (right < size && less(ids, sims, right, smallest)) smallest = right;
    if (smallest === at) return;
    swap(ids, sims, at, smallest);
    at = smallest;
  }
}

/** Symmetric graph from a kNN graph: an edge when either row lists the other, weight = cosine. */
export function symmetrize(knn: KnnGraph, minSimilarity = 0): WeightedGraph {
  const { n, k } = knn;
  const edges = new Map<number, number>();
  const degreeCount = new Int32Array(n);
  const pairs: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < k; r++) {
      const j = knn.neighbors[i * k + r];
      const s = knn.similarities[i * k + r];
      if (j < 0 || s <= minSimilarity) continue;
      const a = Math.min(i, j);
      const b = Math.max(i, j);
      const key = a * n + b;
      if (edges.has(key)) continue;
      edges.set(key, pairs.length / 2);
      pairs.push(a, b);
      weights.push(s);
      degreeCount[a]++;
      degreeCount[b]++;
    }
  }
  const indptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) indptr[i + 1] = indptr[i] + degreeCount[i];
  const cursor = indptr.slice(0, n);
  const indices = new Int32Array(indptr[n]);
  const w = new Float64Array(indptr[n]);
  for (let e = 0; e < weights.length; e++) {
    const a = pairs[2 * e];
    const b = pairs[2 * e + 1];
    indices[cursor[a]] = b;
    w[cursor[a]++] = weights[e];
    indices[cursor[b]] = a;
    w[cursor[b]++] = weights[e];
  }
  return { n, indptr, indices, weights: w };
}

