import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { Db } from '@/db/client';
import { hasRole } from '@/lib/auth/viewer';
import { filtersToQuery, ticketsHref, type Filters, type SearchParams } from '@/lib/filters';
import type { DayRange } from '@/lib/queries/filter-sql';
import { getAnalysisWindows } from '@/lib/queries/analysis-windows';
import { getThemeDetail, type ThemeDetail } from '@/lib/queries/theme-pages';
import { listThemeRefs, listThemeReleaseFindings, listThemes } from '@/lib/queries/themes';
import { listFilterOptions, listTopicLabels, listTopicRows } from '@/lib/queries/topics';
import { day, n } from '@/lib/format';
import { openPage } from '@/lib/page-context';
import { FilterBar, PrintedFilters } from '@/app/components/filter-bar';
import { FilterProblems } from '@/app/components/filter-problems';
import { renderPage } from '@/app/components/page-problem';
import { Panel } from '@/app/components/panel';
import { TableScroll } from '@/app/components/table-scroll';
import { ThemeFindingsTable } from '@/app/components/theme-findings-table';
import { ThemeCurationForms } from './theme-curation-forms';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ themeId: string }>;
  searchParams: Promise<SearchParams>;
}

const THEME_ID = /^th\d{1,9}$/;

export async function generateMetadata({ params }: Props) {
  const { themeId } = await params;
  const fallback = { title: `Theme ${themeId}` };
  if (!THEME_ID.test(themeId)) return fallback;
  try {
    const { db } = await openPage('viewer');
    const theme = await getThemeDetail(db, themeId);
    return theme ? { title: `${theme.label} (theme ${theme.id})` } : fallback;
  } catch {
    return fallback;
  }
}

/** One theme: its topics with their counts in the range, its release findings, and (leads) its curation. */
export default async function ThemePage({ params, searchParams }: Props) {
  const { themeId } = await params;
  if (!THEME_ID.test(themeId)) notFound();
  return renderPage(async () => {
    const ctx = await openPage('viewer', searchParams);
    const { db, viewer, timeZone, dataRange, range } = ctx;
    const theme = await getThemeDetail(db, themeId);
    if (!theme) notFound();
    // The page is about one theme: a topic filter in the address does not apply.
    const filters: Filters = { ...ctx.filters, topic: undefined };
    const canCurate = hasRole(viewer, 'lead') && theme.status === 'active';
    const query = filtersToQuery(filters);
    return (
      <>
        <p className="breadcrumb no-print">
          <Link href={`/topics?${query}`}>← Themes</Link>
        </p>
        <h1>
          {theme.label} <span className="muted">(theme {theme.id})</span>
        </h1>
        <p className="lede">
          {theme.status === 'retired' ? 'This theme no longer exists in the latest analysis. ' : ''}
          {n(theme.tickets)} tickets from {n(theme.customers)} customers in {n(theme.topics.filter((t) => t.status === 'active').length)} topics, all time.
          {theme.labelLocked && ' Named by a person: analyses keep this name.'}
          {theme.keywords.length > 0 && <> Keywords: {theme.keywords.slice(0, 8).join(', ')}.</>}
        </p>
        <FilterProblems problems={ctx.problems} notice={ctx.rangeNotice} />
        <FilterBar options={await listFilterOptions(db)} pathname={`/topics/theme/${theme.id}`} filters={filters} dataRange={dataRange} fields={['from', 'to', 'org', 'customer', 'priority', 'channel', 'version']} />
        <PrintedFilters filters={filters} range={range} />
        <div className="grid">
          <Panel id="theme-topics" title={`Topics of this theme, ${day(range.from)} – ${day(range.to)}`} skeletonHeight={300}>
            <ThemeTopics db={db} theme={theme} filters={filters} range={range} timeZone={timeZone} />
          </Panel>
          <Panel id="releases" title="Release findings about this theme" span={canCurate ? 6 : 12}>
            <ThemeFindings db={db} themeId={theme.id} />
          </Panel>
          {canCurate && (
            <Panel id="curate" title="Curate this theme" span={6} note="Applied now and remembered: every later analysis replays it. Themes group topics: no ticket changes topic.">
              <CurationPanel db={db} theme={theme} />
            </Panel>
          )}
        </div>
      </>
    );
  });
}

async function ThemeTopics({ db, theme, filters, range, timeZone }: { db: Db; theme: ThemeDetail; filters: Filters; range: DayRange; timeZone: string }) {
  const [rows, themes] = await Promise.all([listTopicRows(db, filters, range, timeZone), listThemes(db, filters, range, timeZone)]);
  const inRange = new Map(rows.map((r) => [r.id as string, r.tickets]));
  const summary = themes.find((t) => t.id === theme.id);
  const query = filtersToQuery(filters);
  return (
    <>
      <TableScroll label="Topics of this theme">
        <table className="data" aria-label="Topics of this theme">
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col" className="num">Tickets in range</th>
              <th scope="col" className="num">Tickets (all time)</th>
              <th scope="col" className="num">Customers (all time)</th>
              <th scope="col">Keywords</th>
            </tr>
          </thead>
          <tbody>
            {theme.topics.map((t) => (
              <tr key={t.id}>
                <td>
                  <Link href={query ? `/topics/${t.id}?${query}` : `/topics/${t.id}`}>{t.label}</Link>
                  {t.status === 'retired' && <span className="muted"> (retired)</span>}
                </td>
                <td className="num">
                  <Link href={ticketsHref(filters, { topic: t.id, from: range.from, to: range.to })}>{n(inRange.get(t.id) ?? 0)}</Link>
                </td>
                <td className="num">{n(t.tickets)}</td>
                <td className="num">{n(t.customers)}</td>
                <td className="muted">{t.keywords.slice(0, 5).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {summary && (
        <p className="note">
          {n(summary.tickets)} tickets in the range; {n(summary.last28d)} in the last {summary.windowDays} days up to {day(range.to)} against {n(summary.prev28d)} in the{' '}
          {summary.windowDays} days before (plain counts; the overview&apos;s pain points test the change).
        </p>
      )}
    </>
  );
}

async function ThemeFindings({ db, themeId }: { db: Db; themeId: string }) {
  const [all, windows] = await Promise.all([listThemeReleaseFindings(db), getAnalysisWindows(db)]);
  const findings = all.filter((f) => f.themeId === themeId);
  if (findings.length === 0) return <p className="empty">No release changed this theme measurably.</p>;
  const labels = await listTopicLabels(db, findings.flatMap((f) => f.topicIds));
  return <ThemeFindingsTable findings={findings} windows={windows} topicLabels={labels} showRelease />;
}

async function CurationPanel({ db, theme }: { db: Db; theme: ThemeDetail }) {
  const themes = await listThemeRefs(db);
  return (
    <ThemeCurationForms
      themeId={theme.id}
      label={theme.label}
      themes={themes.map((t) => ({ id: t.id, label: t.label }))}
      topics={theme.topics.filter((t) => t.status === 'active').map((t) => ({ id: t.id, label: t.label }))}
    />
  );
}
