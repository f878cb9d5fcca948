import { filtersToQuery, type Filters } from '@/lib/filters';
import type { DayRange } from '@/lib/queries/filter-sql';
import type { VolumePanelData } from '@/lib/queries/volume';
import { daysIn } from '@/lib/queries/filter-sql';
import { GRANULARITIES, MAX_SERIES_POINTS, periodOf, seriesGranularity, type Granularity } from '@/lib/queries/zero-fill';
import Link from 'next/link';
import { drillDownHref } from '@/lib/drill-down';
import { n, periodLabel } from '@/lib/format';
import { ChartNumbers } from './chart-numbers';
import { VolumeChart, type VolumeMarker } from './charts/volume-chart';

/** Daily buckets up to this many days, weekly above (a year of days is 3 px per bar). */
export const DAILY_UP_TO_DAYS = 120;

export interface ChartBuckets {
  granularity: Granularity;
  /** Said under the chart when the buckets asked for would exceed MAX_SERIES_POINTS. */
  note: string | null;
}

/**
 * The buckets of a volume chart: `?granularity=` when given, else days up to DAILY_UP_TO_DAYS and
 * weeks above — made coarser when the range would need more than MAX_SERIES_POINTS bars.
 */
export function chartBuckets(range: DayRange, requested: string | undefined): ChartBuckets {
  const asked = (GRANULARITIES as readonly string[]).includes(requested ?? '') ? (requested as Granularity) : daysIn(range) <= DAILY_UP_TO_DAYS ? 'day' : 'week';
  const granularity = seriesGranularity(range, asked);
  return {
    granularity,
    note: granularity === asked ? null : `Shown per ${granularity}: per ${asked} this range would be more than ${MAX_SERIES_POINTS} bars.`,
  };
}

export const PER_PERIOD: Record<Granularity, string> = { day: 'Tickets per day', week: 'Tickets per week', month: 'Tickets per month', year: 'Tickets per year' };

interface VolumeBodyProps {
  /** Fetched by the page (lib/queries/volume.ts getVolumePanel); awaited here, inside the panel's Suspense. */
  volume: Promise<VolumePanelData>;
  filters: Filters;
  range: DayRange;
  granularity: Granularity;
  label: string;
  height?: number;
}

/**
 * One marker per period: two releases (or spikes) in one week share a line, their labels joined
 * and their tooltip lines kept apart (a line's own semicolons stay in it).
 */
export function groupByPeriod(markers: VolumeMarker[]): VolumeMarker[] {
  const byPeriod = new Map<string, VolumeMarker>();
  for (const m of markers) {
    const seen = byPeriod.get(m.period);
    if (!seen) byPeriod.set(m.period, { ...m, details: m.details ? [...m.details] : undefined });
    else {
      if (!seen.label.split(', ').includes(m.label)) seen.label = `${seen.label}, ${m.label}`;
      if (m.details) seen.details = [...(seen.details ?? []), ...m.details];
    }
  }
  return [...byPeriod.values()];
}

/** Ticket volume for the filters with release lines and spike markers (where spikes apply). */
export async function VolumeBody({ volume, filters, range, granularity, label, height }: VolumeBodyProps) {
  const { points, releases, spikes, spikesApply: onlyTopic } = await volume;
  const total = points.reduce((s, p) => s + p.tickets, 0);
  if (total === 0) {
    return <p className="empty">No tickets match these filters between {range.from} and {range.to}. Widen the dates or remove a filter.</p>;
  }
  const { from: _from, to: _to, ...rest } = filters;
  const drill = { query: filtersToQuery(rest), from: range.from, to: range.to };
  return (
    <>
      <VolumeChart
        label={`${label}: ${n(total)} tickets from ${range.from} to ${range.to}`}
        points={points}
        unit={granularity}
        height={height}
        releases={groupByPeriod(releases.map((r) => ({ period: periodOf(r.day, granularity), label: r.version })))}
        spikes={groupByPeriod(
          spikes.map((s) => ({ period: periodOf(s.day, granularity), label: s.label ?? 'all tickets', details: [`${s.day}: ${s.evidence}`] })),
        )}
        drillDown={drill}
      />
      <ChartNumbers
        label={`${label}, ${PER_PERIOD[granularity].toLowerCase()}`}
        columns={[{ header: { day: 'Day', week: 'Week of', month: 'Month', year: 'Year' }[granularity] }, { header: 'Tickets', numeric: true }]}
        rows={points.map((p) => ({
          key: p.period,
          cells: [
            periodLabel(p.period, granularity).replace(/^Week of /, ''),
            p.tickets > 0 ? <Link href={drillDownHref(p.period, granularity, drill)}>{n(p.tickets)}</Link> : 0,
          ],
        }))}
      />
      {!onlyTopic && <p className="note">Spike markers are hidden while a priority, channel, organization, customer or version filter is set: spikes were tested on whole topics.</p>}
    </>
  );
}
