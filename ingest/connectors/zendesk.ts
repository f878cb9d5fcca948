/**
 * Zendesk: the cursor-based Incremental Ticket Export
 * (`/api/v2/incremental/tickets/cursor.json?start_time=…`, then `?cursor=<after_cursor>` until
 * `end_of_stream`), with users, organizations and metric sets side-loaded, and the comments of
 * each changed ticket (`/api/v2/tickets/{id}/comments.json`).
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
 *
 * The stored cursor is Zendesk's own `after_cursor`: it already encodes "changed since", so a
 * resumed pull asks for exactly the pages after the last committed one.
 */
import { z } from 'zod';
import { emitTickets } from '@/ingest/sources/json-tickets';
import { emptySummary } from '@/ingest/sources/summary';
import type { EventRecord, ParsedItem } from '@/ingest/sources/types';
import {
  convertZendeskTicket,
  zendeskCommentEvents,
  zendeskMetrics,
  zendeskPeople,
} from '@/ingest/sources/zendesk-json';
import { idField } from '@/ingest/sources/json-fields';
import { isObject } from '@/ingest/sources/json-input';
import { AppError } from '@/db/errors';
import type { PullContext, Connector } from './types';
import { basicAuth } from './types';

const EXPORT_PATH = '/api/v2/incremental/tickets/cursor.json';
const SIDE_LOADS = 'users,organizations,metric_sets';

const cursorSchema = z.object({
  /** Zendesk's after_cursor of the last committed page; absent before the first page. */
  afterCursor: z.string().optional(),
  /** Unix seconds of the first pull's start, used only while there is no afterCursor. */
  startTime: z.number().int().min(0),
});
export type ZendeskCursor = z.infer<typeof cursorSchema>;

const exportPage = z.looseObject({
  tickets: z.array(z.unknown()),
  users: z.array(z.unknown()).optional(),
  organizations: z.array(z.unknown()).optional(),
  metric_sets: z.array(z.unknown()).optional(),
  after_cursor: z.string().nullable().optional(),
  end_of_stream: z.boolean(),
});

const commentsPage = z.looseObject({
  comments: z.array(z.unknown()),
  users: z.array(z.unknown()).optional(),
  next_page: z.string().nullable().optional(),
  meta: z.looseObject({ has_more: z.boolean().optional() }).optional(),
  links: z.looseObject({ next: z.string().nullable().optional() }).optional(),
});

interface TicketComments {
  comments: unknown[];
  users: unknown[];
}

/** Every comment of one ticket, following the comments endpoint's pagination (cursor or offset style). */
async function fetchComments(context: PullContext<'zendesk'>, ticketId: string): Promise<TicketComments> {
  const out: TicketComments = { comments: [], users: [] };
  let next: string | null = `/api/v2/tickets/${encodeURIComponent(ticketId)}/comments.json`;
  let query: Record<string, string> | undefined = { include: 'users', 'page[size]': '100' };
  while (next !== null) {
    let response;
    try {
      response = await context.client.get(next, query);
    } catch (error) {
      // Deleted since the export was read: nothing to attach.
      if (error instanceof AppError && error.code === 'NotFound') return out;
      throw error;
    }
    const page = context.client.expectShape(response, commentsPage, '{"comments": [...]}');
    for (const c of page.comments) out.comments.push(c);
    for (const u of page.users ?? []) out.users.push(u);
    next = page.meta?.has_more === true && page.links?.next ? page.links.next : (page.next_page ?? null);
    query = undefined; // next-page links carry their own query
  }
  return out;
}

/** One export page (and its tickets' comments) → records, de-duplicated by the file parser's rules. */
export function zendeskPageItems(
  page: { tickets: unknown[]; users?: unknown[]; organizations?: unknown[]; metric_sets?: unknown[] },
  comments: Map<string, unknown[]>,
  commentUsers: unknown[],
  timeZone: string,
): { items: ParsedItem[]; summary: ReturnType<typeof emptySummary> } {
  const summary = emptySummary();
  const people = zendeskPeople([...(page.users ?? []), ...commentUsers], page.organizations ?? []);
  const requesters = new Map<string, string>();
  const lines = new Map<string, number>();
  page.tickets.forEach((t, i) => {
    const id = isObject(t) ? idField(t.id) : null;
    const requester = isObject(t) ? idField(t.requester_id) : null;
    if (id !== null) lines.set(id, i + 1);
    if (id !== null && requester !== null) requesters.set(id, requester);
  });
  const eventsByTicket = new Map<string, EventRecord[]>();
  const problems: ParsedItem[] = [];
  for (const [ticketId, list] of comments) {
    const line = lines.get(ticketId) ?? 1;
    for (const item of zendeskCommentEvents({ ticket_id: ticketId, child_events: list }, line, timeZone, people, requesters)) {
      if (item.kind !== 'event') problems.push(item);
      else if (eventsByTicket.has(ticketId)) eventsByTicket.get(ticketId)!.push(item.record);
      else eventsByTicket.set(ticketId, [item.record]);
    }
  }
  const context = { timeZone, people, metrics: zendeskMetrics(page.metric_sets ?? []), eventsByTicket };
  const conversions = page.tickets.map((value, i) => convertZendeskTicket({ value, line: i + 1 }, context));
  const items = [...emitTickets(conversions, summary), ...problems];
  return { items, summary };
}

export const zendeskConnector: Connector<'zendesk', ZendeskCursor> = {
  kind: 'zendesk',
  ticketSource: 'zendesk',
  runKind: 'zendesk-api',
  cursorSchema,
  scope: (source) => `zendesk ${new URL(source.baseUrl).origin}`,
  initialCursor: (source) => ({ startTime: source.since ? Math.floor(Date.parse(source.since) / 1000) : 0 }),

  auth(source, credential) {
    const token = credential ?? '';
    if (source.email === undefined) return { headers: { authorization: `Bearer ${token}` }, secrets: [token] };
    const basic = basicAuth(`${source.email}/token`, token);
    return { headers: { authorization: basic.header }, secrets: [token, basic.encoded] };
  },

  async *pages(context, cursor) {
    let request: Record<string, string | number> =
      cursor.afterCursor !== undefined ? { cursor: cursor.afterCursor } : { start_time: cursor.startTime };
    for (let n = 1; ; n++) {
      const response = await context.client.get(EXPORT_PATH, { ...request, include: SIDE_LOADS });
      const page = context.client.expectShape(response, exportPage, 'an incremental export page ({"tickets": [...], "end_of_stream": …})');
      const comments = new Map<string, unknown[]>();
      const commentUsers: unknown[] = [];
      if (context.source.comments) {
        for (const t of page.tickets) {
          const id = isObject(t) ? idField(t.id) : null;
          if (id === null || !isObject(t) || t.status === 'deleted' || comments.has(id)) continue;
          const fetched = await fetchComments(context, id);
          comments.set(id, fetched.comments);
          for (const u of fetched.users) commentUsers.push(u);
        }
      }
      const { items, summary } = zendeskPageItems(page, comments, commentUsers, context.timeZone);
      const afterCursor = page.after_cursor ?? undefined;
      yield { items, summary, label: `page ${n}`, cursor: afterCursor === undefined ? cursor : { ...cursor, afterCursor } };
      if (page.end_of_stream || afterCursor === undefined) return;
      request = { cursor: afterCursor };
      cursor = { ...cursor, afterCursor };
    }
  },
};
