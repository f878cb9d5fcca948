import { topicIdFor } from '@/lib/topic-id';
import { describe, expect, it } from 'vitest';
import { buildDailySeries, type DailySeries } from '@/lib/analysis/series';
import { detectSeriesSpikes, detectSpikes } from '@/lib/analysis/spikes';
import { poissonUpperTail } from '@/lib/analysis/stats';
import { dayIndexToIso, isoToDayIndex, weekdayOfDayIndex } from '@/lib/time';
import { generateDailyCounts, generateTickets, OFFICE_WEEK, seededRng } from './helpers/generate';

const START = isoToDayIndex('2024-01-01'); // a Monday
const DAYS = 150;

describe('spikes', () => {
  it('finds a one-day outage with the right day and evidence, and nothing else', () => {
    const outageDay = START + 120; // 2024-04-30, a Tuesday
    const tickets = generateTickets({
      seed: 7,
      startDay: START,
      days: DAYS,
      topics: [
        { topicId: topicIdFor(1), rate: (_, w) => 12 * OFFICE_WEEK[w] + (_ === outageDay ? 30 : 0) },
        { topicId: topicIdFor(2), rate: (_, w) => 40 * OFFICE_WEEK[w] },
        { topicId: topicIdFor(3), rate: (_, w) => 1.5 * OFFICE_WEEK[w] },
      ],
    });
    const daily = buildDailySeries(tickets, { timeZone: 'UTC' });
    const spikes = detectSpikes(daily);
    const topicSpikes = spikes.filter((s) => s.topicId === topicIdFor(1));
    expect(topicSpikes).toHaveLength(1);
    const [spike] = topicSpikes;
    expect(spike.day).toBe('2024-04-30');
    expect(spike.count).toBe(daily.byTopic.get(topicIdFor(1))!.counts[120]);
    expect(spike.expected).toBeGreaterThan(8);
    expect(spike.expected).toBeLessThan(16);
    expect(spike.evidence).toMatch(/^\d+ vs ~\d+(\.\d)? expected for a Tuesday \(.*p = \d(e-\d+|\.\d+)/);
    expect(spike.adjustedPValue).toBeLessThanOrEqual(0.01);
    expect(spikes.filter((s) => s.topicId !== topicIdFor(1) && s.topicId !== null)).toEqual([]);
    expect(JSON.parse(JSON.stringify(spikes))).toEqual(spikes);
  });

  it('uses a Poisson test for a sparse topic and still finds its burst', () => {
    const burstDay = START + 130;
    const rng = seededRng(5);
    const series = generateDailyCounts(rng, START, DAYS, (d, w) => 0.8 * OFFICE_WEEK[w] + (d === burstDay ? 11 : 0));
    const reference = generateDailyCounts(rng, START, DAYS, (_, w) => 100 * OFFICE_WEEK[w]);
    const spikes = detectSeriesSpikes(series, topicIdFor(9), {}, reference);
    expect(spikes.map((s) => s.day)).toEqual([dayIndexToIso(burstDay)]);
    expect(spikes[0].method).toBe('poisson');
    expect(spikes[0].evidence).toContain('Poisson p =');
  });

  it('does not shout about 3 tickets vs 0.4 expected, even though the raw p-value is small', () => {
    const series: DailySeries = { startDay: START, counts: new Int32Array(60) };
    series.counts[59] = 4; // a single customer filing the same problem four times
    series.counts[20] = 1;
    expect(detectSeriesSpikes(series, topicIdFor(4), { alpha: 0.5 })).toEqual([]);
    expect(poissonUpperTail(4, 0.05)).toBeLessThan(1e-5);
    // The same day with enough tickets is a spike.
    series.counts[59] = 9;
    expect(detectSeriesSpikes(series, topicIdFor(4)).map((s) => s.day)).toEqual([dayIndexToIso(START + 59)]);
  });

  it('a weekday pattern alone (Mondays 2× Sundays) produces no spikes', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = seededRng(seed);
      // A strong pattern: Mondays 60, Sundays 30, dense enough for the seasonal method.
      const dense = generateDailyCounts(rng, START, DAYS, (_, w) => 60 * OFFICE_WEEK[w]);
      const sparse = generateDailyCounts(rng, START, DAYS, (_, w) => 3 * OFFICE_WEEK[w]);
      expect(detectSeriesSpikes(dense, null)).toEqual([]);
      expect(detectSeriesSpikes(sparse, topicIdFor(1), {}, dense)).toEqual([]);
    }
    // Without weekday awareness the Mondays would stand out: check the pattern is really there.
    const rng = seededRng(1);
    const dense = generateDailyCounts(rng, START, DAYS, (_, w) => 60 * OFFICE_WEEK[w]);
    const mondays = Array.from(dense.counts).filter((_, i) => weekdayOfDayIndex(START + i) === 1);
    const sundays = Array.from(dense.counts).filter((_, i) => weekdayOfDayIndex(START + i) === 0);
    expect(mondays.reduce((a, b) => a + b) / sundays.reduce((a, b) => a + b)).toBeGreaterThan(1.8);
  });

  it('never looks ahead: later days do not change the verdict on earlier ones', () => {
    const rng = seededRng(8);
    const series = generateDailyCounts(rng, START, DAYS, (d, w) => 20 * OFFICE_WEEK[w] + (d === START + 100 ? 40 : 0));
    const window = { startDay: START + 60, endDay: START + 110 };
    const before = detectSeriesSpikes(series, topicIdFor(1), { window });
    const altered = { startDay: series.startDay, counts: series.counts.slice() };
    for (let i = 101; i < DAYS; i++) altered.counts[i] = 500; // a huge future that would swamp any baseline
    const after = detectSeriesSpikes(altered, topicIdFor(1), { window: { startDay: START + 60, endDay: START + 100 } });
    expect(before.map((s) => s.day)).toEqual([dayIndexToIso(START + 100)]);
    expect(after.map(({ day, expected, pValue }) => ({ day, expected, pValue }))).toEqual(
      before.map(({ day, expected, pValue }) => ({ day, expected, pValue })),
    );
  });

  it('needs three weeks of history before testing a day', () => {
    const series: DailySeries = { startDay: START, counts: new Int32Array(30).fill(10) };
    series.counts[15] = 80;
    series.counts[25] = 80;
    expect(detectSeriesSpikes(series, topicIdFor(1), { window: { startDay: START, endDay: START + 29 } }).map((s) => s.day)).toEqual([
      dayIndexToIso(START + 25),
    ]);
  });

  /**
   * Pure noise: 200 seeds of stationary Poisson series with the office weekday pattern, for a dense
   * (60/day), a medium (6/day) and a sparse (1/day) series, 90 tested days each, alpha = 0.05 per
   * series. The Bonferroni bound says P(any spike) ≤ 0.05 per series; with 200 seeds the observed
   * share has a standard error of √(0.05·0.95/200) ≈ 0.015, so ≤ 0.05 + 3 s.e. ≈ 0.095 must hold
   * unless the test is miscalibrated (without the correction it would be ≈ 1 − 0.95^90 ≈ 99%).
   */
  it('pure noise yields spikes in at most the nominal share of series', () => {
    const seeds = 200;
    const alpha = 0.05;
    const hits = { dense: 0, medium: 0, sparse: 0 };
    for (let seed = 1; seed <= seeds; seed++) {
      const rng = seededRng(1000 + seed);
      const dense = generateDailyCounts(rng, START, DAYS, (_, w) => 60 * OFFICE_WEEK[w]);
      const medium = generateDailyCounts(rng, START, DAYS, (_, w) => 6 * OFFICE_WEEK[w]);
      const sparse = generateDailyCounts(rng, START, DAYS, (_, w) => 1 * OFFICE_WEEK[w]);
      if (detectSeriesSpikes(dense, null, { alpha }).length) hits.dense++;
      if (detectSeriesSpikes(medium, topicIdFor(1), { alpha }, dense).length) hits.medium++;
      if (detectSeriesSpikes(sparse, topicIdFor(2), { alpha }, dense).length) hits.sparse++;
    }
    console.log(`false-positive share over ${seeds} seeds (alpha ${alpha} per series):`, hits);
    for (const count of Object.values(hits)) expect(count / seeds).toBeLessThanOrEqual(0.095);
  });
});
