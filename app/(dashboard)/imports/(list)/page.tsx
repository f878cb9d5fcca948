import { listAnalysisRuns, listIngestRuns } from '@/lib/queries/imports';
import { listPullSources } from '@/lib/queries/pull-sources';
import { describeBytes, uploadLimitBytes } from '@/lib/services/upload-limit';
import { openPage } from '@/lib/page-context';
import { IngestRunsTable } from '@/app/components/ingest-runs-table';
import { PullSourcesTable } from '@/app/components/pull-sources-panel';
import { renderPage } from '@/app/components/page-problem';
import { UploadForm } from '@/app/components/upload-form';
import { AnalysisRunsTable } from '@/app/components/analysis-runs-table';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Imports' };

export default async function ImportsPage() {
  return renderPage(async () => {
    const { db } = await openPage('admin');
    const [runs, analyses, sources] = await Promise.all([listIngestRuns(db, 200), listAnalysisRuns(db, 20), listPullSources(db)]);
    return (
      <>
        <h1>Imports</h1>
        <p className="lede">
          Every file loaded is an ingest run; every analysis after it is an analysis run. Re-importing the same file counts its
          rows as unchanged; a rejected row names its line, field and reason so the export can be fixed. A ticket deleted at
          the source is removed with its comments (counted under Deleted).
        </p>
        <div className="grid">
          <section className="panel span-12" aria-labelledby="upload-heading">
            <h2 id="upload-heading">Upload an export</h2>
            <UploadForm limitBytes={uploadLimitBytes()} limitText={describeBytes(uploadLimitBytes())} />
          </section>
          <section className="panel span-12" aria-labelledby="pull-sources-heading">
            <h2 id="pull-sources-heading">API sources</h2>
            <PullSourcesTable sources={sources} />
          </section>
          <section className="panel span-12" aria-labelledby="runs-heading">
            <h2 id="runs-heading">Ingest runs</h2>
            <IngestRunsTable runs={runs} />
          </section>
          <section className="panel span-12" aria-labelledby="analyses-heading">
            <h2 id="analyses-heading">Analysis runs</h2>
            <AnalysisRunsTable runs={analyses} />
            <p className="note">
              Topics found: the topics the run ended with. Time per stage: topic stage (clustering, or assigning new tickets to the topics), rollups (daily counts for the charts), findings (spikes, recurrence, release impact, pain points), team (load snapshot).
              One analysis runs at a time; an <em>interrupted</em> run stopped before finishing (its process ended or lost the database), and the next analysis redid its work.
            </p>
          </section>
        </div>
      </>
    );
  });
}
