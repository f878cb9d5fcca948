import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gini, median, quantile, topShare } from '@/lib/analysis/team/stats';

describe('gini', () => {
  it('matches textbook vectors', () => {
    expect(gini([1, 1, 1, 1])).toBe(0);
    expect(gini([0, 0, 0, 1])).toBeCloseTo(0.75, 10); // (n-1)/n: one person carries everything
    expect(gini([1, 2, 3, 4, 5])).toBeCloseTo(4 / 15, 10);
    expect(gini([1, 3])).toBeCloseTo(0.25, 10); // mean |xi - xj| over all pairs / (2 · mean)
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
  });

  it('equals the mean-absolute-difference definition, is scale-free and order-free', () => {
    const loads = fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(loads, fc.integer({ min: 1, max: 9 }), (xs, k) => {
        const n = xs.length;
        const total = xs.reduce((s, x) => s + x, 0);
        let pairs = 0;
        for (const a of xs) for (const b of xs) pairs += Math.abs(a - b);
        const expected = total === 0 ? 0 : pairs / (2 * n * total);
        expect(gini(xs)).toBeCloseTo(expected, 9);
        expect(gini(xs.map((x) => x * k))).toBeCloseTo(gini(xs), 9);
        expect(gini([...xs].reverse())).toBeCloseTo(gini(xs), 9);
        expect(gini(xs)).toBeLessThanOrEqual((n - 1) / n + 1e-12);
      }),
    );
  });
});

describe('topShare (top 20%)', () => {
  it('matches textbook vectors', () => {
    expect(topShare([1, 2, 3, 4, 5])).toBeCloseTo(5 / 15, 10);
    expect(topShare(Array(12).fill(7))).toBeCloseTo(0.2, 10);
    expect(topShare([0, 0, 0, 0, 0, 0, 0, 0, 0, 10])).toBe(1);
    // 12 people: the top 2.4 people → 30 + 20 + 0.4 · 10 of 100.
    expect(topShare([30, 20, 10, 5, 5, 5, 5, 5, 5, 5, 5, 0])).toBeCloseTo(0.54, 10);
    expect(topShare([])).toBe(0);
  });

  it('is never below the fair share and never above 1', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 50 }), (xs) => {
        const share = topShare(xs);
        if (xs.some((x) => x > 0)) expect(share).toBeGreaterThanOrEqual(0.2 - 1e-12);
        expect(share).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});

describe('quantile', () => {
  it('interpolates like R type 7', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([10, 20], 0.75)).toBe(17.5);
    expect(median([])).toBe(0);
  });
});
