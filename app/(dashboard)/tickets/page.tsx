import Form from 'next/form';
import Link from 'next/link';
import { canSeeIndividuals } from '@/lib/auth/viewer';
import { filtersToQuery, type SearchParams } from '@/lib/filters';
import { getTicketDayRange } from '@/lib/queries/data-range';
import { countTickets, listTickets, TICKET_STATUSES } from '@/lib/queries/tickets';
import { n } from '@/lib/format';
import { openPage } from '@/lib/page-context';
import { allowedTicketColumns } from '@/lib/ticket-columns';
import { parseTicketQuery, TICKETS_PAGE_SIZE } from '@/lib/ticket-query';
import { listFilterOptions } from '@/lib/queries/topics';
import { checkFilterValues } from '@/lib/queries/filter-values';
import { FilterBar, PrintedFilters } from '@/app/components/filter-bar';
import { FilterProblems } from '@/app/components/filter-problems';
import { renderPage } from '@/app/components/page-problem';
import { TicketsTable } from '@/app/components/tables/tickets-table';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Tickets' };

const STATUS_LABELS: Record<(typeof TICKET_STATUSES)[number], string> = {
  unresolved: 'Unresolved (new, open, pending)',
  engineering: 'Waiting on engineering',
  new: 'New',
  open: 'Open',
  pending: 'Pending / on hold',
  solved: 'Solved',
  closed: 'Closed',
};

export default async function TicketsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return renderPage(async () => {
    const ctx = await openPage('lead', searchParams);
    const { db, viewer, timeZone, dataRange } = ctx;
    const parsed = parseTicketQuery(ctx.params, TICKETS_PAGE_SIZE, await getTicketDayRange(db, timeZone));
    const { page, problems, notice } = parsed;
    // openPage said which topic, organization or customer is not stored (ctx.problems); a found customer becomes its stored key.
    const query = { ...parsed.query, filters: (await checkFilterValues(db, parsed.query.filters)).filters };
    const visibility = { text: true, agent: canSeeIndividuals(viewer) };
    const [{ rows, nextAfter }, { count, capped }] = await Promise.all([
      listTickets(db, query, visibility, timeZone),
      countTickets(db, { ...query, range: query.range ?? dataRange }, timeZone),
    ]);
    const own = { status: query.status, q: query.search, sort: query.sort === 'newest' ? undefined : query.sort };
    const listQuery = filtersToQuery(query.filters, own);
    const first = (page - 1) * query.limit + 1;
    const columns = allowedTicketColumns(visibility).map((c) => c.id);

    return (
      <>
        <h1>Tickets</h1>
        <p className="lede">
          The tickets behind every chart and number. Times are local ({timeZone}).{' '}
          {visibility.agent ? 'Assignees are shown (individual rows are allowed).' : 'Assignees are hidden: they are shown only where individual rows are allowed (managers).'}
        </p>
        <FilterProblems problems={[...new Set([...ctx.problems, ...problems])]} notice={notice} />
        <FilterBar options={await listFilterOptions(db)} pathname="/tickets" filters={query.filters} dataRange={dataRange} keep={own} />
        <PrintedFilters filters={query.filters} range={query.range ?? dataRange ?? { from: '', to: '' }} />
        <section className="panel" aria-labelledby="tickets-heading">
          <div className="panel-head">
            <h2 id="tickets-heading" data-testid="tickets-count">
              {capped ? `More than ${n(count)}` : n(count)} {count === 1 ? 'ticket' : 'tickets'}
            </h2>
            <Form action="/tickets" className="form-row no-print" aria-label="Search and sort">
              {Object.entries(query.filters).map(([key, value]) => (
                <input key={key} type="hidden" name={key} value={String(value)} />
              ))}
              <div className="field">
                <label htmlFor="ticket-q">Search subject or id</label>
                <input id="ticket-q" type="search" name="q" defaultValue={query.search ?? ''} size={22} />
              </div>
              <div className="field">
                <label htmlFor="ticket-status">Status</label>
                <select id="ticket-status" name="status" defaultValue={query.status ?? ''}>
                  <option value="">Any status</option>
                  {TICKET_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="ticket-sort">Order</label>
                <select id="ticket-sort" name="sort" defaultValue={query.sort}>
                  <option value="newest">Newest first</option>
                  <option value="oldest">Oldest first</option>
                </select>
              </div>
              <button type="submit">Show</button>
            </Form>
          </div>
          {rows.length === 0 ? (
            <p className="empty">
              No tickets match{query.search ? ` “${query.search}”` : ''} with these filters. Remove a filter or widen the dates.
            </p>
          ) : (
            <>
              <TicketsTable rows={rows} allowed={columns} query={listQuery} total={count} capped={capped} />
              <nav className="pager" aria-label="Pages of tickets">
                <span>
                  Showing {n(first)}–{n(first + rows.length - 1)}
                  {!capped && ` of ${n(count)}`}
                </span>
                {page > 1 && <Link href={`/tickets?${listQuery}`}>⇤ First page</Link>}
                {nextAfter !== null && (
                  <Link href={`/tickets?${filtersToQuery(query.filters, { ...own, after: nextAfter, page: page + 1 })}`} data-testid="next-page">
                    Next {query.limit} →
                  </Link>
                )}
              </nav>
            </>
          )}
        </section>
      </>
    );
  });
}
