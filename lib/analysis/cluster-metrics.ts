/**
 * External clustering quality: how well a clustering agrees with reference labels. Pure, used by
 * the topic benchmark. Definitions follow scikit-learn's `metrics.cluster` (same numbers):
 * NMI with the arithmetic-mean normaliser, ARI (Hubert & Arabie 1985), AMI (Vinh, Epps & Bailey,
 * JMLR 11, 2010) and clustering accuracy (best one-to-one mapping, Hungarian algorithm).
 */
import { maxWeightMatching } from '@/lib/analysis/topics/hungarian';

export interface Contingency {
  /** counts[i * columns + j]: items with true class i and predicted cluster j. */
  counts: Float64Array;
  rows: number;
  columns: number;
  rowSums: Float64Array;
  columnSums: Float64Array;
  n: number;
}

function denseIds<T>(labels: readonly T[] | ArrayLike<T>): { ids: Int32Array; count: number } {
  const seen = new Map<T, number>();
  const ids = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let id = seen.get(labels[i]);
    if (id === undefined) {
      id = seen.size;
      seen.set(labels[i], id);
    }
    ids[i] = id;
  }
  return { ids, count: seen.size };
}

export function contingency<A, B>(truth: ArrayLike<A>, predicted: ArrayLike<B>): Contingency {
  if (truth.length !== predicted.length) throw new Error('truth and predicted labels differ in length');
  const t = denseIds(truth);
  const p = denseIds(predicted);
  const counts = new Float64Array(t.count * p.count);
  const rowSums = new Float64Array(t.count);
  const columnSums = new Float64Array(p.count);
  for (let i = 0; i < truth.length; i++) {
    counts[t.ids[i] * p.count + p.ids[i]]++;
    rowSums[t.ids[i]]++;
    columnSums[p.ids[i]]++;
  }
  return { counts, rows: t.count, columns: p.count, rowSums, columnSums, n: truth.length };
}

function entropy(sums: Float64Array, n: number): number {
  let h = 0;
  for (const s of sums) if (s > 0) h -= (s / n) * Math.log(s / n);
  return h;
}

function mutualInformation(c: Contingency): number {
  let mi = 0;
  for (let i = 0; i < c.rows; i++) {
    for (let j = 0; j < c.columns; j++) {
      const nij = c.counts[i * c.columns + j];
      if (nij > 0) mi += (nij / c.n) * Math.log((c.n * nij) / (c.rowSums[i] * c.columnSums[j]));
    }
  }
  return Math.max(0, mi);
}

/** Normalised mutual information, MI / mean(H(truth), H(predicted)). 1 = identical partitions. */
export function normalizedMutualInfo<A, B>(truth: ArrayLike<A>, predicted: ArrayLike<B>): number {
  const c = contingency(truth, predicted);
  const hu = entropy(c.rowSums, c.n);
  const hv = entropy(c.columnSums, c.n);
  if (hu === 0 && hv === 0) return 1; // both a single cluster: identical
  const denominator = (hu + hv) / 2;
  return denominator > 0 ? mutualInformation(c) / denominator : 0;
}

const choose2 = (x: number) => (x * (x - 1)) / 2;

/** Adjusted Rand index: pair agreement corrected for chance (0 = random, 1 = identical). */
export function adjustedRandIndex<A, B>(truth: ArrayLike<A>, predicted: ArrayLike<B>): number {
  const c = contingency(truth, predicted);
  let sumCells = 0;
  for (const nij of c.counts) sumCells += choose2(nij);
  let sumRows = 0;
  for (const a of c.rowSums) sumRows += choose2(a);
  let sumColumns = 0;
  for (const b of c.columnSums) sumColumns += choose2(b);
  const total = choose2(c.n);
  if (total === 0) return 1;
  const expected = (sumRows * sumColumns) / total;
  const maximum = (sumRows + sumColumns) / 2;
  if (maximum === expected) return 1; // e.g. both partitions all singletons or one cluster
  return (sumCells - expected) / (maximum - expected);
}

function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) table[i] = table[i - 1] + Math.log(i);
  return table;
}

/** Expected mutual information of two random partitions with these cluster sizes (Vinh et al. 2010, eq. 24a). */
function expectedMutualInformation(c: Contingency): number {
  const n = c.n;
  const lf = logFactorials(n);
  let emi = 0;
  for (const a of c.rowSums) {
    for (const b of c.columnSums) {
      const start = Math.max(1, a + b - n);
      const end = Math.min(a, b);
      for (let nij = start; nij <= end; nij++) {
        const term = (nij / n) * Math.log((n * nij) / (a * b));
        const logP =
          lf[a] + lf[b] + lf[n - a] + lf[n - b] - lf[n] - lf[nij] - lf[a - nij] - lf[b - nij] - lf[n - a - b + nij];
        emi += term * Math.exp(logP);
      }
    }
  }
  return emi;
}

/** Adjusted mutual information (arithmetic normaliser): MI corrected for chance. */
export function adjustedMutualInfo<A, B>(truth: ArrayLike<A>, predicted: ArrayLike<B>): number {
  const c = contingency(truth, predicted);
  if ((c.rows === 1 && c.columns === 1) || (c.rows === c.n && c.columns === c.n)) return 1;
  const mi = mutualInformation(c);
  const emi = expectedMutualInformation(c);
  const mean = (entropy(c.rowSums, c.n) + entropy(c.columnSums, c.n)) / 2;
  const denominator = mean - emi;
  if (Math.abs(denominator) < 1e-15) return 0;
  return (mi - emi) / denominator;
}

/** Share of items whose cluster maps to their class under the best one-to-one mapping (Hungarian). */
export function clusteringAccuracy<A, B>(truth: ArrayLike<A>, predicted: ArrayLike<B>): number {
  const c = contingency(truth, predicted);
  if (c.n === 0) return 1;
  let matched = 0;
  for (const [i, j] of maxWeightMatching(c.counts, c.rows, c.columns)) matched += c.counts[i * c.columns + j];
  return matched / c.n;
}

export interface ClusterScores {
  nmi: number;
  ari: number;
  ami: number;
  accuracy: number;
  clusters: number;
  classes: number;
}

export function scoreClustering<A, B>(truth: ArrayLike<A>, predicted: ArrayLike<B>): ClusterScores {
  const c = contingency(truth, predicted);
  return {
    nmi: normalizedMutualInfo(truth, predicted),
    ari: adjustedRandIndex(truth, predicted),
    ami: adjustedMutualInfo(truth, predicted),
    accuracy: clusteringAccuracy(truth, predicted),
    clusters: c.columns,
    classes: c.rows,
  };
}
