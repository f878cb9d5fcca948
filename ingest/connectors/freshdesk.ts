/**
 * Freshdesk: `/api/v2/tickets?updated_since=…&include=stats&order_by=updated_at&order_type=asc
 * &per_page=100&page=N`, and each changed ticket's `/api/v2/tickets/{id}/conversations`
 * (merged into the ticket as the file parser expects).
 * https://developers.freshdesk.com/api/#list_all_tickets
 *
 * `updated_since` is always sent: without it Freshdesk lists only the tickets of the last 30 days.
 */
import { z } from 'zod';
import { parseJsonTimestamp } from '@/ingest/sources/dates';
import { convertFreshdeskTicket } from '@/ingest/sources/freshdesk-json';
import { idField } from '@/ingest/sources/json-fields';
import { emitTickets } from '@/ingest/sources/json-tickets';
import { isObject } from '@/ingest/sources/json-input';
import { emptySummary } from '@/ingest/sources/summary';
import type { ParsedItem } from '@/ingest/sources/types';
import { AppError } from '@/lib/errors';
import { nextLink } from './http';
import type { Connector, PullContext } from './types';
import { basicAuth } from './types';

const cursorSchema = z.object({
  /** ISO instant of the newest committed ticket's `updated_at`; null = everything. */
  updatedSince: z.string().nullable(),
});
export type FreshdeskCursor = z.infer<typeof cursorSchema>;

const PER_PAGE = 100;
/**
 * Freshdesk serves at most 300 pages (30 000 tickets) of a listing (Freshworks community answer,
 * 2024; not in the API reference): a longer pull restarts the listing from the cursor.
 */
const LAST_PAGE = 300;
const EPOCH = '1970-01-01T00:00:00Z';

const listPage = z.array(z.unknown());

/** Freshdesk wants whole seconds: `2024-03-05T14:07:33Z`. */
function freshdeskTime(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

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

function newestUpdated(tickets: unknown[], previous: string | null): string | null {
  let newest = previous === null ? -Infinity : Date.parse(previous);
  for (const t of tickets) {
    const at = isObject(t) ? parseJsonTimestamp(t.updated_at, 'UTC') : null;
    if (at !== null && !Number.isNaN(at) && at > newest) newest = at;
  }
  return newest === -Infinity ? previous : new Date(newest).toISOString();
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
    let updatedSince = cursor.updatedSince;
    let listingFrom = updatedSince;
    let next: string | null = null;
    for (let n = 1, pageInListing = 1; ; n++, pageInListing++) {
      if (pageInListing > LAST_PAGE) {
        if (updatedSince === listingFrom) {
          throw context.client.error('Unavailable', `more than ${LAST_PAGE * PER_PAGE} tickets share one update time; cannot page past them`);
        }
        listingFrom = updatedSince;
        pageInListing = 1;
        next = null;
      }
      const response = await context.client.get(
        next ?? '/api/v2/tickets',
        next !== null
          ? undefined
          : {
              updated_since: freshdeskTime(listingFrom ?? EPOCH),
              include: 'stats',
              order_by: 'updated_at',
              order_type: 'asc',
              per_page: PER_PAGE,
              page: pageInListing,
            },
      );
      const page = context.client.expectShape(response, listPage, 'a list of tickets');
      const tickets: unknown[] = [];
      for (const t of page) {
        const id = isObject(t) ? idField(t.id) : null;
        tickets.push(context.source.comments && id !== null && isObject(t) ? { ...t, conversations: await fetchConversations(context, id) } : t);
      }
      const { items, summary } = freshdeskPageItems(tickets, context.timeZone);
      updatedSince = newestUpdated(page, updatedSince);
      // A restarted listing repeats the tickets at its start time: those are not moves.
      const from = listingFrom === null ? -Infinity : Date.parse(listingFrom);
      const listedIds = page.filter((t) => isObject(t) && !(Date.parse(String(t.updated_at)) <= from)).map((t) => String((t as { id: unknown }).id));
      yield { items, summary, label: `page ${n}`, cursor: { updatedSince }, listedIds };
      // Freshdesk sends a Link header while there are more pages; a short page is the last.
      const link = nextLink(response.headers);
      if (link === null && page.length < PER_PAGE) return;
      if (link === null) {
        next = null;
        continue; // a full page without a link: ask for the next page number
      }
      next = pageInListing + 1 > LAST_PAGE ? null : link;
    }
  },
};
