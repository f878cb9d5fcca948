import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getDatabase } from '@/db/client';
import { listRejectedRows } from '@/lib/queries/imports';

export const dynamic = 'force-dynamic';

const paramsSchema = z.object({ runId: z.coerce.number().int().positive() });

export default async function ImportRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { db } = await getDatabase();
  const rows = await listRejectedRows(db, parsed.data.runId);
  return (
    <>
      <h1>Rejected rows of run #{parsed.data.runId}</h1>
      <p className="lede">The first {rows.length} rejected rows, in file order.</p>
      <section className="panel">
        {rows.length === 0 ? (
          <p className="empty">This run rejected no rows.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col" className="num">Line</th>
                <th scope="col">Field</th>
                <th scope="col">Reason</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={`${r.line}-${i}`}>
                  <td className="num">{r.line}</td>
                  <td>{r.field ?? '—'}</td>
                  <td>{r.reason}</td>
                  <td><code>{r.raw.slice(0, 160)}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
