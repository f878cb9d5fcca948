import Link from 'next/link';
import type { Db } from '@/db/client';
import { filtersToQuery, type SearchParams } from '@/lib/filters';
import type { DayRange } from '@/lib/queries/filter-sql';
import { listReleaseFindings, listReleases, type ReleaseFindingRow, type ReleaseSummaryRow } from '@/lib/queries/releases';
import { day, n } from '@/lib/format';
import { openPage, param } from '@/lib/page-context';
import { listThemeReleaseFindings, type ThemeReleaseFindingRow } from '@/lib/queries/themes';
import { listTopicLabels } from '@/lib/queries/topics';
import { LevelToggle, parseLevel, type Level } from '@/app/components/level-toggle';
import { ThemeFindingsTable } from '@/app/components/theme-findings-table';
import { getAnalysisWindows } from '@/lib/queries/analysis-windows';
import type { AnalysisWindows } from '@/lib/analysis/windows';
import { listFilterOptions } from '@/lib/queries/topics';
import { getVolumePanel } from '@/lib/queries/volume';
import { FilterBar } from '@/app/components/filter-bar';
import { FilterProblems } from '@/app/components/filter-problems';
import { FindingsTable } from '@/app/components/findings-table';
import { renderPage } from '@/app/components/page-problem';
import { Panel } from '@/app/components/panel';
import { chartBuckets, VolumeBody } from '@/app/components/volume-panel';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Releases' };

/** Releases listed at most on one page. */
const MAX_RELEASES_SHOWN = 100;

export default async function ReleasesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return renderPage(async () => {
    const ctx = await openPage('viewer', searchParams);
    const { db, range, timeZone, dataRange } = ctx;
    const filters = { from: ctx.filters.from, to: ctx.filters.to };
    const windows = await getAnalysisWindows(db);
    // Theme findings first (issue 15): one problem phrased several ways is one finding there.
    const level = parseLevel(param(ctx.params, 'level'), 'theme');
    const hrefFor = (l: Level) => `/releases?${filtersToQuery(filters, { level: l })}`;
    return (
      <>
        <h1>Releases</h1>
        <p className="lede">
          What each release did to the topics: a topic&apos;s tickets in the {windows.releaseAfterDays} days after a release are compared with the{' '}
          {windows.releaseBeforeDays} days before, relative to the other topics&apos; volume (so growth and holidays cancel out). When two releases are
          close together the change cannot be pinned on one of them: those findings are marked ambiguous.
        </p>
        <FilterProblems problems={ctx.problems} notice={ctx.rangeNotice} />
        <FilterBar options={await listFilterOptions(db)} pathname="/releases" filters={filters} dataRange={dataRange} fields={['from', 'to']} keep={{ level: level === 'theme' ? undefined : level }} />
        <div className="grid">
          <Panel id="timeline" title="Releases over the total volume" note="Tickets per week; dashed lines are releases. Click a week for its tickets." skeletonHeight={260}>
            <VolumeBody volume={getVolumePanel(db, filters, range, chartBuckets(range, 'week').granularity, timeZone)} filters={filters} range={range} granularity={chartBuckets(range, 'week').granularity} label="Tickets with releases" height={240} />
          </Panel>
          <Panel
            id="list"
            title="Every release, newest first"
            actions={<LevelToggle current={level} hrefFor={hrefFor} label="Findings by theme or by topic" />}
            note={level === 'theme' ? 'Findings by theme: the release test on each theme’s tickets. Switch to Topics for the finer findings.' : 'Findings by topic.'}
            skeletonHeight={400}
          >
            <ReleaseList db={db} windows={windows} range={range} timeZone={timeZone} level={level} />
          </Panel>
        </div>
      </>
    );
  });
}

const perDay = (tickets: number, days: number) => (days > 0 ? (tickets / days).toFixed(1) : '—');

function verdict(r: ReleaseSummaryRow): { text: string; cls: string } {
  if (!r.analysed) return { text: 'not analysed (no tickets around it)', cls: 'warn' };
  if (r.regressions + r.newTopics > 0) return { text: `${r.regressions + r.newTopics} problem${r.regressions + r.newTopics === 1 ? '' : 's'}`, cls: 'bad' };
  if (r.improvements > 0) return { text: 'improvements only', cls: 'ok' };
  return { text: 'no clear change', cls: 'ok' };
}

async function ReleaseList({ db, windows, range, timeZone, level }: { db: Db; windows: AnalysisWindows; range: DayRange; timeZone: string; level: Level }) {
  const [releases, findings, themeFindings] = await Promise.all([
    listReleases(db, timeZone),
    level === 'topic' ? listReleaseFindings(db) : Promise.resolve([]),
    level === 'theme' ? listThemeReleaseFindings(db) : Promise.resolve([]),
  ]);
  const topicLabels = await listTopicLabels(db, themeFindings.flatMap((f) => f.topicIds));
  const inRange = releases.filter((r) => r.day >= range.from && r.day <= range.to);
  if (inRange.length === 0) return <p className="empty">No release in this date range. Load a release list with your next import.</p>;
  // A page of releases, however many the range holds (daily deploys over years would be thousands).
  const shown = inRange.slice(0, MAX_RELEASES_SHOWN);
  const byRelease = new Map<number, ReleaseFindingRow[]>();
  for (const f of findings) byRelease.set(f.releaseId, [...(byRelease.get(f.releaseId) ?? []), f]);
  const themesByRelease = new Map<number, ThemeReleaseFindingRow[]>();
  for (const f of themeFindings) themesByRelease.set(f.releaseId, [...(themesByRelease.get(f.releaseId) ?? []), f]);
  return (
    <div className="release-list">
      {inRange.length > shown.length && (
        <p className="note">
          The newest {MAX_RELEASES_SHOWN} of {n(inRange.length)} releases in this range; narrow the dates to see older ones.
        </p>
      )}
      {shown.map((r) => {
        const mine = byRelease.get(r.id) ?? [];
        const v = verdict(r);
        return (
          <article key={r.id} className="release-item" aria-labelledby={`rel-${r.id}`}>
            <h3 id={`rel-${r.id}`}>
              <Link href={`/releases/${encodeURIComponent(r.version)}`}>{r.version}</Link> <span className="muted">{day(r.day)}{r.product ? ` · ${r.product}` : ''}</span>{' '}
              {/* Spaces between the badges: without them a screen reader reads "1 problem2 improved". */}
              <span className={`badge ${v.cls}`}>{v.text}</span>{' '}
              {r.improvements > 0 && r.regressions + r.newTopics > 0 && <span className="badge ok">{r.improvements} improved</span>}{' '}
              {r.ambiguous && (
                <span className="badge warn" title="Another release falls inside the same before/after windows">
                  ambiguous with {r.ambiguousWith.join(', ')}
                </span>
              )}
            </h3>
            {r.sentence && <p>{r.sentence}</p>}
            {r.analysed && (
              // Rates, not totals: 28 days before and 14 after are not comparable as counts.
              <p className="muted">
                {perDay(r.ticketsBefore, r.beforeDaysObserved)} tickets a day before, {perDay(r.ticketsAfter, r.afterDaysObserved)} after ({n(r.ticketsBefore)} in{' '}
                {r.beforeDaysObserved.toFixed(0)} days, {n(r.ticketsAfter)} in {r.afterDaysObserved.toFixed(0)} days){r.afterDaysObserved < windows.releaseAfterDays ? '; early signal: the after window is not complete' : ''}.
              </p>
            )}
            {mine.length > 0 && <FindingsTable findings={mine} windows={windows} show="topic" />}
            {(themesByRelease.get(r.id) ?? []).length > 0 && <ThemeFindingsTable findings={themesByRelease.get(r.id) ?? []} windows={windows} topicLabels={topicLabels} />}
          </article>
        );
      })}
    </div>
  );
}
