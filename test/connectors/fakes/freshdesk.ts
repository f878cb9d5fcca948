/**
 * A fake of Freshdesk's API v2 as its reference describes it today:
 *
 * - Endpoint: `GET /api/v2/tickets?updated_since=…&order_by=updated_at&order_type=asc&per_page=…&page=…`.
 *   Without `updated_since` only the tickets of the last 30 days are listed (not modelled: the
 *   connector always sends it). https://developers.freshdesk.com/api/#list_all_tickets
 * - `include`: "stats", "requester", "description", comma-separated. For accounts created after
 *   2018-11-30 a listing carries `description`/`description_text` only with include=description
 *   (`descriptionOnlyWithInclude`, default true). Each include costs 2 API credits on top of the
 *   call's 1; the fake reports the cost in `x-ratelimit-used-currentrequest` next to
 *   `x-ratelimit-total`/`x-ratelimit-remaining`, and answers 429 with `Retry-After` once the
 *   per-minute credits (`creditsPerMinute`) are spent.
 * - Paging: `per_page` at most 100, `page` at most 300 (a longer listing is refused), an RFC 8288
 *   `Link: <…>; rel="next"` while more pages follow.
 * - Deletion: deleted (trash) and spam tickets are left out of the listing unless
 *   `filter=deleted` / `filter=spam`; `GET /api/v2/tickets/{id}` still shows them (`deleted`/`spam`
 *   true), and answers 404 once a ticket is deleted for good.
 * - Conversations: `GET /api/v2/tickets/{id}/conversations`.
 */
import type { FakeHandler } from '../fake-server';
import { authorized, linkHeader, type Json } from './common';

const INCLUDES = ['stats', 'requester', 'description'];

export interface FreshdeskFakeData {
  tickets: Json[];
  conversations: Map<number, Json[]>;
  authorization: string | null;
  /** Freshdesk caps per_page at 100; the fake caps it lower to make several pages. */
  maxPerPage: number;
  /** Tickets deleted for good (404 by id, absent from every listing). */
  purged?: Set<number>;
  /** Accounts created after 2018-11-30: descriptions only with include=description (default true). */
  descriptionOnlyWithInclude?: boolean;
  /** Credits a minute (no limit when absent); the fake's minute never ends unless the test resets `creditsUsed`. */
  creditsPerMinute?: number;
  creditsUsed?: number;
  /** Called after each page of the listing is answered (to change data between pages). */
  afterListPage?: (page: number) => void;
}

export function freshdeskFake(data: FreshdeskFakeData): FakeHandler {
  return (request, origin) => {
    if (!authorized(request, data.authorization)) return { status: 401, body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' } };
    const includes = (request.query.get('include') ?? '').split(',').filter((i) => i !== '');
    const unknown = includes.filter((i) => !INCLUDES.includes(i));
    const cost = 1 + 2 * includes.length;
    const used = (data.creditsUsed ?? 0) + cost;
    const limit = data.creditsPerMinute;
    if (limit !== undefined && used > limit) {
      return { status: 429, headers: { 'retry-after': '42', 'x-ratelimit-total': String(limit), 'x-ratelimit-remaining': '0' }, body: { message: 'You have exceeded the limit of requests per minute' } };
    }
    data.creditsUsed = used;
    const credits = {
      'x-ratelimit-used-currentrequest': String(cost),
      ...(limit === undefined ? {} : { 'x-ratelimit-total': String(limit), 'x-ratelimit-remaining': String(limit - used) }),
    };
    const visible = (t: Json) => !data.purged?.has(Number(t.id));
    if (request.path === '/api/v2/tickets') {
      if (unknown.length > 0) {
        return { status: 400, headers: credits, body: { description: 'Validation failed', errors: [{ field: 'include', message: `It should be one/more of: ${INCLUDES.join(',')}`, code: 'invalid_value' }] } };
      }
      const since = request.query.get('updated_since');
      const orderBy = request.query.get('order_by') ?? 'created_at';
      const asc = request.query.get('order_type') === 'asc';
      const filter = request.query.get('filter');
      const perPage = Math.min(data.maxPerPage, 100, Number(request.query.get('per_page') ?? 30));
      const page = Number(request.query.get('page') ?? 1);
      if (page > 300) {
        return { status: 400, headers: credits, body: { description: 'Validation failed', errors: [{ field: 'page', message: 'Value must be less than or equal to 300', code: 'invalid_value' }] } };
      }
      const field = orderBy === 'updated_at' ? 'updated_at' : 'created_at';
      const modern = data.descriptionOnlyWithInclude ?? true;
      const list = data.tickets
        .filter(visible)
        .filter((t) => (filter === 'deleted' ? t.deleted === true : filter === 'spam' ? t.spam === true : t.deleted !== true && t.spam !== true))
        .filter((t) => since === null || Date.parse(String(t.updated_at)) >= Date.parse(since))
        .sort((a, b) => (Date.parse(String(a[field])) - Date.parse(String(b[field])) || Number(a.id) - Number(b.id)) * (asc ? 1 : -1))
        .map((t) => {
          const shown: Json = { ...t };
          if (!includes.includes('stats')) delete shown.stats;
          if (modern && !includes.includes('description')) {
            delete shown.description;
            delete shown.description_text;
          }
          return shown;
        });
      const body = list.slice((page - 1) * perPage, page * perPage);
      const response = { body, headers: { ...credits, ...linkHeader(origin, request, page, page * perPage < list.length) } };
      data.afterListPage?.(page);
      return response;
    }
    const one = /^\/api\/v2\/tickets\/(\d+)$/.exec(request.path);
    if (one) {
      const ticket = data.tickets.find((t) => Number(t.id) === Number(one[1]) && visible(t));
      return ticket ? { body: ticket, headers: credits } : { status: 404, headers: credits, body: null };
    }
    const c = /^\/api\/v2\/tickets\/(\d+)\/conversations$/.exec(request.path);
    if (c) return { body: data.conversations.get(Number(c[1])) ?? [], headers: credits };
    return { status: 404, body: null };
  };
}

export function freshdeskTicket(id: number, updatedAt: string, overrides: Json = {}): Json {
  return {
    id,
    subject: `Refund not received (${id})`,
    description: '<div>I asked for a refund <b>two weeks</b> ago.</div>',
    description_text: 'I asked for a refund two weeks ago.',
    status: 2,
    priority: 2,
    source: 1,
    type: 'Question',
    requester_id: 7000 + id,
    responder_id: 42,
    company_id: null,
    tags: ['refund'],
    is_escalated: false,
    spam: false,
    deleted: false,
    created_at: '2026-03-01T07:00:00Z',
    updated_at: updatedAt,
    stats: { first_responded_at: null, resolved_at: null, closed_at: null, reopened_at: null },
    ...overrides,
  };
}
