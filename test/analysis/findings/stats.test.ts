import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  benjaminiHochberg,
  betaQuantile,
  binomialCdf,
  binomialPmf,
  binomialTestTwoSided,
  binomialUpperTail,
  bonferroni,
  clopperPearson,
  compareRates,
  fisherExactTest,
  fisherSmallestAttainableP,
  formatPValue,
  logGamma,
  mad,
  median,
  poissonCdf,
  poissonPmf,
  poissonUpperTail,
  quantile,
  regularizedBeta,
  standardDeviation,
  studentTUpperTail,
} from '@/lib/analysis/stats';

// Reference values from R (stats::binom.test, ppois, qbeta, p.adjust) cross-checked with
// scipy 1.17 (binomtest, poisson.sf, betainc, betaincinv, false_discovery_control).

describe('special functions', () => {
  it('log-gamma matches known values', () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(1e-5)).toBeCloseTo(11.512919692895824, 9);
    expect(logGamma(123.4)).toBeCloseTo(469.33609744219063, 9);
    expect(logGamma(1e6) / 12815504.569147611).toBeCloseTo(1, 12);
  });

  it('regularized incomplete beta matches closed forms and scipy', () => {
    // I_0.3(2, 5) = P(Binomial(6, 0.3) ≥ 2) exactly.
    expect(regularizedBeta(0.3, 2, 5)).toBeCloseTo(0.579825, 12);
    expect(regularizedBeta(0.2, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(0.2)), 12);
    expect(regularizedBeta(0.31, 300, 700)).toBeCloseTo(0.7564186827315443, 9);
  });

  // Shapes ≥ 0.5: below that the density is so steep at 0 or 1 that the exact quantile is not
  // representable next to 1 in double precision (Clopper–Pearson only uses shapes ≥ 1).
  it('beta quantile inverts the incomplete beta to 1e-6', () => {
    expect(betaQuantile(0.025, 3.5, 8)).toBeCloseTo(0.08784580031055192, 9);
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        (p, a, b) => Math.abs(regularizedBeta(betaQuantile(p, a, b), a, b) - p) < 1e-6,
      ),
      { numRuns: 200 },
    );
  });
});

describe('Poisson and binomial distributions', () => {
  it('Poisson upper tail equals ppois(k − 1, λ, lower = FALSE)', () => {
    expect(poissonUpperTail(10, 3)).toBeCloseTo(0.0011024881301154815, 12); // ppois(9, 3, lower=FALSE)
    expect(poissonUpperTail(1100, 1000) / 0.0009626304058665587).toBeCloseTo(1, 8);
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
  });

  it('Poisson cdf + upper tail is 1 and the pmf sums to the cdf', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0.01, max: 80, noNaN: true }), (k, lambda) => {
        let sum = 0;
        for (let i = 0; i <= k; i++) sum += poissonPmf(i, lambda);
        return Math.abs(poissonCdf(k, lambda) - sum) < 1e-10 && Math.abs(poissonCdf(k, lambda) + poissonUpperTail(k + 1, lambda) - 1) < 1e-12;
      }),
      { numRuns: 200 },
    );
  });

  it('binomial cdf and upper tail agree with summed pmf', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.nat(), (n, p, seed) => {
        const k = seed % (n + 1);
        let sum = 0;
        for (let i = 0; i <= k; i++) sum += binomialPmf(i, n, p);
        return Math.abs(binomialCdf(k, n, p) - sum) < 1e-9 && Math.abs(binomialUpperTail(k + 1, n, p) - (1 - sum)) < 1e-9;
      }),
      { numRuns: 200 },
    );
  });

  it('Student t upper tail matches scipy', () => {
    expect(studentTUpperTail(3.2, 10)).toBeCloseTo(0.004745847897651918, 12);
    expect(studentTUpperTail(5, 60) / 2.644012105337133e-6).toBeCloseTo(1, 8);
    expect(studentTUpperTail(-3.2, 10)).toBeCloseTo(1 - 0.004745847897651918, 12);
  });
});

describe('exact binomial test (two-sided, minimum likelihood)', () => {
  it('matches R binom.test', () => {
    // The brief quoted 0.1011 for binom.test(7, 20, 0.2); R's algorithm (stats/R/binom.test.R:
    // sum of dbinom ≤ dbinom(7)·(1 + 1e-7)) gives dbinom(0) + P(X ≥ 7) = 0.09822, as does scipy.
    expect(binomialTestTwoSided(7, 20, 0.2)).toBeCloseTo(0.09822172861346881, 10);
    expect(binomialTestTwoSided(15, 20, 0.5)).toBeCloseTo(0.04138946533203125, 12);
    expect(binomialTestTwoSided(3, 50, 0.2)).toBeCloseTo(0.011917135597017944, 12);
    expect(binomialTestTwoSided(900, 2000, 0.43)).toBeCloseTo(0.0743854144134869, 10);
    expect(binomialTestTwoSided(4, 20, 0.2)).toBe(1);
  });

  it('equals the brute-force sum over all outcomes no likelier than the observed one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.nat(), (n, p, seed) => {
        const k = seed % (n + 1);
        const d = binomialPmf(k, n, p) * (1 + 1e-7);
        let brute = 0;
        for (let i = 0; i <= n; i++) if (binomialPmf(i, n, p) <= d) brute += binomialPmf(i, n, p);
        return Math.abs(binomialTestTwoSided(k, n, p) - Math.min(1, brute)) < 1e-9;
      }),
      { numRuns: 300 },
    );
  });
});

describe('Clopper–Pearson interval', () => {
  it('matches binom.test(7, 20)$conf.int and the edge cases', () => {
    const ci = clopperPearson(7, 20);
    expect(ci.low).toBeCloseTo(0.1539092047845412, 7);
    expect(ci.high).toBeCloseTo(0.5921885345328283, 7);
    expect(clopperPearson(0, 20)).toEqual({ low: 0, high: expect.closeTo(0.16843347098308548, 7) });
    expect(clopperPearson(20, 20)).toEqual({ low: expect.closeTo(0.8315665290169145, 7), high: 1 });
    const big = clopperPearson(123, 4567, 0.99);
    expect(big.low).toBeCloseTo(0.021148428403451904, 8);
    expect(big.high).toBeCloseTo(0.033724834185300416, 8);
  });

  it('its bounds are where the one-sided tails equal α/2', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.nat(), (n, seed) => {
        const k = 1 + (seed % n); // 1..n
        const { low } = clopperPearson(k, n);
        return Math.abs(binomialUpperTail(k, n, low) - 0.025) < 1e-6;
      }),
      { numRuns: 100 },
    );
  });
});

describe('rate comparison (conditional binomial)', () => {
  it('reproduces poisson.test(c(10, 2), c(1, 1))', () => {
    const r = compareRates(10, 1, 2, 1);
    expect(r.rateRatio).toBe(5);
    expect(r.pValue).toBeCloseTo(0.03857421875, 12); // binom.test(10, 12, 0.5)
    // CP interval of 10/12, [0.51586, 0.97914], mapped through π/(1−π).
    expect(r.ciLow).toBeCloseTo(0.5158622513139235 / (1 - 0.5158622513139235), 5);
    expect(r.ciHigh).toBeCloseTo(0.9791374745403382 / (1 - 0.9791374745403382), 3);
  });

  it('uses exposures: equal rates on unequal exposures are not different', () => {
    const r = compareRates(40, 2, 20, 1);
    expect(r.rateRatio).toBe(1);
    expect(r.pValue).toBe(1);
    expect(r.ciLow).toBeLessThan(1);
    expect(r.ciHigh).toBeGreaterThan(1);
  });
});

describe('Fisher exact test', () => {
  // scipy.stats.fisher_exact and contingency.odds_ratio(kind="conditional").confidence_interval().
  it('matches fisher.test p-values and conditional odds-ratio intervals', () => {
    const cases: [number[], number, number, number, number][] = [
      [[7, 2, 3, 8], 0.06977851869492735, 0.034889259347463675, 0.8821151869366866, 127.00902532429134],
      [[31, 12, 420, 880], 1.94070688762042e-7, 1.77973310125266e-7, 2.666918965992703, 11.6796848093991],
      [[0, 5, 10, 10], 0.06126482213438734, 1, 0, 1.45164368251124],
      [[12, 0, 300, 620], 1.7168258967578342e-6, 1.7168258967578342e-6, 5.682645617017149, Infinity],
      [[134, 268, 425, 851], 1, 0.5189278480568427, 0.7825011330970255, 1.2774680998853087],
    ];
    for (const [[a, b, c, d], p, greater, low, high] of cases) {
      const r = fisherExactTest(a, b, c, d);
      expect(r.pValue / p).toBeCloseTo(1, 8);
      expect(r.pValueGreater / greater).toBeCloseTo(1, 8);
      expect(r.ciLow).toBeCloseTo(low, 6);
      if (high === Infinity) expect(r.ciHigh).toBe(Infinity);
      else expect(r.ciHigh / high).toBeCloseTo(1, 6);
    }
  });

  it('approaches the binomial rate test when the exposure is large', () => {
    const fisher = fisherExactTest(30, 40, 300_000, 800_000);
    const binomial = compareRates(30, 300_000, 40, 800_000);
    expect(fisher.pValue).toBeCloseTo(binomial.pValue, 3);
    expect(fisher.ciLow).toBeCloseTo(binomial.ciLow, 2);
    expect(fisher.ciHigh).toBeCloseTo(binomial.ciHigh, 2);
  });

  it('knows the smallest p-value a table with given margins can reach', () => {
    // 3 tickets, a third of the volume after: at best all 3 after, p ≈ (1/3)^3 + tail.
    expect(fisherSmallestAttainableP(3, 300, 900)).toBeGreaterThan(0.03);
    expect(fisherSmallestAttainableP(20, 300, 900)).toBeLessThan(1e-6);
  });
});

describe('multiple testing', () => {
  it('Benjamini–Hochberg matches p.adjust(p, "BH")', () => {
    const q = benjaminiHochberg([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]);
    const expected = [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.084571428571, 0.205];
    q.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 9));
    expect(benjaminiHochberg([0.04, 0.01, 0.03, 0.5, 0.02]).map((v) => Number(v.toFixed(10)))).toEqual([0.05, 0.05, 0.05, 0.5, 0.05]);
    expect(benjaminiHochberg([])).toEqual([]);
  });

  it('Bonferroni multiplies by the number of tests, capped at 1', () => {
    expect(bonferroni([0.01, 0.3])).toEqual([0.02, 0.6]);
    expect(bonferroni([0.6, 0.7])).toEqual([1, 1]);
  });
});

describe('descriptive statistics', () => {
  it('median, quantile (type 7), MAD and sd match R', () => {
    const x = [2, 9, 4, 7, 1, 12];
    expect(median(x)).toBe(5.5);
    expect(quantile(x, 0.25)).toBe(2.5); // quantile(x, 0.25) in R
    expect(quantile(x, 0.9)).toBe(10.5);
    expect(mad(x)).toBeCloseTo(1.4826 * 3.5, 12); // mad(x): |x − 5.5| = 3.5 3.5 1.5 1.5 4.5 6.5 → 3.5
    expect(mad(x, 1)).toBe(3.5);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935, 8);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('formats p-values briefly', () => {
    expect(formatPValue(3.2e-9)).toBe('3e-9');
    expect(formatPValue(0.0123)).toBe('0.012');
    expect(formatPValue(0.00042)).toBe('4e-4');
    expect(formatPValue(1)).toBe('1');
  });
});
