import { getDatabase } from '@/db/client';
import { listIngestRuns } from '@/lib/queries/imports';
import { IngestRunsTable } from '../../components/ingest-runs-table';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Imports' };

export default async function ImportsPage() {
  const { db } = await getDatabase();
  const runs = await listIngestRuns(db, 200);
  return (
    <>
      <h1>Imports</h1>
      <p className="lede">
        Every ingest of a file is a run. Re-importing the same file counts its rows as unchanged; a rejected row
        names its line, field and reason so the export can be fixed.
      </p>
      <section className="panel">
        <IngestRunsTable runs={runs} />
      </section>
    </>
  );
}
