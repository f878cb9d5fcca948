import { getDatabase } from '@/lib/database';
import { canSeeIndividuals, requireRole } from '@/lib/auth/viewer';
import { csvHeader, csvLine } from '@/lib/csv-export';
import { getEnv } from '@/lib/env';
import { AppError } from '@/db/errors';
import { searchParamsToRecord } from '@/lib/filters';
import { getTicketDayRange } from '@/lib/queries/data-range';
import { listTickets } from '@/lib/queries/tickets';
import { checkFilterValues } from '@/lib/queries/filter-values';
import { allowedTicketColumns, TICKET_COLUMNS, type TicketColumn } from '@/lib/ticket-columns';
import { requireTicketQuery } from '@/lib/ticket-query';
import { handle } from '@/lib/http-errors';

export const dynamic = 'force-dynamic';

const PAGE = 2_000;

/**
 * GET /api/tickets.csv?<filters>&status=&q=&sort=&columns=id,created,… — every matching ticket,
 * streamed page by page (keyset), with the requested columns in the requested order. Subject and
 * customer need the lead role (the whole list does); the agent column needs individual access.
 */
export async function GET(request: Request): Promise<Response> {
  return handle(async () => {
    const viewer = await requireRole('lead');
    const params = searchParamsToRecord(new URL(request.url).searchParams);
    const visibility = { text: true, agent: canSeeIndividuals(viewer) };
    const columns = chooseColumns(typeof params.columns === 'string' ? params.columns : undefined, allowedTicketColumns(visibility));
    const { db } = await getDatabase();
    const timeZone = getEnv().SUPPORT_TRENDS_TZ;
    const parsed = requireTicketQuery(params, PAGE, await getTicketDayRange(db, timeZone));
    // A topic, organization or customer that is not stored: a 400 saying which, not an empty file.
    const checked = await checkFilterValues(db, parsed.filters);
    if (checked.problems.length > 0) throw new AppError('InvalidInput', checked.problems.join(' '));
    const query = { ...parsed, filters: checked.filters };
    // The first page is read before answering, so a database error is still a proper error response.
    let page = await listTickets(db, query, visibility, timeZone);
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // A byte-order mark so Excel reads non-ASCII names as UTF-8.
        controller.enqueue(encoder.encode(`\uFEFF${csvHeader(columns.map((c) => ({ key: c.id, header: c.header })))}`));
      },
      async pull(controller) {
        try {
          let chunk = '';
          for (const row of page.rows) chunk += csvLine(columns.map((c) => c.value(row)));
          controller.enqueue(encoder.encode(chunk));
          if (page.nextAfter === null) {
            controller.close();
            return;
          }
          page = await listTickets(db, { ...query, after: page.nextAfter }, visibility, timeZone);
        } catch (error) {
          console.error(error);
          controller.error(error);
        }
      },
    });
    return new Response(stream, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="tickets-${new Date().toISOString().slice(0, 10)}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  });
}

function chooseColumns(requested: string | undefined, allowed: TicketColumn[]): TicketColumn[] {
  if (!requested) return allowed.filter((c) => !c.hiddenByDefault);
  const ids = requested.split(',').map((s) => s.trim()).filter(Boolean);
  const out: TicketColumn[] = [];
  for (const id of ids) {
    const column = allowed.find((c) => c.id === id);
    if (!column) {
      const known = TICKET_COLUMNS.some((c) => c.id === id);
      throw new AppError(known ? 'Forbidden' : 'InvalidInput', known ? `The column "${id}" is not available to you.` : `Unknown column "${id}".`, {
        hint: `Available: ${allowed.map((c) => c.id).join(', ')}.`,
      });
    }
    if (!out.includes(column)) out.push(column);
  }
  if (out.length === 0) throw new AppError('InvalidInput', 'No columns chosen.');
  return out;
}
