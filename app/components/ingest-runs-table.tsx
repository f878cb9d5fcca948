import Link from 'next/link';
import type { IngestRunListItem } from '@/lib/queries/imports';
import { TableScroll } from './table-scroll';
import { ColumnHeads } from './column-heads';

const n = (x: number) => x.toLocaleString('en-US');
const fileName = (file: string) => file.split(/[\\/]/).pop() ?? file;

export const CONSERVATIVE_NOTE =
  'Their text took longer to redact than the time budget, so every number, identifier and long run of characters in it was replaced.';

/** Ingest runs with their counts; the rejected count links to the rows and reasons. */
export function IngestRunsTable({ runs }: { runs: IngestRunListItem[] }) {
  if (runs.length === 0) return <p className="empty">Nothing imported yet.</p>;
  return (
    <TableScroll label="Ingest runs">
      <table className="data">
        <ColumnHeads columns={['Run', 'File', 'Format', 'Status', 'Started', { label: 'Rows', num: true }, { label: 'New', num: true }, { label: 'Updated', num: true }, { label: 'Unchanged', num: true }, { label: 'Rejected', num: true }, { label: 'Deleted', num: true, title: 'Tickets removed because the source deleted them' }]} />
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>#{run.id}</td>
              <td title={run.file}>{fileName(run.file)}</td>
              <td>{run.kind}</td>
              <td>
                <span className={`badge ${run.status === 'succeeded' ? 'ok' : run.status === 'failed' ? 'bad' : 'warn'}`} title={run.error ?? undefined}>
                  {run.status}
                </span>
                {run.conservativeRecords > 0 && (
                  <>
                    {' '}
                    <span className="badge warn" title={CONSERVATIVE_NOTE}>
                      {n(run.conservativeRecords)} redacted conservatively
                    </span>
                  </>
                )}
              </td>
              <td>{run.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</td>
              <td className="num">{n(run.rowsRead)}</td>
              <td className="num">{n(run.inserted)}</td>
              <td className="num">{n(run.updated)}</td>
              <td className="num">{n(run.unchanged)}</td>
              <td className="num">
                {run.rejected > 0 ? <Link href={`/imports/${run.id}`}>{n(run.rejected)}</Link> : '0'}
              </td>
              <td className="num">{n(run.deleted)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
