import Link from 'next/link';
import type { IngestRunListItem } from '@/lib/queries/imports';
import { TableScroll } from './table-scroll';

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
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">File</th>
            <th scope="col">Format</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col" className="num">Rows</th>
            <th scope="col" className="num">New</th>
            <th scope="col" className="num">Updated</th>
            <th scope="col" className="num">Unchanged</th>
            <th scope="col" className="num">Rejected</th>
            <th scope="col" className="num" title="Tickets removed because the source deleted them">Deleted</th>
          </tr>
        </thead>
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
