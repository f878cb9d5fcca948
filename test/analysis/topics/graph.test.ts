import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centroidsFromAssignment } from '@/lib/analysis/topics/centroids';
import { mergeLinkedCommunities } from '@/lib/analysis/topics/communities';
import { cosineKnn, symmetrize, type WeightedGraph } from '@/lib/analysis/topics/knn-graph';
import { louvain, modularity } from '@/lib/analysis/topics/louvain';
import { planMerges } from '@/lib/analysis/topics/merge';
import { selectRepresentatives } from '@/lib/analysis/topics/representatives';
import type { CsrMatrix } from '@/lib/analysis/topics/sparse';

/** Unit-length sparse rows from dense ones. */
function csr(rows: number[][]): CsrMatrix {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    const norm = Math.sqrt(row.reduce((s, v) => s + v * v, 0));
    row.forEach((v, j) => {
      if (v !== 0) {
        indices.push(j);
        values.push(v / norm);
      }
    });
    indptr.push(indices.length);
  }
  return {
    rows: rows.length,
    cols: rows[0]?.length ?? 0,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
}

function graphOf(n: number, edges: [number, number, number][]): WeightedGraph {
  const lists: [number, number][][] = Array.from({ length: n }, () => []);
  for (const [a, b, w] of edges) {
    lists[a].push([b, w]);
    lists[b].push([a, w]);
  }
  const indptr = [0];
  const indices: number[] = [];
  const weights: number[] = [];
  for (const list of lists) {
    for (const [b, w] of list) {
      indices.push(b);
      weights.push(w);
    }
    indptr.push(indices.length);
  }
  return { n, indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), weights: Float64Array.from(weights) };
}

const clique = (nodes: number[]): [number, number, number][] =>
  nodes.flatMap((a, i) => nodes.slice(i + 1).map((b) => [a, b, 1] as [number, number, number]));

describe('cosineKnn', () => {
  it('finds the same nearest-neighbour similarities as brute force', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat(3), { minLength: 6, maxLength: 6 }), { minLength: 3, maxLength: 25 }),
        (dense) => {
          const rows = dense.map((r) => (r.some((v) => v > 0) ? r : [1, 0, 0, 0, 0, 0]));
          const matrix = csr(rows);
          const k = 3;
          const knn = cosineKnn(matrix, k, { commonTermShare: 1, candidateFactor: 4 });
          const cos = (a: number, b: number) => {
            let dot = 0;
            for (let p = matrix.indptr[a]; p < matrix.indptr[a + 1]; p++)
              for (let q = matrix.indptr[b]; q < matrix.indptr[b + 1]; q++)
                if (matrix.indices[p] === matrix.indices[q]) dot += matrix.values[p] * matrix.values[q];
            return dot;
          };
          for (let i = 0; i < rows.length; i++) {
            const expected = rows
              .map((_, j) => j)
              .filter((j) => j !== i && cos(i, j) > 0)
              .map((j) => cos(i, j))
              .sort((a, b) => b - a)
              .slice(0, k);
            const found = Array.from(knn.similarities.subarray(i * k, i * k + expected.length));
            expected.forEach((s, r) => expect(found[r]).toBeCloseTo(s, 5));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('louvain', () => {
  it('separates two cliques joined by one edge', () => {
    const graph = graphOf(10, [...clique([0, 1, 2, 3, 4]), ...clique([5, 6, 7, 8, 9]), [4, 5, 1]]);
    const labels = louvain(graph, { resolution: 1, seed: 1 });
    expect(new Set(labels.slice(0, 5)).size).toBe(1);
    expect(new Set(labels.slice(5)).size).toBe(1);
    expect(labels[0]).not.toBe(labels[9]);
    expect(modularity(graph, labels, 1)).toBeCloseTo(2 * (10 / 21 - 0.25), 10);
  });

  it('splits more finely at a higher resolution', () => {
    const graph = graphOf(12, [...clique([0, 1, 2, 3, 4, 5]), ...clique([6, 7, 8, 9, 10, 11]), [5, 6, 1]]);
    const coarse = new Set(louvain(graph, { resolution: 0.5, seed: 1 })).size;
    const fine = new Set(louvain(graph, { resolution: 4, seed: 1 })).size;
    expect(fine).toBeGreaterThan(coarse);
  });
});

describe('merging', () => {
  it('rejoins pieces of one dense group but not separate groups', () => {
    // Two cliques, each cut in two pieces (labels 0/1 and 2/3).
    const graph = graphOf(12, [...clique([0, 1, 2, 3, 4, 5]), ...clique([6, 7, 8, 9, 10, 11])]);
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    const merged = mergeLinkedCommunities(graph, labels, 0.3);
    expect(merged[0]).toBe(merged[5]);
    expect(merged[6]).toBe(merged[11]);
    expect(merged[0]).not.toBe(merged[6]);
  });

  it('merges centroids down to the requested number, most similar first', () => {
    const matrix = csr([
      [1, 0.1, 0, 0],
      [1, 0.2, 0, 0],
      [0.9, 0.3, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 1, 0.1],
    ]);
    const labels = Int32Array.from([0, 1, 2, 3, 4]);
    const centroids = centroidsFromAssignment(matrix, labels, 5, 10);
    const cosines = new Float64Array(25);
    for (let a = 0; a < 5; a++)
      for (let b = 0; b < 5; b++) {
        let dot = 0;
        for (let p = centroids.indptr[a]; p < centroids.indptr[a + 1]; p++)
          for (let q = centroids.indptr[b]; q < centroids.indptr[b + 1]; q++)
            if (centroids.terms[p] === centroids.terms[q]) dot += centroids.weights[p] * centroids.weights[q];
        cosines[a * 5 + b] = dot;
      }
    const group = planMerges({ cosines, sizes: [1, 1, 1, 1, 1], cohesion: centroids.cohesion, k: 5 }, { linkage: 'average', targetK: 2 });
    expect(group[0]).toBe(group[1]);
    expect(group[1]).toBe(group[2]);
    expect(group[3]).toBe(group[4]);
    expect(group[0]).not.toBe(group[3]);
  });
});

describe('selectRepresentatives (MMR)', () => {
  it('prefers a different wording over a near-duplicate of the first pick', () => {
    const vector = (columns: number[], weights: number[]) => ({ columns: Int32Array.from(columns), weights: Float32Array.from(weights) });
    const candidates = [
      { doc: 1, similarity: 0.9, ...vector([0, 1], [0.8, 0.6]) },
      { doc: 2, similarity: 0.89, ...vector([0, 1], [0.8, 0.6]) }, // a duplicate of doc 1
      { doc: 3, similarity: 0.7, ...vector([0, 2], [0.6, 0.8]) },
      { doc: 4, similarity: 0.65, ...vector([1, 3], [0.6, 0.8]) },
    ];
    // With λ = 0.7, once doc 1 is picked the duplicate scores 0.7·0.89 − 0.3·1 = 0.323, below
    // doc 3 (0.7·0.7 − 0.3·0.48 = 0.346) and doc 4 (0.7·0.65 − 0.3·0.36 = 0.347).
    const picked = selectRepresentatives(candidates, 3);
    expect(picked[0]).toBe(1);
    expect([...picked].sort()).toEqual([1, 3, 4]);
    expect(selectRepresentatives(candidates.slice(0, 2), 3)).toEqual([1, 2]);
  });
});
