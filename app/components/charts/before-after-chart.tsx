'use client';

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { AnalysisWindows } from '@/lib/analysis/windows';
import { day, n } from '@/lib/format';
import { ChartNumbers } from '../chart-numbers';

export interface BeforeAfterPoint {
  period: string;
  tickets: number;
  phase: 'before' | 'after';
}

// The release label is text: the darker vermillion of globals.css (--vermillion-text) keeps it at 4.5:1.
const COLORS = { before: '#8c959f', after: '#0072b2', release: '#d55e00', releaseText: '#a94a00', mean: '#1b1f24' };

/**
 * A topic's daily tickets in the days before a release (grey) and after it (blue), with
 * each window's daily mean as a dashed line: the picture behind one rate ratio.
 */
export function BeforeAfterChart({ points, windows, releaseDay, label }: { points: BeforeAfterPoint[]; windows: AnalysisWindows; releaseDay: string; label: string }) {
  const mean = (phase: 'before' | 'after') => {
    const xs = points.filter((p) => p.phase === phase);
    return xs.length === 0 ? 0 : xs.reduce((s, p) => s + p.tickets, 0) / xs.length;
  };
  const before = points.filter((p) => p.phase === 'before');
  const after = points.filter((p) => p.phase === 'after');
  const renderTooltip = ({ active, label: period, payload }: TooltipContentProps) => {
    if (!active || period === undefined || !payload?.length) return null;
    const p = points.find((x) => x.period === String(period));
    return (
      <div className="chart-tooltip">
        <strong>{day(String(period))}</strong>
        <div>
          {n(Number(payload[0].value ?? 0))} tickets ({p?.phase === 'after' ? 'after' : 'before'} the release)
        </div>
      </div>
    );
  };
  return (
    <figure style={{ margin: 0 }} aria-label={label}>
      <div style={{ width: '100%', height: 190 }} role="img" aria-label={`${label}. The numbers are in the table below the chart.`}>
        <ResponsiveContainer>
          <BarChart accessibilityLayer={false} data={points} margin={{ top: 18, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="period" tickFormatter={(v: string) => day(v, false)} minTickGap={24} tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} width={36} tick={{ fontSize: 11 }} />
            <Tooltip content={renderTooltip} />
            <Bar dataKey="tickets" isAnimationActive={false}>
              {points.map((p) => (
                <Cell key={p.period} fill={COLORS[p.phase]} />
              ))}
            </Bar>
            <ReferenceLine x={releaseDay} stroke={COLORS.release} strokeDasharray="5 3" strokeWidth={2} label={{ value: 'release', position: 'top', fontSize: 11, fill: COLORS.releaseText }} />
            {before.length > 0 && (
              <ReferenceLine segment={[{ x: before[0].period, y: mean('before') }, { x: before[before.length - 1].period, y: mean('before') }]} stroke={COLORS.mean} strokeDasharray="2 2" />
            )}
            {after.length > 0 && (
              <ReferenceLine segment={[{ x: after[0].period, y: mean('after') }, { x: after[after.length - 1].period, y: mean('after') }]} stroke={COLORS.mean} strokeDasharray="2 2" />
            )}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="legend">
        <span><i className="swatch before" aria-hidden="true" /> {windows.releaseBeforeDays} days before: {mean('before').toFixed(1)}/day</span>
        <span><i className="swatch after" aria-hidden="true" /> {windows.releaseAfterDays} days after: {mean('after').toFixed(1)}/day</span>
        <span><i className="swatch release" aria-hidden="true" /> release day · dotted: window means</span>
      </figcaption>
      <ChartNumbers
        label={label}
        columns={[{ header: 'Day' }, { header: 'Tickets', numeric: true }, { header: 'Window' }]}
        rows={points.map((p) => ({ key: p.period, cells: [day(p.period), n(p.tickets), p.phase === 'after' ? 'after the release' : 'before'] }))}
      />
    </figure>
  );
}
