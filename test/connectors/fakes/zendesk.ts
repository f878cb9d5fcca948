/**
 * A fake of Zendesk's APIs as the references describe them today:
 *
 * - Endpoint: `GET /api/v2/incremental/tickets/cursor.json?start_time=<unix>` for the first
 *   page, then `?cursor=<after_cursor>`; side-loads with `include=users,organizations,metric_sets`.
 *   https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
 * - Paging: cursor-based; each page has `after_cursor`, `after_url` and `end_of_stream` (true once
 *   the stream has been read up to now). The stream is an update log: a ticket appears once per
 *   change, so a later page may repeat a ticket with a newer `updated_at`.
 * - Deletion: "Excluding deleted tickets" — deleted tickets stay in the export with
 *   `status: "deleted"` unless `exclude_deleted=true` is sent; their comments answer 404.
 * - Comments: `GET /api/v2/tickets/{id}/comments.json?page[size]=N&include=users`, cursor
 *   pagination with `meta.has_more` and `links.next`.
 * - Rate limit: "up to 10 requests per minute" on the export; over it, 429 with `Retry-After`
 *   (seconds) — scripted by the tests with `FakeServer.script`.
 */
import type { FakeHandler } from '../fake-server';
import { authorized, decodeCursor, encodeCursor, type Json } from './common';

const unauthorized = { status: 401, body: { error: "Couldn't authenticate you" } };
const notFound = { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };

export interface ZendeskFakeData {
  /** The update stream, oldest change first: a ticket appears once per change. */
  stream: Json[];
  users: Json[];
  organizations: Json[];
  comments: Map<string, Json[]>;
  pageSize: number;
  commentsPageSize: number;
  authorization: string | null;
}

export function zendeskFake(data: ZendeskFakeData): FakeHandler {
  return (request, origin) => {
    if (!authorized(request, data.authorization)) return unauthorized;
    if (request.path === '/api/v2/incremental/tickets/cursor.json') {
      const cursor = request.query.get('cursor');
      const startTime = Number(request.query.get('start_time') ?? 0);
      let from: number;
      if (cursor !== null) {
        const decoded = decodeCursor(cursor);
        if (decoded === null) return { status: 400, body: { error: 'InvalidPaginationParameter', description: 'cursor is invalid' } };
        from = decoded;
      } else {
        from = data.stream.findIndex((t) => Date.parse(String(t.updated_at)) / 1000 >= startTime);
      }
      const start = from < 0 ? data.stream.length : from;
      const end = Math.min(data.stream.length, start + data.pageSize);
      const excludeDeleted = request.query.get('exclude_deleted') === 'true';
      const tickets = data.stream.slice(start, end).filter((t) => !(excludeDeleted && t.status === 'deleted'));
      const include = (request.query.get('include') ?? '').split(',');
      const userIds = new Set(tickets.flatMap((t) => [t.requester_id, t.assignee_id]));
      const orgIds = new Set(tickets.map((t) => t.organization_id));
      return {
        body: {
          tickets,
          ...(include.includes('users') ? { users: data.users.filter((u) => userIds.has(u.id)) } : {}),
          ...(include.includes('organizations') ? { organizations: data.organizations.filter((o) => orgIds.has(o.id)) } : {}),
          after_url: `${origin}/api/v2/incremental/tickets/cursor.json?cursor=${encodeCursor(end)}`,
          after_cursor: encodeCursor(end),
          before_url: null,
          before_cursor: null,
          end_of_stream: end >= data.stream.length,
        },
      };
    }
    const m = /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/.exec(request.path);
    if (m) {
      const all = data.comments.get(m[1]);
      if (all === undefined) return notFound;
      const size = Math.min(Number(request.query.get('page[size]') ?? 100), data.commentsPageSize);
      const after = request.query.get('page[after]');
      const start = after === null ? 0 : (decodeCursor(after) ?? 0);
      const comments = all.slice(start, start + size);
      const more = start + size < all.length;
      const authors = new Set(comments.map((c) => c.author_id));
      return {
        body: {
          comments,
          users: request.query.get('include') === 'users' ? data.users.filter((u) => authors.has(u.id)) : undefined,
          meta: { has_more: more, after_cursor: more ? encodeCursor(start + size) : null, before_cursor: null },
          links: {
            next: more ? `${origin}${request.path}?page[size]=${size}&page[after]=${encodeCursor(start + size)}&include=users` : null,
            prev: null,
          },
        },
      };
    }
    return notFound;
  };
}

export function zendeskTicket(id: number, updatedAt: string, overrides: Json = {}): Json {
  return {
    id,
    url: `https://acme.zendesk.com/api/v2/tickets/${id}.json`,
    created_at: '2026-03-01T09:00:00Z',
    updated_at: updatedAt,
    type: 'problem',
    subject: `Cannot export invoice ${id}`,
    raw_subject: `Cannot export invoice ${id}`,
    description: `The invoice export fails for order ${id}.`,
    priority: 'normal',
    status: 'open',
    requester_id: 1000 + id,
    assignee_id: 1,
    organization_id: 500,
    tags: ['billing'],
    via: { channel: 'email' },
    ...overrides,
  };
}

/** The newest state of each ticket in the stream, deleted ones included (status "deleted"). */
export function zendeskCurrent(data: ZendeskFakeData): Map<number, Json> {
  const current = new Map<number, Json>();
  for (const t of data.stream) current.set(Number(t.id), t);
  return current;
}

/** A change at `at`: the ticket's newest copy with `changes`, appended to the stream. */
export function zendeskChange(data: ZendeskFakeData, id: number, at: string, changes: Json): void {
  const current = zendeskCurrent(data).get(id);
  data.stream.push({ ...(current ?? zendeskTicket(id, at)), ...changes, updated_at: at });
}

/** A deletion at `at`: the export shows the ticket again with status "deleted"; its comments are gone. */
export function zendeskDelete(data: ZendeskFakeData, id: number, at: string): void {
  zendeskChange(data, id, at, { status: 'deleted' });
  data.comments.delete(String(id));
}
