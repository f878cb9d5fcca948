'use client';

import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface VolumePoint {
  /** Category label on the x axis (a day or the Monday of a week, YYYY-MM-DD). */
  period: string;
  tickets: number;
}

export interface VolumeMarker {
  period: string;
  label: string;
}

const shortDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Ticket volume as bars, with releases drawn as labelled vertical lines. */
export function VolumeChart({ points, releases, unit }: { points: VolumePoint[]; releases: VolumeMarker[]; unit: 'day' | 'week' }) {
  return (
    <div style={{ width: '100%', height: 320 }}>
      <ResponsiveContainer>
        <BarChart data={points} margin={{ top: 24, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" tickFormatter={shortDate} minTickGap={24} />
          <YAxis allowDecimals={false} width={48} />
          <Tooltip
            labelFormatter={(label) => (unit === 'week' ? `Week of ${shortDate(String(label))}` : shortDate(String(label)))}
            formatter={(value) => [`${value} tickets`, 'Volume']}
          />
          <Bar dataKey="tickets" name="Tickets" fill="#0072b2" isAnimationActive={false} />
          {releases.map((r) => (
            <ReferenceLine
              key={`${r.label}-${r.period}`}
              x={r.period}
              stroke="#d55e00"
              strokeDasharray="4 3"
              label={{ value: r.label, position: 'top', fill: '#d55e00', fontSize: 11 }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
