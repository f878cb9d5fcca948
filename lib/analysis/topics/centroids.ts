/**
 * Topic centroids as sparse unit vectors (each keeps its `maxTerms` heaviest terms), plus a
 * term-major index of them so scoring a document visits, per term, only the topics that use it.
 *
 * Truncation keeps models small enough to store (a topic is described by a few hundred terms,
 * not the whole vocabulary) and scoring fast; the dropped tail carries almost no weight.
 */
import type { CsrMatrix } from './sparse';

/** Topic-major sparse centroids: centroid c has terms[indptr[c] .. indptr[c + 1]). Unit length. */
export interface SparseCentroids {
  k: number;
  /**
   * |Σ rows| / rows of each cluster before truncation (the mean resultant length): 1 when all
   * rows are identical, near 0 when they share nothing. Mean pairwise cosine ≈ cohesion².
   */
  cohesion: Float32Array;
  indptr: Int32Array;
  terms: Int32Array;
  weights: Float32Array;
}

/** Term-major postings of a set of centroids: for term t, (centroid, weight) pairs. */
export interface CentroidIndex {
  k: number;
  termPtr: Int32Array;
  centroid: Int32Array;
  weight: Float32Array;
}

/**
 * Mean direction of each cluster's rows, truncated to `maxTerms` terms and scaled to unit
 * length. Rows with assignment < 0 are ignored; an empty cluster gets an empty centroid.
 */
export function centroidsFromAssignment(
  matrix: CsrMatrix,
  assignment: Int32Array,
  k: number,
  maxTerms: number,
  rowWeight?: Float32Array,
): SparseCentroids {
  // Bucket rows by cluster (counting sort), then sum one cluster at a time in a dense scratch.
  const counts = new Int32Array(k + 1);
  for (let r = 0; r < matrix.rows; r++) if (assignment[r] >= 0) counts[assignment[r] + 1]++;
  for (let c = 0; c < k; c++) counts[c + 1] += counts[c];
  const order = new Int32Array(counts[k]);
  const cursor = counts.slice(0, k);
  for (let r = 0; r < matrix.rows; r++) if (assignment[r] >= 0) order[cursor[assignment[r]]++] = r;

  const sum = new Float64Array(matrix.cols);
  const touched = new Int32Array(matrix.cols);
  const indptr = new Int32Array(k + 1);
  const cohesion = new Float32Array(k);
  const terms: number[] = [];
  const weights: number[] = [];
  for (let c = 0; c < k; c++) {
    let touchedCount = 0;
    for (let o = counts[c]; o < counts[c + 1]; o++) {
      const row = order[o];
      const w = rowWeight ? rowWeight[row] : 1;
      for (let p = matrix.indptr[row]; p < matrix.indptr[row + 1]; p++) {
        const t = matrix.indices[p];
        if (sum[t] === 0) touched[touchedCount++] = t;
        sum[t] += matrix.values[p] * w;
      }
    }
    let fullNorm = 0;
    for (let i = 0; i < touchedCount; i++) fullNorm += sum[touched[i]] * sum[touched[i]];
    const size = counts[c + 1] - counts[c];
    cohesion[c] = size > 0 ? Math.sqrt(fullNorm) / size : 0;
    const kept = topEntries(touched.subarray(0, touchedCount), sum, maxTerms);
    let norm = 0;
    for (const t of kept) norm += sum[t] * sum[t];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (const t of kept) {
      terms.push(t);
      weights.push(sum[t] * scale);
    }
    indptr[c + 1] = terms.length;
    for (let i = 0; i < touchedCount; i++) sum[touched[i]] = 0;
  }
  return { k, cohesion, indptr, terms: Int32Array.from(terms), weights: Float32Array.from(weights) };
}

/** The `limit` ids with the largest values, sorted by term id (stable, deterministic). */
function topEntries(ids: Int32Array, values: Float64Array, limit: number): Int32Array {
  const positive = Array.from(ids).filter((t) => values[t] > 0);
  if (positive.length > limit) {
    positive.sort((a, b) => values[b] - values[a] || a - b);
    positive.length = limit;
  }
  return Int32Array.from(positive).sort();
}

export function indexCentroids(centroids: SparseCentroids, vocabularySize: number): CentroidIndex {
  const termPtr = new Int32Array(vocabularySize + 1);
  for (const t of centroids.terms) termPtr[t + 1]++;
  for (let t = 0; t < vocabularySize; t++) termPtr[t + 1] += termPtr[t];
  const cursor = termPtr.slice(0, vocabularySize);
  const centroid = new Int32Array(centroids.terms.length);
  const weight = new Float32Array(centroids.terms.length);
  for (let c = 0; c < centroids.k; c++) {
    for (let p = centroids.indptr[c]; p < centroids.indptr[c + 1]; p++) {
      const at = cursor[centroids.terms[p]]++;
      centroid[at] = c;
      weight[at] = centroids.weights[p];
    }
  }
  return { k: centroids.k, termPtr, centroid, weight };
}

/**
 * Cosine of one document (columns/values, unit length) with every centroid, into `scores`;
 * returns the best centroid (-1 when the document shares no term with any).
 */
export function scoreDocument(
  index: CentroidIndex,
  columns: ArrayLike<number>,
  values: ArrayLike<number>,
  start: number,
  end: number,
  scores: Float64Array,
): number {
  scores.fill(0, 0, index.k);
  for (let p = start; p < end; p++) {
    const t = columns[p];
    const v = values[p];
    for (let q = index.termPtr[t]; q < index.termPtr[t + 1]; q++) scores[index.centroid[q]] += v * index.weight[q];
  }
  let best = -1;
  let bestScore = 0;
  for (let c = 0; c < index.k; c++) {
    if (scores[c] > bestScore) {
      bestScore = scores[c];
      best = c;
    }
  }
  return best;
}

export interface RowAssignment {
  /** Best centroid of each row, -1 when it shares no term with any. */
  assignment: Int32Array;
  similarity: Float32Array;
}

/** Nearest centroid of every row of `matrix`. */
export function assignRows(matrix: CsrMatrix, index: CentroidIndex): RowAssignment {
  const assignment = new Int32Array(matrix.rows);
  const similarity = new Float32Array(matrix.rows);
  const scores = new Float64Array(Math.max(1, index.k));
  for (let r = 0; r < matrix.rows; r++) {
    const best = scoreDocument(index, matrix.indices, matrix.values, matrix.indptr[r], matrix.indptr[r + 1], scores);
    assignment[r] = best;
    similarity[r] = best >= 0 ? scores[best] : 0;
  }
  return { assignment, similarity };
}

/** Cosine between every pair of centroids (k × k, row-major), visiting only shared terms. */
export function centroidCosines(centroids: SparseCentroids, vocabularySize: number): Float64Array {
  const k = centroids.k;
  const index = indexCentroids(centroids, vocabularySize);
  const gram = new Float64Array(k * k);
  for (let t = 0; t < vocabularySize; t++) {
    for (let x = index.termPtr[t]; x < index.termPtr[t + 1]; x++) {
      const a = index.centroid[x];
      const wa = index.weight[x];
      for (let y = index.termPtr[t]; y < index.termPtr[t + 1]; y++) gram[a * k + index.centroid[y]] += wa * index.weight[y];
    }
  }
  return gram;
}
