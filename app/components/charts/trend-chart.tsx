'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { day, n, pct } from '@/lib/format';

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

/** Weekly lines, one per team, for shares (after-hours) or counts (backlog). */
export function TrendChart({ periods, series, unit, label, partialLast }: { periods: string[]; series: TrendSeries[]; unit: 'share' | 'count'; label: string; partialLast?: boolean }) {
  const data = periods.map((period, i) => Object.fromEntries([['period', period], ...series.map((s) => [s.name, s.values[i]])]));
  const format = (v: number) => (unit === 'share' ? pct(v) : n(v));
  return (
    <figure style={{ margin: 0 }} aria-label={label}>
      <div style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 10, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="period" tickFormatter={(v: string) => day(v, false)} tick={{ fontSize: 11 }} minTickGap={20} />
            <YAxis tickFormatter={(v: number) => format(v)} width={48} tick={{ fontSize: 11 }} allowDecimals={unit === 'share'} />
            <Tooltip
              labelFormatter={(v) => `Week of ${day(String(v))}${partialLast && v === periods.at(-1) ? ' (so far)' : ''}`}
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
    </figure>
  );
}
