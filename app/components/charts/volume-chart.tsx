'use client';

import { useRouter } from 'next/navigation';
import { Bar, BarChart, CartesianGrid, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { useState } from 'react';
import { drillDownHref, type VolumeDrillDown } from '@/lib/drill-down';
import { placeReleaseLabels } from './release-label-layout';
import { day, n, periodLabel } from '@/lib/format';
import type { Granularity } from '@/lib/queries/zero-fill';

export interface VolumePoint {
  /** The first day of the period: a day, the Monday of a week, the 1st of a month or year (YYYY-MM-DD). */
  period: string;
  tickets: number;
}

export interface VolumeMarker {
  period: string;
  label: string;
  /** Shown in the tooltip, one line each: the numbers behind each spike of the period (never split further). */
  details?: string[];
}

export type { VolumeDrillDown };

interface VolumeChartProps {
  points: VolumePoint[];
  unit: Granularity;
  releases: VolumeMarker[];
  spikes: VolumeMarker[];
  /** Clicking a bar opens the tickets behind it. */
  drillDown?: VolumeDrillDown;
  height?: number;
  /** Describes the chart for screen readers. */
  label: string;
}

const MARGIN = { top: 30, right: 40, bottom: 8, left: 0 };
const Y_AXIS_WIDTH = 52;

// Release labels are text: the darker vermillion of globals.css (--vermillion-text) keeps them at 4.5:1.
const COLORS = { bar: '#0072b2', release: '#d55e00', releaseText: '#a94a00', spike: '#e69f00', ink: '#1b1f24' };

/**
 * Ticket volume as bars: releases as dashed vertical lines labelled with their version, spikes
 * as triangles on their bar. Shapes and dashes carry the meaning, so it survives greyscale
 * printing and every common colour-vision deficiency (Okabe–Ito colours on top).
 */
export function VolumeChart({ points, unit, releases, spikes, drillDown, height = 300, label }: VolumeChartProps) {
  const router = useRouter();
  const byPeriod = new Map(points.map((p) => [p.period, p.tickets]));
  const releasesAt = (period: string) => releases.filter((r) => r.period === period);
  const spikesAt = (period: string) => spikes.filter((s) => s.period === period);
  // Version labels on two rows, each only where it clears its neighbours at the chart's width; the
  // tooltip and the table name every release.
  const [width, setWidth] = useState(0);
  const labelRows = placeReleaseLabels(
    releases,
    points.map((p) => p.period),
    { plotWidth: width - MARGIN.left - MARGIN.right - Y_AXIS_WIDTH },
  );
  const describe = (period: string) => periodLabel(period, unit);

  const renderTooltip = ({ active, label: period, payload }: TooltipContentProps) => {
    if (!active || period === undefined || !payload?.length) return null;
    const p = String(period);
    return (
      <div className="chart-tooltip">
        <strong>{describe(p)}</strong>
        <div>{n(Number(payload[0].value ?? 0))} tickets</div>
        {releasesAt(p).map((r) => (
          <div key={r.label} className="tt-release">Release {r.label}</div>
        ))}
        {spikesAt(p)
          .flatMap((s) => s.details ?? [s.label])
          .map((line, i) => (
            <div key={i} className="tt-spike">▲ Spike: {line}</div>
          ))}
        {drillDown && <div className="tt-hint">Click to list these tickets</div>}
      </div>
    );
  };

  return (
    <figure className="chart" aria-label={label} style={{ margin: 0 }}>
      {/* One image to assistive technology, out of the tab order: the table beneath the chart
          holds every number and the same drill-down links (recharts' keyboard layer would be an
          unnamed stop whose arrow keys move a tooltip nobody hears). */}
      <div style={{ width: '100%', height }} data-testid="volume-chart" role="img" aria-label={`${label}. The numbers are in the table below the chart.`}>
        <ResponsiveContainer onResize={(w) => setWidth(w)}>
          <BarChart
            accessibilityLayer={false}
            data={points}
            margin={MARGIN}
            onClick={(state) => {
              const period = state?.activeLabel;
              if (drillDown && period !== undefined && period !== null) router.push(drillDownHref(String(period), unit, drillDown));
            }}
            style={{ cursor: drillDown ? 'pointer' : undefined }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="period" tickFormatter={(v: string) => (unit === 'day' || unit === 'week' ? day(v, false) : periodLabel(v, unit))} minTickGap={28} tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} width={Y_AXIS_WIDTH} tick={{ fontSize: 12 }} tickFormatter={(v: number) => n(v)} />
            <Tooltip content={renderTooltip} cursor={{ fill: 'rgba(0, 114, 178, 0.12)' }} />
            <Bar
              dataKey="tickets"
              name="Tickets"
              fill={COLORS.bar}
              isAnimationActive={false}
              // The bar's own click knows its period even before the tooltip state has caught up with
              // the mouse; the chart's click (below) covers the empty space above short bars.
              onClick={(item, _index, event) => {
                const period = (item as { payload?: VolumePoint }).payload?.period;
                if (!drillDown || !period) return;
                event.stopPropagation();
                router.push(drillDownHref(period, unit, drillDown));
              }}
            />
            {releases.map((r) => (
              <ReferenceLine
                key={`${r.label}-${r.period}`}
                x={r.period}
                stroke={COLORS.release}
                strokeDasharray="5 3"
                strokeWidth={1.5}
                label={
                  labelRows.has(r.period)
                    ? (props: { viewBox?: { x?: number; y?: number } }) => (
                        <text x={(props.viewBox?.x ?? 0) + 3} y={(props.viewBox?.y ?? 0) - 4 - labelRows.get(r.period)! * 13} fontSize={11} fill={COLORS.releaseText} data-testid="release-label">
                          {r.label}
                        </text>
                      )
                    : undefined
                }
              />
            ))}
            {spikes.map((s) => (
              <ReferenceDot
                key={`${s.label}-${s.period}`}
                x={s.period}
                y={byPeriod.get(s.period) ?? 0}
                ifOverflow="extendDomain"
                shape={(props: { cx?: number; cy?: number }) => (
                  <path
                    d={`M${props.cx ?? 0},${(props.cy ?? 0) - 13} l7,11 l-14,0 z`}
                    fill={COLORS.spike}
                    stroke={COLORS.ink}
                    strokeWidth={1}
                  />
                )}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="legend">
        <span><i className="swatch bar" aria-hidden="true" /> Tickets per {unit}</span>
        {releases.length > 0 && <span><i className="swatch release" aria-hidden="true" /> Release (dashed line)</span>}
        {spikes.length > 0 && <span><i className="swatch spike" aria-hidden="true" /> Spike (more tickets than the weekday pattern explains)</span>}
        {drillDown && <span className="muted">Click a bar, or a number in the table below, to list its tickets.</span>}
      </figcaption>
    </figure>
  );
}
