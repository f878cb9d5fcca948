import type { AnalysisRunListItem } from '@/lib/queries/imports';
import { duration, n } from '@/lib/format';
import { TableScroll } from './table-scroll';

/** The analysis job's stages, in order, as the time columns name them (stored under these keys). */
const STAGES = [
  { key: 'topics', header: 'Topic stage' },
  { key: 'rollups', header: 'Rollups' },
  { key: 'findings', header: 'Findings' },
  { key: 'team', header: 'Team' },
] as const;

/**
 * Analysis runs on the Imports page. What a run counted (tickets, topics found) and how long each
 * stage took are two groups of columns under their own headings, so the topic count and the topic
 * stage's time are never mistaken for each other.
 */
export function AnalysisRunsTable({ runs }: { runs: AnalysisRunListItem[] }) {
  if (runs.length === 0) return <p className="empty">No analysis yet: it runs after every import.</p>;
  return (
    <TableScroll label="Analysis runs">
      <table className="data">
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>Run</th>
            <th scope="col" rowSpan={2}>Mode</th>
            <th scope="col" rowSpan={2}>Status</th>
            <th scope="col" rowSpan={2}>Started</th>
            <th scope="col" rowSpan={2}>As of</th>
            <th scope="colgroup" colSpan={2} className="num">Counted</th>
            <th scope="colgroup" colSpan={STAGES.length + 1} className="num">Time per stage</th>
          </tr>
          <tr>
            <th scope="col" className="num">Tickets</th>
            <th scope="col" className="num">Topics found</th>
            {STAGES.map((s) => (
              <th key={s.key} scope="col" className="num">
                {s.header}
              </th>
            ))}
            <th scope="col" className="num">Total</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td>#{r.id}</td>
              <td>{r.mode}</td>
              <td>
                <span className={`badge ${r.status === 'succeeded' ? 'ok' : r.status === 'failed' ? 'bad' : 'warn'}`} title={r.error ?? undefined}>
                  {r.status}
                </span>
                {r.status === 'running' && r.pid !== null && <span className="muted"> pid {r.pid}{r.host ? ` on ${r.host}` : ''}</span>}
              </td>
              <td className="nowrap">{r.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</td>
              <td className="nowrap">{r.asOf ? r.asOf.toISOString().slice(0, 10) : '—'}</td>
              <td className="num">{n(r.tickets)}</td>
              <td className="num">{n(r.topics)}</td>
              {STAGES.map((s) => (
                <td key={s.key} className="num">
                  {duration(r.stages[s.key])}
                </td>
              ))}
              <td className="num">{duration(r.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
