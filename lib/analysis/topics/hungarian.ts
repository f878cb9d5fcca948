/**
 * Optimal assignment (Kuhn–Munkres, "Hungarian" algorithm) in O(n²m) with row/column potentials,
 * after the shortest-augmenting-path formulation (Jonker & Volgenant 1987). Minimises total cost.
 * Used to match topics across runs and to score clusterings against labels.
 */

/**
 * For a `rows × cols` cost matrix (row-major, rows ≤ cols), the column given to each row.
 * With rows > cols, pass the transpose: every row of the smaller side gets a distinct partner.
 */
export function minCostAssignment(cost: Float64Array, rows: number, cols: number): Int32Array {
  if (rows > cols) throw new Error('minCostAssignment needs rows <= cols; pass the transpose');
  const INF = Number.POSITIVE_INFINITY;
  // 1-based arrays as in the classic formulation; index 0 is the virtual start.
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const rowOfCol = new Int32Array(cols + 1);
  const way = new Int32Array(cols + 1);
  const minv = new Float64Array(cols + 1);
  const used = new Uint8Array(cols + 1);
  for (let i = 1; i <= rows; i++) {
    rowOfCol[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOfCol[j0];
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const reduced = cost[(i0 - 1) * cols + (j - 1)] - u[i0] - v[j];
        if (reduced < minv[j]) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[rowOfCol[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (rowOfCol[j0] !== 0);
    do {
      const j1 = way[j0];
      rowOfCol[j0] = rowOfCol[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const colOfRow = new Int32Array(rows).fill(-1);
  for (let j = 1; j <= cols; j++) if (rowOfCol[j] > 0) colOfRow[rowOfCol[j] - 1] = j - 1;
  return colOfRow;
}

/** Pairs (row, col) maximising the summed weight of a `rows × cols` weight matrix (any shape). */
export function maxWeightMatching(weight: Float64Array, rows: number, cols: number): [number, number][] {
  const transpose = rows > cols;
  const r = transpose ? cols : rows;
  const c = transpose ? rows : cols;
  const cost = new Float64Array(r * c);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const w = weight[i * cols + j];
      if (transpose) cost[j * c + i] = -w;
      else cost[i * c + j] = -w;
    }
  }
  const partner = minCostAssignment(cost, r, c);
  const pairs: [number, number][] = [];
  for (let i = 0; i < r; i++) if (partner[i] >= 0) pairs.push(transpose ? [partner[i], i] : [i, partner[i]]);
  return pairs;
}
