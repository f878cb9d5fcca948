'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { day, n, pct } from '@/lib/format';
import { ChartNumbers } from '../chart-numbers';

export interface TrendSeries {
  name: string;
  /** Value per period, aligned with `periods`; null = no data. */
  values: (number | null)[];
}

// Okabe–Ito colours, each with its own dash so lines stay apart in greyscale.
const STYLES = [
  { color: '#0072b2', dash: undefined },
  { color: '#d55e00', dash: '6 3' },
  { color: '#009e73', dash: '2 2' },
  { color: '#cc79a7', dash: '8 3 2 3' },
  { color: '#e69f00', dash: '4 4' },
  { color: '#56b4e9', dash: '1 3' },
];

/**
 * Weekly lines, one per team, for shares (after-hours) or counts (backlog), with the numbers
 * behind them in a table beneath: the chart is one named image to assistive technology.
 */
export function TrendChart({
  periods,
  series,
  unit,
  label,
  partialLast,
  numbers,
}: {
  periods: string[];
  series: TrendSeries[];
  unit: 'share' | 'count' | 'hours';
  label: string;
  partialLast?: boolean;
  /** The table's text per series and period when it says more than the value ("4.2 h (31)"); the value otherwise. */
  numbers?: string[][];
}) {
  const data = periods.map((period, i) => Object.fromEntries([['period', period], ...series.map((s) => [s.name, s.values[i]])]));
  const format = (v: number) => (unit === 'share' ? pct(v) : unit === 'hours' ? `${v.toFixed(1)} h` : n(v));
  const weekOf = (period: string) => `${day(period)}${partialLast && period === periods.at(-1) ? ' (so far)' : ''}`;
  return (
    <figure style={{ margin: 0 }} aria-label={label}>
      <div style={{ width: '100%', height: 220 }} role="img" aria-label={`${label}. The numbers are in the table below the chart.`}>
        <ResponsiveContainer>
          <LineChart accessibilityLayer={false} data={data} margin={{ top: 10, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="period" tickFormatter={(v: string) => day(v, false)} tick={{ fontSize: 11 }} minTickGap={20} />
            <YAxis tickFormatter={(v: number) => format(v)} width={48} tick={{ fontSize: 11 }} allowDecimals={unit !== 'count'} />
            <Tooltip
              labelFormatter={(v) => `Week of ${weekOf(String(v))}`}
              formatter={(value, name) => [format(Number(value)), String(name)]}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s, i) => (
              <Line
                key={s.name}
                type="monotone"
                dataKey={s.name}
                stroke={STYLES[i % STYLES.length].color}
                strokeDasharray={STYLES[i % STYLES.length].dash}
                strokeWidth={2}
                dot={{ r: 2 }}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartNumbers
        label={label}
        columns={[{ header: 'Week of' }, ...series.map((s) => ({ header: s.name, numeric: true }))]}
        rows={periods.map((period, i) => ({
          key: period,
          cells: [weekOf(period), ...series.map((s, j) => numbers?.[j]?.[i] ?? (s.values[i] === null ? '—' : format(s.values[i]!)))],
        }))}
      />
    </figure>
  );
}
