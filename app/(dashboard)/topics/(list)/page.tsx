import Link from 'next/link';
import type { Db } from '@/db/client';
import { filtersToQuery, hasNonDateFilters, ticketsHref, type Filters, type SearchParams } from '@/lib/filters';
import type { DayRange } from '@/lib/queries/filter-sql';
import { countTopicCustomers, countUnclustered, listTopicRows, listTopicWeeklyCounts, listFilterOptions } from '@/lib/queries/topics';
import { day, n } from '@/lib/format';
import { openPage } from '@/lib/page-context';
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
    return (
      <>
        <h1>Topics</h1>
        <p className="lede">
          Recurring issues found in the ticket text. Each topic keeps its id across re-analyses; leads can rename, merge and
          split them on the topic&apos;s page.
        </p>
        <FilterProblems problems={ctx.problems} notice={ctx.rangeNotice} />
        <FilterBar options={await listFilterOptions(db)} pathname="/topics" filters={filters} dataRange={dataRange} />
        <PrintedFilters filters={filters} range={range} />
        <div className="grid">
          <Panel id="topics" title={`Topics with tickets ${day(range.from)} – ${day(range.to)}`} skeletonHeight={400}>
            <TopicsBody db={db} filters={filters} range={range} timeZone={timeZone} fullRange={dataRange !== null && range.from === dataRange.from && range.to === dataRange.to} />
          </Panel>
        </div>
      </>
    );
  });
}

async function TopicsBody({ db, filters, range, timeZone, fullRange }: { db: Db; filters: Filters; range: DayRange; timeZone: string; fullRange: boolean }) {
  // Customers are counted on the tickets only for a narrowed view; for all data the analysis' count is exact.
  const narrowed = !fullRange || hasNonDateFilters(filters);
  const [rows, weekly, unclustered, customers] = await Promise.all([
    listTopicRows(db, filters, range, timeZone),
    listTopicWeeklyCounts(db, filters, range, timeZone),
    countUnclustered(db, filters, range, timeZone),
    narrowed ? countTopicCustomers(db, filters, range, timeZone) : Promise.resolve(null),
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
  }));
  return (
    <>
      <TopicsTable rows={tableRows} customersScope={customers ? 'in view' : 'all time'} />
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
