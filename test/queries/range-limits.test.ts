/**
 * Issue 20, hole 1: a URL's dates must not make a request unbounded. Every range is kept within
 * the data (and the page says so), every series has at most MAX_SERIES_POINTS points, and a date
 * in year 1 or 9999 is an answer, not a RangeError — at every layer: the pure helpers, the
 * queries behind the pages, the tickets list and the planning report, on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTicketQuery } from '@/lib/ticket-query';
import { getDataRange, getTicketDayRange } from '@/lib/queries/data-range';
import { clampFiltersToData, clampToData, rangeInstants, resolveRange, type DayRange } from '@/lib/queries/filter-sql';
import { getPlanningReport } from '@/lib/queries/report';
import { countTickets, listTickets } from '@/lib/queries/tickets';
import { listTopicWeeklyCounts } from '@/lib/queries/topics';
import { getVolumeSeries } from '@/lib/queries/volume';
import { MAX_SERIES_POINTS, periodCount, periodEnd, periodsOf, seriesGranularity, zeroFill } from '@/lib/queries/zero-fill';
import { isoToDayIndex, dayIndexToIso, localDayStart } from '@/lib/time';
import { TEST_ENGINES } from '../helpers/database';
import { seedDemoDatabase, TIME_ZONE, type SeededDatabase } from './helpers/seed-demo';

const DATA: DayRange = { from: '2024-01-03', to: '2025-02-10' };

describe('dates at the ends of the calendar', () => {
  it('counts days of years 1–99 as those years, not 1901–1999', () => {
    expect(dayIndexToIso(isoToDayIndex('0001-01-01'))).toBe('0001-01-01');
    expect(dayIndexToIso(isoToDayIndex('0099-12-31'))).toBe('0099-12-31');
    expect(isoToDayIndex('0001-01-01')).toBeLessThan(isoToDayIndex('1901-01-01'));
    expect(localDayStart('0050-06-15', 'Europe/Berlin').getUTCFullYear()).toBe(50);
  });

  it('turns 9999-12-31 into instants instead of throwing "Invalid time value"', () => {
    const { start, end } = rangeInstants({ from: '9999-12-30', to: '9999-12-31' }, 'UTC');
    expect(start.toISOString()).toBe('9999-12-30T00:00:00.000Z');
    expect(end.getTime() - start.getTime()).toBe(2 * 86_400_000);
  });
});

describe('keeping a range within the data', () => {
  it('drops bounds past the data and says what is shown', () => {
    expect(clampToData({ from: '0001-01-01', to: '9999-12-30' }, DATA)).toEqual({
      notice: "You asked for 0001-01-01 – 9999-12-30; showing 2024-01-03 – 2025-02-10, the data's range.",
    });
    expect(clampToData({ from: '2024-06-01', to: '9999-12-31' }, DATA)).toEqual({
      from: '2024-06-01',
      notice: "You asked for 2024-06-01 – 9999-12-31; showing 2024-06-01 – 2025-02-10, within the data's range (2024-01-03 – 2025-02-10).",
    });
    expect(clampToData({ from: '2024-06-01', to: '2024-06-30' }, DATA)).toEqual({ from: '2024-06-01', to: '2024-06-30', notice: null });
    expect(clampToData({ from: DATA.from, to: DATA.to }, DATA)).toEqual({ ...DATA, notice: null });
    expect(clampToData({}, DATA)).toEqual({ notice: null });
  });

  it('makes a range that misses the data the empty day next to it', () => {
    const after = clampToData({ from: '2030-01-01', to: '9999-12-31' }, DATA);
    expect(after).toMatchObject({ from: '2025-02-11', to: '2025-02-11' });
    expect(after.notice).toBe('There are no tickets between 2030-01-01 – 9999-12-31: the data covers 2024-01-03 – 2025-02-10.');
    expect(clampToData({ from: '0001-01-01', to: '0001-12-31' }, DATA)).toMatchObject({ from: '2024-01-02', to: '2024-01-02' });
    expect(clampToData({ to: '9999-12-31' }, null)).toEqual({ notice: 'There is no analysed data yet, so the start – 9999-12-31 shows nothing.' });
  });

  it('resolves the clamped filters to a range no longer than the data', () => {
    const { filters } = clampFiltersToData({ from: '0001-01-01', to: '9999-12-30', priority: 'high' }, DATA);
    expect(filters).toEqual({ priority: 'high' });
    expect(resolveRange(filters, DATA)).toEqual(DATA);
  });
});

describe('series points', () => {
  it('never lists more than MAX_SERIES_POINTS periods', () => {
    const everything = { from: '0001-01-01', to: '9999-12-30' };
    expect(() => periodsOf(everything, 'week')).toThrow(/at most 400 points/);
    expect(() => zeroFill([], everything, 'day')).toThrow(/at most 400 points/);
    expect(() => seriesGranularity(everything, 'day')).toThrow(/too long a range/);
  });

  it('draws a long range in coarser buckets', () => {
    expect(seriesGranularity({ from: '2025-01-01', to: '2025-12-31' }, 'day')).toBe('day');
    expect(seriesGranularity({ from: '2024-01-01', to: '2025-12-31' }, 'day')).toBe('week');
    expect(seriesGranularity({ from: '2000-01-01', to: '2025-12-31' }, 'day')).toBe('month');
    expect(seriesGranularity({ from: '1900-01-01', to: '2199-12-31' }, 'week')).toBe('year');
    const tenYears = { from: '2016-01-01', to: '2025-12-31' };
    const months = zeroFill([{ period: '2020-02-01', tickets: 3 }], tenYears, seriesGranularity(tenYears, 'day'));
    expect(months).toHaveLength(120);
    expect(months.find((p) => p.period === '2020-02-01')?.tickets).toBe(3);
    expect(periodEnd('2020-02-01', 'month', tenYears)).toBe('2020-02-29');
    expect(periodEnd('2025-01-01', 'year', { from: '2016-01-01', to: '2025-06-30' })).toBe('2025-06-30');
  });

  it('counts periods without listing them, for any range', () => {
    for (const [range, g] of [
      [{ from: '2025-01-01', to: '2025-03-31' }, 'day'],
      [{ from: '2025-01-01', to: '2025-03-31' }, 'week'],
      [{ from: '2019-11-30', to: '2025-03-01' }, 'month'],
      [{ from: '1999-12-31', to: '2025-01-01' }, 'year'],
    ] as const) {
      expect(periodCount(range, g), `${g}`).toBe(periodsOf(range, g).length);
    }
  });
});

describe.each(TEST_ENGINES)('wide ranges against a demo database (%s)', (engine) => {
  let database: SeededDatabase;
  let data: DayRange;

  beforeAll(async () => {
    database = await seedDemoDatabase(engine, { tickets: 1_500, days: 120 });
    data = (await getDataRange(database.db))!;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('builds the volume of year 1 to 9999 as the data range, in at most MAX_SERIES_POINTS points', async () => {
    const { filters } = clampFiltersToData({ from: '0001-01-01', to: '9999-12-30' }, data);
    const range = resolveRange(filters, data);
    expect(range).toEqual(data);
    for (const asked of ['day', 'week'] as const) {
      const points = await getVolumeSeries(database.db, filters, range, seriesGranularity(range, asked), TIME_ZONE);
      expect(points.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
      expect(points.reduce((s, p) => s + p.tickets, 0)).toBe(1_500);
    }
    // A caller that skips the clamp gets a refusal, not eight thousand years of points.
    await expect(getVolumeSeries(database.db, {}, { from: '0001-01-01', to: '9999-12-30' }, 'day', TIME_ZONE)).rejects.toThrow(/at most 400 points/);
    const weekly = await listTopicWeeklyCounts(database.db, {}, { from: '1900-01-01', to: '2199-12-31' }, TIME_ZONE);
    for (const series of weekly.values()) expect(series.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
  });

  it('lists and counts tickets for to=9999-12-31 and from=0001-01-01 (the same tickets as without dates)', async () => {
    const tickets = await getTicketDayRange(database.db, TIME_ZONE);
    expect(tickets).toEqual(data);
    const wide = parseTicketQuery({ from: '0001-01-01', to: '9999-12-31' }, 50, tickets);
    expect(wide.notice).toMatch(/the data's range/);
    const all = parseTicketQuery({}, 50, tickets);
    const wideList = await listTickets(database.db, wide.query, { text: true, agent: false }, TIME_ZONE);
    const allList = await listTickets(database.db, all.query, { text: true, agent: false }, TIME_ZONE);
    expect(wideList.rows.map((r) => r.id)).toEqual(allList.rows.map((r) => r.id));
    expect(await countTickets(database.db, { ...wide.query, range: wide.query.range ?? data }, TIME_ZONE)).toEqual({ count: 1_500, capped: false });
    const later = parseTicketQuery({ from: '2999-01-01', to: '9999-12-31' }, 50, tickets);
    expect((await listTickets(database.db, later.query, { text: true, agent: false }, TIME_ZONE)).rows).toEqual([]);
  });

  it('answers the planning report for to=9999-12-31 with the data range', async () => {
    const report = await getPlanningReport(database.db, { from: '0001-01-01', to: '9999-12-31', timeZone: 'Europe/Berlin', includeIndividuals: false });
    expect(report.range).toEqual(data);
    const narrow = await getPlanningReport(database.db, { to: '9999-12-31', timeZone: TIME_ZONE, includeIndividuals: false });
    expect(narrow.range).toEqual(data);
  });
});
