import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { MAX_ROW_ID } from '@/lib/filters';
import { getIngestRun, listRejectedRows } from '@/lib/queries/imports';
import { n } from '@/lib/format';
import { openPage } from '@/lib/page-context';
import { renderPage } from '@/app/components/page-problem';
import { CONSERVATIVE_NOTE } from '@/app/components/ingest-runs-table';
import { TableScroll } from '@/app/components/table-scroll';
import { ColumnHeads } from '@/app/components/column-heads';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Rejected rows' };

const paramsSchema = z.object({ runId: z.coerce.number().int().positive().max(MAX_ROW_ID) });
const LIMIT = 500;

export default async function ImportRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  return renderPage(async () => {
    // Rejected rows hold raw export text: admins only, like the rest of Imports.
    const { db } = await openPage('admin');
    const run = await getIngestRun(db, parsed.data.runId);
    if (!run) notFound();
    const rows = await listRejectedRows(db, run.id, LIMIT);
    const fileName = run.file.split(/[\\/]/).pop() ?? run.file;
    return (
      <>
        <p className="breadcrumb">
          <Link href="/imports">← Imports</Link>
        </p>
        <h1>
          Run #{run.id}: {fileName}
        </h1>
        <p className="lede">
          {run.kind} · {run.status} · {n(run.rowsRead)} rows read, {n(run.rejected)} rejected
          {run.rejected > rows.length ? ` (the first ${n(rows.length)} are listed)` : ''}.
          {run.conservativeRecords > 0 && ` ${n(run.conservativeRecords)} record(s) were redacted conservatively: ${CONSERVATIVE_NOTE}`}
        </p>
        <section className="panel">
          {rows.length === 0 ? (
            <p className="empty">This run rejected no rows.</p>
          ) : (
            <TableScroll label="Rejected rows">
              <table className="data">
                <ColumnHeads columns={[{ label: 'Line', num: true }, 'Field', 'Reason', 'Value']} />
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={`${r.line}-${i}`}>
                      <td className="num">{r.line}</td>
                      <td>{r.field ?? '—'}</td>
                      <td>{r.reason}</td>
                      <td>
                        <code>{r.raw.slice(0, 160)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>
      </>
    );
  });
}
