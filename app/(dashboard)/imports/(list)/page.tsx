import { listAnalysisRuns, listIngestRuns, type AnalysisRunListItem } from '@/lib/queries/imports';
import { listPullSources } from '@/lib/queries/pull-sources';
import { describeBytes, uploadLimitBytes } from '@/lib/services/upload-limit';
import { duration, n } from '@/lib/format';
import { openPage } from '@/lib/page-context';
import { IngestRunsTable } from '@/app/components/ingest-runs-table';
import { PullSourcesTable } from '@/app/components/pull-sources-panel';
import { renderPage } from '@/app/components/page-problem';
import { UploadForm } from '@/app/components/upload-form';
import { TableScroll } from '@/app/components/table-scroll';
import { ColumnHeads } from '@/app/components/column-heads';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Imports' };

const STAGES = ['topics', 'rollups', 'findings', 'team'] as const;

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
              Stages: topics (clustering or assigning new tickets), rollups (daily counts for the charts), findings (spikes, recurrence, release impact, pain points), team (load snapshot).
              One analysis runs at a time; an <em>interrupted</em> run stopped before finishing (its process ended or lost the database), and the next analysis redid its work.
            </p>
          </section>
        </div>
      </>
    );
  });
}

function AnalysisRunsTable({ runs }: { runs: AnalysisRunListItem[] }) {
  if (runs.length === 0) return <p className="empty">No analysis yet: it runs after every import.</p>;
  return (
    <TableScroll label="Analysis runs">
      <table className="data">
        <ColumnHeads
          columns={[
            'Run',
            'Mode',
            'Status',
            'Started',
            'As of',
            { label: 'Tickets', num: true },
            { label: 'Topics', num: true },
            ...STAGES.map((stage) => ({ label: stage, num: true })),
            { label: 'Total', num: true },
          ]}
        />
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
                <td key={s} className="num">
                  {duration(r.stages[s])}
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
