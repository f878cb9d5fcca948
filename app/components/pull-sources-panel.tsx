import Link from 'next/link';
import type { PullSourceListItem } from '@/lib/queries/pull-sources';
import { TableScroll } from './table-scroll';
import { ColumnHeads } from './column-heads';

const when = (at: Date | null) => (at === null ? '—' : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
const BADGE = { succeeded: 'ok', failed: 'bad', running: 'warn' } as const;

/** API sources (pull connectors): last pull, its outcome and error, and the next scheduled pull. */
export function PullSourcesTable({ sources }: { sources: PullSourceListItem[] }) {
  if (sources.length === 0) {
    return <p className="empty">No API source has been pulled yet (see support-trends.config.json and `support-trends pull`).</p>;
  }
  return (
    <TableScroll label="API sources">
      <table className="data">
        <ColumnHeads columns={['Source', 'Kind', 'Status', 'Last pull', 'Last success', 'Next pull', 'Error']} />
        <tbody>
          {sources.map((s) => (
            <tr key={s.name}>
              <td>{s.name}</td>
              <td>
                {s.kind}
                {s.endpoint !== null ? <div className="note">{s.endpoint}</div> : null}
              </td>
              <td>
                {s.lastStatus === null ? '—' : <span className={`badge ${BADGE[s.lastStatus]}`}>{s.lastStatus}</span>}
                {s.lastIngestRunId !== null ? (
                  <>
                    {' '}
                    <Link href={`/imports/${s.lastIngestRunId}`}>run #{s.lastIngestRunId}</Link>
                  </>
                ) : null}
              </td>
              <td>{when(s.lastRunAt)}</td>
              <td>{when(s.lastSuccessAt)}</td>
              <td>{s.nextRunAt === null ? 'not scheduled' : when(s.nextRunAt)}</td>
              <td>{s.lastError ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
