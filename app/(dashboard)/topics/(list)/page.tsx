import Link from 'next/link';
import type { Db } from '@/db/client';
import { filtersToQuery, hasNonDateFilters, ticketsHref, type Filters, type SearchParams } from '@/lib/filters';
import type { DayRange } from '@/lib/queries/filter-sql';
import { countTopicCustomers, countUnclustered, listTopicRows, listTopicWeeklyCounts, listFilterOptions } from '@/lib/queries/topics';
import { listThemes } from '@/lib/queries/themes';
import { listTopicSearchTerms } from '@/lib/queries/theme-pages';
import { day, n } from '@/lib/format';
import { openPage, param } from '@/lib/page-context';
import { LevelToggle, parseLevel, type Level } from '@/app/components/level-toggle';
import { ThemesTable } from '@/app/components/tables/themes-table';
import { FilterBar, PrintedFilters } from '@/app/components/filter-bar';
import { FilterProblems } from '@/app/components/filter-problems';
import { renderPage } from '@/app/components/page-problem';
import { Panel } from '@/app/components/panel';
import { TopicsTable } from '@/app/components/tables/topics-table';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Topics' };

export default async function TopicsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return renderPage(async () => {
    const ctx = await openPage('viewer', searchParams);
    const { db, filters, range, timeZone, dataRange } = ctx;
    // Themes first (issue 15): a planner reads problem areas; topics are one click down.
    const level = parseLevel(param(ctx.params, 'level'), 'theme');
    const search = param(ctx.params, 'q') ?? '';
    const open = (param(ctx.params, 'open') ?? '').split(',').filter((id) => /^th\d+$/.test(id));
    const hrefFor = (l: Level) => `/topics?${filtersToQuery(filters, { level: l, q: search || undefined })}`;
    const fullRange = dataRange !== null && range.from === dataRange.from && range.to === dataRange.to;
    return (
      <>
        <h1>Topics</h1>
        <p className="lede">
          Recurring issues found in the ticket text, grouped into themes (problem areas). Themes and topics keep their ids
          across re-analyses; leads can rename, merge and split them on their pages.
        </p>
        <FilterProblems problems={ctx.problems} notice={ctx.rangeNotice} />
        <FilterBar options={await listFilterOptions(db)} pathname="/topics" filters={filters} dataRange={dataRange} keep={{ level: level === 'theme' ? undefined : level }} />
        <PrintedFilters filters={filters} range={range} />
        <div className="grid">
          <Panel
            id="topics"
            title={`${level === 'theme' ? 'Themes' : 'Topics'} with tickets ${day(range.from)} – ${day(range.to)}`}
            actions={<LevelToggle current={level} hrefFor={hrefFor} label="Show themes or topics" />}
            skeletonHeight={400}
          >
            {level === 'theme' ? (
              <ThemesBody db={db} filters={filters} range={range} timeZone={timeZone} search={search} open={open} />
            ) : (
              <TopicsBody db={db} filters={filters} range={range} timeZone={timeZone} fullRange={fullRange} search={search} />
            )}
          </Panel>
        </div>
      </>
    );
  });
}

async function ThemesBody({ db, filters, range, timeZone, search, open }: { db: Db; filters: Filters; range: DayRange; timeZone: string; search: string; open: string[] }) {
  const [themes, topicRows, terms] = await Promise.all([listThemes(db, filters, range, timeZone), listTopicRows(db, filters, range, timeZone), listTopicSearchTerms(db)]);
  if (themes.length === 0 && topicRows.length > 0) {
    return (
      <p className="empty">
        No themes yet: the last analysis grouped no topics. Run a full analysis (<code>support-trends analyze --full</code>), or{' '}
        <Link href={`/topics?${filtersToQuery(filters, { level: 'topic' })}`}>see the topics</Link>.
      </p>
    );
  }
  const detailQuery = filtersToQuery({ ...filters, topic: undefined });
  const withQuery = (path: string) => (detailQuery ? `${path}?${detailQuery}` : path);
  const topicInfo = new Map(topicRows.map((r) => [r.id as string, r]));
  const rows = themes.map((t) => ({
    id: t.id,
    label: t.label,
    labelLocked: t.labelLocked,
    keywords: t.keywords,
    themeHref: withQuery(`/topics/theme/${t.id}`),
    tickets: t.tickets,
    customers: t.customers,
    last: t.last28d,
    prev: t.prev28d,
    windowDays: t.windowDays,
    topics: t.topicIds
      .filter((id) => (topicInfo.get(id)?.tickets ?? 0) > 0)
      .map((id) => ({ id, label: topicInfo.get(id)?.label ?? id, keywords: terms.get(id)?.keywords ?? [], tickets: topicInfo.get(id)?.tickets ?? 0, topicHref: withQuery(`/topics/${id}`) })),
  }));
  const windowDays = themes[0]?.windowDays ?? 0;
  const topicCount = rows.reduce((s, r) => s + r.topics.length, 0);
  return (
    <>
      <ThemesTable rows={rows} windowDays={windowDays} initialSearch={search} initialOpen={open} />
      <p className="note">
        {n(rows.reduce((s, r) => s + r.tickets, 0))} tickets in {n(rows.length)} themes of {n(topicCount)} topics. Open a theme (▸) to see its topics.
        {windowDays > 0 && ` The last ${windowDays} days end on ${day(range.to)}; the ${windowDays} days before are the same span just earlier (plain counts, no test).`}
      </p>
    </>
  );
}

async function TopicsBody({ db, filters, range, timeZone, fullRange, search }: { db: Db; filters: Filters; range: DayRange; timeZone: string; fullRange: boolean; search: string }) {
  // Customers are counted on the tickets only for a narrowed view; for all data the analysis' count is exact.
  const narrowed = !fullRange || hasNonDateFilters(filters);
  const [rows, weekly, unclustered, customers, terms] = await Promise.all([
    listTopicRows(db, filters, range, timeZone),
    listTopicWeeklyCounts(db, filters, range, timeZone),
    countUnclustered(db, filters, range, timeZone),
    narrowed ? countTopicCustomers(db, filters, range, timeZone) : Promise.resolve(null),
    listTopicSearchTerms(db),
  ]);
  // The topic's page keeps the other filters (dates, priority…), not the topic filter.
  const detailQuery = filtersToQuery({ ...filters, topic: undefined });
  const tableRows = rows.map((r) => ({
    id: r.id,
    label: r.label,
    labelLocked: r.labelLocked,
    tickets: r.tickets,
    customers: customers ? (customers.get(r.id) ?? 0) : r.customersAllTime,
    weekly: weekly.get(r.id) ?? [],
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    ticketsHref: ticketsHref(filters, { topic: r.id, from: range.from, to: range.to }),
    topicHref: detailQuery ? `/topics/${r.id}?${detailQuery}` : `/topics/${r.id}`,
    keywords: terms.get(r.id)?.keywords ?? [],
    themeLabel: terms.get(r.id)?.themeLabel ?? null,
    themeHref: terms.get(r.id)?.themeId ? `/topics/theme/${terms.get(r.id)?.themeId}` : null,
  }));
  return (
    <>
      <TopicsTable rows={tableRows} customersScope={customers ? 'in view' : 'all time'} initialSearch={search} />
      <p className="note">
        {n(rows.reduce((s, r) => s + r.tickets, 0))} tickets in {n(rows.length)} topics
        {unclustered > 0 && (
          <>
            {' '}and <Link href={ticketsHref(filters, { topic: null, from: range.from, to: range.to })}>{n(unclustered)} unclustered tickets</Link> (too unlike any topic)
          </>
        )}
        . Trend lines show tickets per week over the range; sorting by trend compares the second half with the first.
      </p>
    </>
  );
}
