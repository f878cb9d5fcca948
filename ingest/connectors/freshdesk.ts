/**
 * Freshdesk: `/api/v2/tickets?updated_since=…&include=description,stats&order_by=updated_at
 * &order_type=asc&per_page=100`, and each changed ticket's `/api/v2/tickets/{id}/conversations`
 * (merged into the ticket as the file parser expects).
 * https://developers.freshdesk.com/api/#list_all_tickets
 *
 * - `include=description`: accounts created after 2018-11-30 send a ticket's description in a
 *   listing only when asked. Includes combine with commas; each costs 2 API credits on top of the
 *   call's 1, so a page of 100 tickets costs 5 credits with description and stats.
 * - `updated_since` is always sent: without it Freshdesk lists only the tickets of the last 30 days.
 * - Paging by update time (keyset, see keyset.ts): every page is a new query from the newest
 *   `updated_at` read, one second earlier; only more than a page of tickets sharing one second is
 *   read on by page number. A ticket edited during the pull moves ahead instead of shifting the
 *   others past the reader, so nothing is missed and the next pull starts from the last page read.
 *   This also keeps each query far below Freshdesk's 300-page cap on one listing (30,000 tickets;
 *   Freshworks community answer, 2024, not in the API reference).
 * - Deleted (trash) and spam tickets leave the listing (`filter=deleted`/`filter=spam` list them):
 *   `listIds` lists every id, and `confirmGone` asks `GET /api/v2/tickets/{id}` for each missing
 *   one (404, or `deleted`/`spam` true).
 */
import { z } from 'zod';
import { parseJsonTimestamp } from '@/ingest/sources/dates';
import { convertFreshdeskTicket } from '@/ingest/sources/freshdesk-json';
import { idField } from '@/ingest/sources/json-fields';
import { emitTickets } from '@/ingest/sources/json-tickets';
import { isObject } from '@/ingest/sources/json-input';
import { emptySummary } from '@/ingest/sources/summary';
import type { DeletionRecord, ParsedItem } from '@/ingest/sources/types';
import { AppError } from '@/db/errors';
import { nextLink } from './http';
import { newestTime, secondBefore, SeenInPull } from './keyset';
import type { Connector, PullContext } from './types';
import { basicAuth } from './types';

const cursorSchema = z.object({
  /** ISO instant of the newest committed ticket's `updated_at`; null = everything. */
  updatedSince: z.string().nullable(),
});
export type FreshdeskCursor = z.infer<typeof cursorSchema>;

const PER_PAGE = 100;
/** Freshdesk serves at most 300 pages of one listing (see above). */
const LAST_PAGE = 300;
const EPOCH = '1970-01-01T00:00:00Z';
/** What a listing of changed tickets embeds: the description (see above) and the resolution/response times. */
export const TICKET_INCLUDES = 'description,stats';

const listPage = z.array(z.unknown());

async function fetchConversations(context: PullContext<'freshdesk'>, ticketId: string): Promise<unknown[]> {
  const out: unknown[] = [];
  let next: string | null = `/api/v2/tickets/${encodeURIComponent(ticketId)}/conversations`;
  let query: Record<string, number> | undefined = { per_page: PER_PAGE };
  while (next !== null) {
    let response;
    try {
      response = await context.client.get(next, query);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NotFound') return out; // deleted since it was listed
      throw error;
    }
    for (const c of context.client.expectShape(response, listPage, 'a list of conversations')) out.push(c);
    next = nextLink(response.headers);
    query = undefined;
  }
  return out;
}

export function freshdeskPageItems(tickets: unknown[], timeZone: string): { items: ParsedItem[]; summary: ReturnType<typeof emptySummary> } {
  const summary = emptySummary();
  const conversions = tickets.map((value, i) => convertFreshdeskTicket({ value, line: i + 1 }, timeZone));
  return { items: [...emitTickets(conversions, summary)], summary };
}

const updatedAt = (t: unknown) => (isObject(t) ? parseJsonTimestamp(t.updated_at, 'UTC') : null);
const idOf = (t: unknown) => (isObject(t) ? (idField(t.id) ?? '') : '');

interface ListedPage {
  tickets: unknown[];
  /** Newest `updated_at` read so far (the cursor once this page is stored). */
  newest: string | null;
  offsetPaged: boolean;
}

/** The tickets updated since `from`, by update time, page after page (see "Paging" above). */
async function* listing(context: PullContext<'freshdesk'>, from: string | null, include: string | null): AsyncGenerator<ListedPage> {
  let newest = from;
  let queryFrom = from;
  let pageInQuery = 1;
  let next: string | null = null;
  for (;;) {
    const continued = pageInQuery > 1;
    const response = await context.client.get(
      next ?? '/api/v2/tickets',
      next !== null
        ? undefined
        : {
            updated_since: queryFrom === null ? EPOCH : secondBefore(queryFrom),
            ...(include === null ? {} : { include }),
            order_by: 'updated_at',
            order_type: 'asc',
            per_page: PER_PAGE,
            ...(pageInQuery > 1 ? { page: pageInQuery } : {}),
          },
    );
    const page = context.client.expectShape(response, listPage, 'a list of tickets');
    newest = newestTime(page, updatedAt, newest);
    // Freshdesk sends a Link header while there are more pages; a short page is the last.
    const link = nextLink(response.headers);
    const more = link !== null || page.length >= PER_PAGE;
    const progressed = newest !== null && (queryFrom === null || Date.parse(newest) > Date.parse(queryFrom));
    yield { tickets: page, newest, offsetPaged: continued || (more && !progressed) };
    if (!more) return;
    if (progressed) {
      queryFrom = newest;
      pageInQuery = 1;
      next = null;
      continue;
    }
    pageInQuery++;
    if (pageInQuery > LAST_PAGE) {
      throw context.client.error('Unavailable', `more than ${LAST_PAGE * PER_PAGE} tickets share one update time; cannot page past them`);
    }
    next = link; // null: a full page without a link, ask for the next page number
  }
}

export const freshdeskConnector: Connector<'freshdesk', FreshdeskCursor> = {
  kind: 'freshdesk',
  ticketSource: 'freshdesk',
  runKind: 'freshdesk-api',
  cursorSchema,
  scope: (source) => `freshdesk ${new URL(source.baseUrl).origin}`,
  initialCursor: (source) => ({ updatedSince: source.since ? new Date(Date.parse(source.since)).toISOString() : null }),

  auth(_source, credential) {
    const key = credential ?? '';
    // Freshdesk's documented form: the API key as user name, any password ("X").
    const basic = basicAuth(key, 'X');
    return { headers: { authorization: basic.header }, secrets: [key, basic.encoded] };
  },

  async *pages(context, cursor) {
    const seen = new SeenInPull();
    let n = 0;
    for await (const listed of listing(context, cursor.updatedSince, TICKET_INCLUDES)) {
      n++;
      const fresh = seen.fresh(listed.tickets, idOf, updatedAt);
      const tickets: unknown[] = [];
      for (const t of fresh) {
        const id = idOf(t);
        tickets.push(context.source.comments && id !== '' && isObject(t) ? { ...t, conversations: await fetchConversations(context, id) } : t);
      }
      const { items, summary } = freshdeskPageItems(tickets, context.timeZone);
      yield { items, summary, label: `page ${n}`, cursor: { updatedSince: listed.newest }, listedIds: fresh.map(idOf), offsetPaged: listed.offsetPaged };
    }
  },

  async *listIds(context) {
    // Ids only: no includes (1 credit a page instead of 5), no conversations.
    const since = context.source.since ? new Date(Date.parse(context.source.since)).toISOString() : null;
    for await (const listed of listing(context, since, null)) yield listed.tickets.map(idOf).filter((id) => id !== '');
  },

  async confirmGone(context, ids) {
    const gone: DeletionRecord[] = [];
    for (const id of ids) {
      const response = await context.client.probe(`/api/v2/tickets/${encodeURIComponent(id)}`, undefined, [404]);
      if (response.status === 404) {
        gone.push({ externalId: id, deletedAt: new Date(context.now()), line: 0 });
      } else if (isObject(response.body) && (response.body.deleted === true || response.body.spam === true)) {
        const at = updatedAt(response.body);
        gone.push({ externalId: id, deletedAt: new Date(at ?? context.now()), line: 0 });
      }
    }
    return gone;
  },
};
