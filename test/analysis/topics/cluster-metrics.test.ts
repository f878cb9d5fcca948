import { describe, expect, it } from 'vitest';
import {
  adjustedMutualInfo,
  adjustedRandIndex,
  clusteringAccuracy,
  normalizedMutualInfo,
  scoreClustering,
} from '@/lib/analysis/cluster-metrics';
import { maxWeightMatching, minCostAssignment } from '@/lib/analysis/topics/hungarian';

describe('cluster metrics', () => {
  it('scores identical partitions (up to renaming) as 1', () => {
    const truth = ['a', 'a', 'b', 'b', 'c', 'c', 'c'];
    const renamed = [7, 7, 3, 3, 9, 9, 9];
    const s = scoreClustering(truth, renamed);
    expect(s.nmi).toBeCloseTo(1, 12);
    expect(s.ari).toBeCloseTo(1, 12);
    expect(s.ami).toBeCloseTo(1, 12);
    expect(s.accuracy).toBe(1);
  });

  // Reference values computed with scikit-learn 1.2 (metrics.cluster, default arithmetic normaliser).
  it.each([
    [[0, 0, 1, 1], [0, 0, 1, 2], 0.5714285714285714, 0.7999999999999999, 0.5714285714285715],
    [[0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2], 0.24242424242424243, 0.5158037429793888, 0.2987924581708899],
    [[0, 0, 1, 1, 2, 2, 2, 3], [1, 1, 0, 0, 0, 2, 2, 2], 0.3684210526315789, 0.7020168761809934, 0.4617117168810955],
    [[0, 0, 0, 0], [0, 1, 2, 3], 0, 0, 0],
  ])('matches scikit-learn on %j vs %j', (truth, predicted, ari, nmi, ami) => {
    expect(adjustedRandIndex(truth, predicted)).toBeCloseTo(ari, 10);
    expect(normalizedMutualInfo(truth, predicted)).toBeCloseTo(nmi, 10);
    expect(adjustedMutualInfo(truth, predicted)).toBeCloseTo(ami, 10);
  });

  it('computes clustering accuracy with the best one-to-one mapping', () => {
    expect(clusteringAccuracy([0, 0, 1, 1], [0, 0, 1, 2])).toBe(0.75);
    // Cluster x cannot stand for both classes: b→x (3) + a→y (1) beats a→x (2) + b→y (0).
    expect(clusteringAccuracy(['a', 'a', 'a', 'b', 'b', 'b'], ['x', 'x', 'y', 'x', 'x', 'x'])).toBeCloseTo(4 / 6, 12);
    expect(clusteringAccuracy([1, 1, 2, 2, 3, 3], [5, 5, 6, 6, 6, 6])).toBeCloseTo(4 / 6, 12);
  });

  it('gives ARI ≈ 0 for an unrelated random partition', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const truth = Array.from({ length: 4000 }, () => Math.floor(random() * 10));
    const predicted = Array.from({ length: 4000 }, () => Math.floor(random() * 10));
    expect(Math.abs(adjustedRandIndex(truth, predicted))).toBeLessThan(0.01);
    expect(Math.abs(adjustedMutualInfo(truth, predicted))).toBeLessThan(0.01);
  });
});

describe('Hungarian assignment', () => {
  it('finds the minimum-cost assignment', () => {
    // Classic 3×3 example: optimal cost 5 (rows → columns 1, 0, 2).
    const cost = Float64Array.from([4, 1, 3, 2, 0, 5, 3, 2, 2]);
    expect(Array.from(minCostAssignment(cost, 3, 3))).toEqual([1, 0, 2]);
  });

  it('handles rectangular weight matrices in both orientations', () => {
    const weights = Float64Array.from([1, 9, 2, 8, 1, 3]); // 2 × 3
    expect(maxWeightMatching(weights, 2, 3)).toEqual([
      [0, 1],
      [1, 0],
    ]);
    const transposed = Float64Array.from([1, 8, 9, 1, 2, 3]); // 3 × 2
    expect(maxWeightMatching(transposed, 3, 2).sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});
