import Link from 'next/link';
import { getDatabase } from '@/db/client';
import { getEnv } from '@/lib/env';
import { isoToDayIndex, dayIndexToIso, weekStartDayIndex } from '@/lib/time';
import { getTicketTotals, getWeeklyVolume, listReleaseMarkers } from '@/lib/queries/overview';
import { listIngestRuns } from '@/lib/queries/imports';
import { VolumeChart } from '../components/charts/volume-chart';
import { IngestRunsTable } from '../components/ingest-runs-table';

export const dynamic = 'force-dynamic';

const n = (x: number) => x.toLocaleString('en-US');

export default async function OverviewPage() {
  const { db } = await getDatabase();
  const timeZone = getEnv().SUPPORT_TRENDS_TZ;
  const [totals, weekly, releases, runs] = await Promise.all([
    getTicketTotals(db),
    getWeeklyVolume(db, timeZone),
    listReleaseMarkers(db, timeZone),
    listIngestRuns(db, 5),
  ]);
  const releaseMarkers = releases.map((r) => ({
    period: dayIndexToIso(weekStartDayIndex(isoToDayIndex(r.day))),
    label: r.version,
  }));

  return (
    <>
      <h1>Overview</h1>
      <p className="lede">
        {totals.tickets === 0
          ? 'No tickets yet. Run "npx support-trends ingest <export>" or "npx support-trends demo".'
          : `${n(totals.tickets)} tickets from ${totals.firstDay} to ${totals.lastDay} (times in ${timeZone}).`}
      </p>
      <dl className="stats" aria-label="Totals">
        <div className="stat"><dt>Tickets</dt><dd>{n(totals.tickets)}</dd></div>
        <div className="stat"><dt>Open now</dt><dd>{n(totals.open)}</dd></div>
        <div className="stat"><dt>Customers</dt><dd>{n(totals.customers)}</dd></div>
        <div className="stat"><dt>Organizations</dt><dd>{n(totals.organizations)}</dd></div>
        <div className="stat"><dt>Agents</dt><dd>{n(totals.agents)}</dd></div>
        <div className="stat"><dt>Releases</dt><dd>{n(totals.releases)}</dd></div>
      </dl>
      <div className="grid" style={{ marginTop: '1rem' }}>
        <section className="panel span-12" aria-labelledby="volume-heading">
          <h2 id="volume-heading">Tickets per week</h2>
          {weekly.length === 0 ? (
            <p className="empty">No tickets to chart yet.</p>
          ) : (
            <VolumeChart points={weekly.map((w) => ({ period: w.week, tickets: w.tickets }))} releases={releaseMarkers} unit="week" />
          )}
          <p className="note">Weeks start on Monday. Dashed lines mark releases ({n(releases.length)}).</p>
        </section>
        <section className="panel span-12" aria-labelledby="runs-heading">
          <h2 id="runs-heading">Latest imports</h2>
          <IngestRunsTable runs={runs} />
          <p className="note"><Link href="/imports">All imports and rejected rows →</Link></p>
        </section>
      </div>
    </>
  );
}
