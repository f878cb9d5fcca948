/** Compressed sparse rows: row i has columns indices[indptr[i] .. indptr[i + 1]). */
export interface CsrMatrix {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** Column-major copy (CSR of the transpose): for a TF-IDF matrix, the rows containing each term. */
export function transpose(matrix: CsrMatrix): CsrMatrix {
  const counts = new Int32Array(matrix.cols + 1);
  for (let p = 0; p < matrix.indices.length; p++) counts[matrix.indices[p] + 1]++;
  for (let c = 0; c < matrix.cols; c++) counts[c + 1] += counts[c];
  const indptr = counts.slice();
  const cursor = counts.slice(0, matrix.cols);
  const indices = new Int32Array(matrix.indices.length);
  const values = new Float32Array(matrix.indices.length);
  for (let r = 0; r < matrix.rows; r++) {
    for (let p = matrix.indptr[r]; p < matrix.indptr[r + 1]; p++) {
      const at = cursor[matrix.indices[p]]++;
      indices[at] = r;
      values[at] = matrix.values[p];
    }
  }
  return { rows: matrix.cols, cols: matrix.rows, indptr, indices, values };
}
