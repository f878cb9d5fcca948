/**
 * Spherical k-means (Dhillon & Modha, "Concept decompositions for large sparse text data using
 * clustering", Machine Learning 42, 2001): unit-length tickets and centroids, cosine instead of
 * Euclidean distance. Topic discovery uses it to refine the graph partition (initial labels);
 * seeded with k-means++ (Arthur & Vassilvitskii, SODA 2007) it is the benchmark's baseline.
 */
import { assignRows, centroidsFromAssignment, indexCentroids, type SparseCentroids } from './centroids';
import { seededRandom } from '@/lib/analysis/random';
import type { CsrMatrix } from './sparse';

export interface KMeansOptions {
  k: number;
  seed: number;
  maxIterations?: number;
  /** Terms kept per centroid (see centroids.ts). */
  maxCentroidTerms?: number;
  /** Start from this partition (-1 = unassigned) instead of k-means++ seeds. */
  initialLabels?: Int32Array;
}

export interface KMeansResult {
  /** Cluster of each row, -1 for rows sharing no term with any centroid. */
  assignment: Int32Array;
  similarity: Float32Array;
  centroids: SparseCentroids;
  iterations: number;
}

export function sphericalKMeans(matrix: CsrMatrix, options: KMeansOptions): KMeansResult {
  const maxTerms = options.maxCentroidTerms ?? 300;
  const k = options.k;
  let labels = options.initialLabels ?? kMeansPlusPlusLabels(matrix, k, seededRandom(options.seed));
  let centroids = centroidsFromAssignment(matrix, labels, k, maxTerms);
  let result = assignRows(matrix, indexCentroids(centroids, matrix.cols));
  let iterations = 1;
  for (; iterations < (options.maxIterations ?? 30); iterations++) {
    let moved = 0;
    for (let r = 0; r < matrix.rows; r++) if (result.assignment[r] !== labels[r]) moved++;
    if (moved === 0) break;
    labels = result.assignment;
    centroids = centroidsFromAssignment(matrix, labels, k, maxTerms);
    result = assignRows(matrix, indexCentroids(centroids, matrix.cols));
  }
  return { assignment: result.assignment, similarity: result.similarity, centroids, iterations };
}

/**
 * k-means++ seeds on cosine distance (each next seed drawn with probability ∝ (1 − cos)² to
 * the nearest seed so far), returned as a partition: every row labelled by its nearest seed.
 */
function kMeansPlusPlusLabels(matrix: CsrMatrix, k: number, random: () => number): Int32Array {
  const n = matrix.rows;
  const labels = new Int32Array(n).fill(-1);
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const dense = new Float32Array(matrix.cols);
  const rows: number[] = [];
  for (let r = 0; r < n; r++) if (matrix.indptr[r + 1] > matrix.indptr[r]) rows.push(r);
  if (rows.length === 0) return labels;
  let seed = rows[Math.floor(random() * rows.length)];
  for (let c = 0; c < Math.min(k, rows.length); c++) {
    for (let p = matrix.indptr[seed]; p < matrix.indptr[seed + 1]; p++) dense[matrix.indices[p]] = matrix.values[p];
    let potential = 0;
    for (const r of rows) {
      let dot = 0;
      for (let p = matrix.indptr[r]; p < matrix.indptr[r + 1]; p++) dot += dense[matrix.indices[p]] * matrix.values[p];
      const d = Math.max(0, 1 - dot) ** 2;
      if (d < nearest[r]) {
        nearest[r] = d;
        labels[r] = c;
      }
      potential += nearest[r];
    }
    for (let p = matrix.indptr[seed]; p < matrix.indptr[seed + 1]; p++) dense[matrix.indices[p]] = 0;
    let target = random() * potential;
    seed = rows[rows.length - 1];
    for (const r of rows) {
      target -= nearest[r];
      if (target <= 0) {
        seed = r;
        break;
      }
    }
  }
  return labels;
}
