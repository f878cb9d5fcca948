import { day, n } from '@/lib/format';
import { isoToDayIndex, dayIndexToIso } from '@/lib/time';
import { ChartNumbers } from '../chart-numbers';

export interface StripEpisode {
  start: string;
  end: string;
  tickets: number;
}

interface EpisodeStripProps {
  episodes: StripEpisode[];
  /** The time axis: usually the data's first day to a little after the forecast. */
  from: string;
  to: string;
  nextExpected?: string | null;
  windowDays?: number | null;
  label: string;
  /** Height of the bars scales with tickets up to this many (shared across strips so they compare). */
  maxTickets?: number;
}

const WIDTH = 1000;
const HEIGHT = 64;
const AXIS = 14;

/**
 * A topic's episodes on a time line: each bar spans an episode, taller for more tickets; the next
 * expected episode is a hatched window with a dashed centre line. Drawn on the server as SVG, so it
 * prints and needs no script.
 */
/** The first of the next month (or of the next January). */
function nextLabel(iso: string, yearly: boolean): string {
  const [y, m] = iso.split('-').map(Number);
  if (yearly || m === 12) return `${String(y + 1).padStart(4, '0')}-01-01`;
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-01`;
}

export function EpisodeStrip({ episodes, from, to, nextExpected, windowDays, label, maxTickets }: EpisodeStripProps) {
  const d0 = isoToDayIndex(from);
  const d1 = Math.max(isoToDayIndex(to), d0 + 1);
  const x = (iso: string) => ((isoToDayIndex(iso) - d0) / (d1 - d0)) * WIDTH;
  const top = Math.max(1, maxTickets ?? Math.max(...episodes.map((e) => e.tickets), 1));
  const barHeight = (t: number) => 8 + (Math.min(t, top) / top) * (HEIGHT - AXIS - 12);
  // A label per month, or per year when the axis spans more than three years (a long data range
  // would otherwise draw thousands of them); each needs ~24 units of room before the right edge.
  const yearly = d1 - d0 > 3 * 366;
  const months: string[] = [];
  for (let iso = `${dayIndexToIso(d0).slice(0, 7)}-01`; isoToDayIndex(iso) <= d1; iso = nextLabel(iso, yearly)) {
    const d = isoToDayIndex(iso);
    if (d >= d0 && (yearly ? iso.endsWith('-01-01') : true) && ((d - d0) / (d1 - d0)) * WIDTH < WIDTH - 24) months.push(iso);
  }
  const patternId = `hatch-${label.replace(/[^a-z0-9]/gi, '').slice(0, 24)}`;
  const window = nextExpected ? Math.max(1, Math.ceil(windowDays ?? 0)) : 0;
  return (
    <>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={label} style={{ display: 'block' }}>
        <title>{label}</title>
        <defs>
          <pattern id={patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" stroke="#d55e00" strokeWidth="2" />
          </pattern>
        </defs>
        <line x1={0} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} stroke="#8c959f" />
        {months.map((m) => (
          <g key={m}>
            <line x1={x(m)} x2={x(m)} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS + 3} stroke="#8c959f" />
            <text x={x(m) + 2} y={HEIGHT - 2} fontSize={10} fill="#57606a">
              {yearly ? m.slice(0, 4) : day(m, false).replace(/^1 /, '')}
            </text>
          </g>
        ))}
        {nextExpected && (
          <g>
            <rect
              x={x(dayIndexToIso(isoToDayIndex(nextExpected) - window))}
              width={Math.max(3, (2 * window * WIDTH) / (d1 - d0))}
              y={4}
              height={HEIGHT - AXIS - 4}
              fill={`url(#${patternId})`}
              opacity={0.6}
            >
              <title>{`Next expected ${day(nextExpected)} ± ${window} days`}</title>
            </rect>
            <line x1={x(nextExpected)} x2={x(nextExpected)} y1={2} y2={HEIGHT - AXIS} stroke="#d55e00" strokeDasharray="3 2" strokeWidth={1.5} />
          </g>
        )}
        {episodes.map((e) => {
          const h = barHeight(e.tickets);
          return (
            <rect key={e.start} x={x(e.start)} width={Math.max(3, x(e.end) - x(e.start) + WIDTH / (d1 - d0))} y={HEIGHT - AXIS - h} height={h} fill="#0072b2" stroke="#1b1f24" strokeWidth={0.5}>
              <title>{`${day(e.start)} – ${day(e.end)}: ${n(e.tickets)} tickets`}</title>
            </rect>
          );
        })}
      </svg>
      {/* The episodes' dates and counts, which the bars only show on hover. */}
      <ChartNumbers
        label={label}
        columns={[{ header: 'Episode' }, { header: 'From' }, { header: 'To' }, { header: 'Tickets', numeric: true }]}
        rows={[
          ...episodes.map((e, i) => ({ key: e.start, cells: [String(i + 1), day(e.start), day(e.end), n(e.tickets)] })),
          ...(nextExpected ? [{ key: 'next', cells: ['next (expected)', day(dayIndexToIso(isoToDayIndex(nextExpected) - window)), day(dayIndexToIso(isoToDayIndex(nextExpected) + window)), '—'] }] : []),
        ]}
      />
    </>
  );
}
