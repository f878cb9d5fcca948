import { topicIdFor } from '@/lib/topic-id';
import { describe, expect, it } from 'vitest';
import {
  buildDailySeries,
  countByDay,
  dayRangeFromIso,
  seriesPoints,
  sliceSeries,
  sumOverRange,
  toWeeklySeries,
  weeklyPoints,
  zeroFilledSeries,
} from '@/lib/analysis/series';
import { isoToDayIndex } from '@/lib/time';
import { AppError } from '@/db/errors';
import { seededRng } from './helpers/generate';

const utc = (iso: string) => Date.parse(iso);

describe('daily series', () => {
  it('buckets by local day across the New York DST changes', () => {
    const tickets = [
      // Spring forward, Sunday 2024-03-10: 02:00 EST → 03:00 EDT.
      { createdAt: utc('2024-03-10T04:59:59Z'), topicId: topicIdFor(1) }, // 23:59:59 EST on 03-09
      { createdAt: utc('2024-03-10T05:00:00Z'), topicId: topicIdFor(1) }, // 00:00 EST on 03-10
      { createdAt: utc('2024-03-10T06:30:00Z'), topicId: topicIdFor(1) }, // 01:30 EST
      { createdAt: utc('2024-03-10T07:30:00Z'), topicId: topicIdFor(1) }, // 03:30 EDT (02:30 never happened)
      { createdAt: utc('2024-03-11T03:59:59Z'), topicId: topicIdFor(1) }, // 23:59:59 EDT on 03-10
      { createdAt: utc('2024-03-11T04:00:00Z'), topicId: topicIdFor(1) }, // 00:00 EDT on 03-11
      // Fall back, Sunday 2024-11-03: 02:00 EDT → 01:00 EST, 01:xx happens twice.
      { createdAt: utc('2024-11-03T03:59:59Z'), topicId: topicIdFor(2) }, // 23:59:59 EDT on 11-02
      { createdAt: utc('2024-11-03T05:30:00Z'), topicId: topicIdFor(2) }, // 01:30 EDT on 11-03
      { createdAt: utc('2024-11-03T06:30:00Z'), topicId: topicIdFor(2) }, // 01:30 EST on 11-03 (second time)
      { createdAt: utc('2024-11-04T04:59:59Z'), topicId: topicIdFor(2) }, // 23:59:59 EST on 11-03
      { createdAt: utc('2024-11-04T05:00:00Z'), topicId: null }, // 00:00 EST on 11-04
    ];
    const daily = buildDailySeries(tickets, { timeZone: 'America/New_York' });
    const nonZero = (s: { startDay: number; counts: Int32Array }) =>
      seriesPoints(s).filter((p) => p.count > 0).map((p) => `${p.day}:${p.count}`);
    expect(nonZero(daily.byTopic.get(topicIdFor(1))!)).toEqual(['2024-03-09:1', '2024-03-10:4', '2024-03-11:1']);
    expect(nonZero(daily.byTopic.get(topicIdFor(2))!)).toEqual(['2024-11-02:1', '2024-11-03:3']);
    expect(nonZero(daily.unclustered)).toEqual(['2024-11-04:1']);
    expect(daily.range).toEqual({ startDay: isoToDayIndex('2024-03-09'), endDay: isoToDayIndex('2024-11-04') });
    // In UTC the same instants fall on other days.
    const inUtc = buildDailySeries(tickets, { timeZone: 'UTC' });
    expect(nonZero(inUtc.byTopic.get(topicIdFor(1))!)).toEqual(['2024-03-10:4', '2024-03-11:2']);
  });

  it('zero-fills every day of the requested range and skips tickets outside it', () => {
    const range = dayRangeFromIso('2024-01-01', '2024-01-10');
    const tickets = [
      { createdAt: utc('2023-12-31T12:00:00Z'), topicId: topicIdFor(7) },
      { createdAt: utc('2024-01-03T12:00:00Z'), topicId: topicIdFor(7) },
      { createdAt: utc('2024-01-03T13:00:00Z'), topicId: topicIdFor(7) },
      { createdAt: utc('2024-01-11T00:00:00Z'), topicId: topicIdFor(7) },
    ];
    const daily = buildDailySeries(tickets, { timeZone: 'UTC', range });
    const points = seriesPoints(daily.byTopic.get(topicIdFor(7))!);
    expect(points).toHaveLength(10);
    expect(points[0]).toEqual({ day: '2024-01-01', count: 0 });
    expect(points[2]).toEqual({ day: '2024-01-03', count: 2 });
    expect(points.reduce((s, p) => s + p.count, 0)).toBe(2);
    expect(Array.from(daily.total.counts)).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('slices and sums with zeros outside the data', () => {
    const series = countByDay([10, 10, 12], { startDay: 10, endDay: 12 });
    expect(Array.from(series.counts)).toEqual([2, 0, 1]);
    expect(Array.from(sliceSeries(series, { startDay: 8, endDay: 11 }).counts)).toEqual([0, 0, 2, 0]);
    expect(sumOverRange(series, { startDay: 0, endDay: 100 })).toBe(3);
    expect(zeroFilledSeries({ startDay: 5, endDay: 4 }).counts).toHaveLength(0);
  });

  it('rejects an unknown time zone and a reversed range with AppError', () => {
    expect(() => buildDailySeries([], { timeZone: 'Mars/Olympus' })).toThrow(AppError);
    expect(() => dayRangeFromIso('2024-02-01', '2024-01-01')).toThrow(/before it starts/);
  });
});

describe('weekly series', () => {
  it('sums ISO weeks starting on Monday and marks partial edge weeks', () => {
    // 2024-01-03 is a Wednesday; 2024-01-15 a Monday.
    const range = dayRangeFromIso('2024-01-03', '2024-01-15');
    const daily = zeroFilledSeries(range);
    daily.counts.fill(1);
    const weekly = weeklyPoints(toWeeklySeries(daily));
    expect(weekly).toEqual([
      { weekStart: '2024-01-01', count: 5, days: 5 },
      { weekStart: '2024-01-08', count: 7, days: 7 },
      { weekStart: '2024-01-15', count: 1, days: 1 },
    ]);
  });

  it('keeps the total of random daily series', () => {
    const rng = seededRng(3);
    for (let trial = 0; trial < 20; trial++) {
      const startDay = isoToDayIndex('2024-01-01') + Math.floor(rng() * 7);
      const daily = zeroFilledSeries({ startDay, endDay: startDay + Math.floor(rng() * 60) });
      daily.counts.forEach((_, i) => (daily.counts[i] = Math.floor(rng() * 9)));
      const weekly = toWeeklySeries(daily);
      expect(weekly.counts.reduce((a, b) => a + b, 0)).toBe(daily.counts.reduce((a, b) => a + b, 0));
      expect(weekly.daysCovered.reduce((a, b) => a + b, 0)).toBe(daily.counts.length);
    }
  });
});

// How long this takes is measured by the benchmarks (bench/), not asserted here.
describe('volume', () => {
  it('builds daily series for 1M tickets × 50 topics, every ticket counted once', () => {
    const rng = seededRng(11);
    const start = utc('2024-01-01T00:00:00Z');
    const tickets = Array.from({ length: 1_000_000 }, () => ({
      createdAt: start + Math.floor(rng() * 365 * 86_400_000),
      topicId: rng() < 0.05 ? null : topicIdFor(Math.floor(rng() * 50)),
    }));
    const withTopic = tickets.filter((t) => t.topicId !== null).length;
    for (const timeZone of ['UTC', 'Europe/Berlin']) {
      const daily = buildDailySeries(tickets, { timeZone });
      expect(daily.byTopic.size).toBe(50);
      expect(daily.total.counts.reduce((a, b) => a + b, 0)).toBe(1_000_000);
      let inTopics = 0;
      for (const series of daily.byTopic.values()) inTopics += series.counts.reduce((a, b) => a + b, 0);
      expect(inTopics).toBe(withTopic);
    }
  });
});
