/** Issue 17: release labels that do not collide, and spike tooltips that keep an explanation whole. */
import { describe, expect, it } from 'vitest';
import { placeReleaseLabels } from '@/app/components/charts/release-label-layout';
import { groupByPeriod } from '@/app/components/volume-panel';

const days = (n: number) => Array.from({ length: n }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`);

/** [start, end) in pixels of each placed label, per row, as placeReleaseLabels estimates them. */
function extents(markers: { period: string; label: string }[], periods: string[], plotWidth: number, rows: Map<string, number>) {
  const band = plotWidth / periods.length;
  return markers
    .filter((m) => rows.has(m.period))
    .map((m) => {
      const start = (periods.indexOf(m.period) + 0.5) * band + 3;
      return { row: rows.get(m.period)!, start, end: start + m.label.length * 6.2 };
    });
}

describe('release labels on a chart', () => {
  it('never overlap on a row, at 1024 px or on a phone, and fill a second row before dropping any', () => {
    const periods = days(31);
    // Releases every other day with long versions: at 360 px most cannot be labelled.
    const markers = periods.filter((_, i) => i % 2 === 0).map((period, i) => ({ period, label: `5.${16 + i}.1-hotfix` }));
    for (const plotWidth of [900, 300]) {
      const rows = placeReleaseLabels(markers, periods, { plotWidth });
      const placed = extents(markers, periods, plotWidth, rows);
      for (const a of placed) for (const b of placed) if (a !== b && a.row === b.row) expect(a.end <= b.start || b.end <= a.start).toBe(true);
      expect(new Set(rows.values()).size).toBeLessThanOrEqual(2);
      expect(rows.size).toBeGreaterThan(0);
    }
    const wide = placeReleaseLabels(markers, periods, { plotWidth: 900 });
    const narrow = placeReleaseLabels(markers, periods, { plotWidth: 300 });
    expect(narrow.size).toBeLessThan(wide.size);
    expect([...wide.values()]).toContain(1);
  });

  it('labels every release that has room, and none before the chart knows its width', () => {
    const periods = days(30);
    const markers = [{ period: periods[2], label: '2.3' }, { period: periods[20], label: '2.4' }];
    expect(placeReleaseLabels(markers, periods, { plotWidth: 800 })).toEqual(new Map([[periods[2], 0], [periods[20], 0]]));
    expect(placeReleaseLabels(markers, periods, { plotWidth: -40 }).size).toBe(0);
    expect(placeReleaseLabels([{ period: '2025-12-01', label: 'old' }], periods, { plotWidth: 800 }).size).toBe(0);
  });
});

describe('spike markers of one period', () => {
  it('keep each spike explanation on one tooltip line, even when it holds a semicolon', () => {
    const grouped = groupByPeriod([
      { period: '2026-01-05', label: 'Login fails', details: ['2026-01-06: 41 tickets vs ~9 expected; p < 0.001, q = 0.002'] },
      { period: '2026-01-05', label: 'all tickets', details: ['2026-01-06: 160 tickets vs ~98 expected; p = 0.0004'] },
      { period: '2026-01-12', label: 'Billing' },
    ]);
    expect(grouped).toEqual([
      {
        period: '2026-01-05',
        label: 'Login fails, all tickets',
        details: ['2026-01-06: 41 tickets vs ~9 expected; p < 0.001, q = 0.002', '2026-01-06: 160 tickets vs ~98 expected; p = 0.0004'],
      },
      { period: '2026-01-12', label: 'Billing', details: undefined },
    ]);
  });
});
