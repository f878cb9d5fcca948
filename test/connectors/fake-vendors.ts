/**
 * Fakes of the four helpdesk APIs, answering as their documentation says (see
 * /work/shared/data/FORMATS.md and the URLs in ingest/connectors/*.ts): Zendesk's cursor-based
 * incremental export and comments, Jira's search (JQL updated-since, startAt/maxResults) and
 * versions, GitHub's Link-paginated issues, comments and releases, Freshdesk's updated_since
 * listing and conversations. Each checks the Authorization header and answers 401 otherwise.
 */
import { wallTimeToUtc } from '@/lib/time';
import type { FakeHandler, FakeRequest, FakeResponse } from './fake-server';

type Json = Record<string, unknown>;

const unauthorized: FakeResponse = { status: 401, body: { error: 'Couldn\'t authenticate you' } };
const notFound: FakeResponse = { status: 404, body: { error: 'RecordNotFound' } };

function authorized(request: FakeRequest, expected: string | null): boolean {
  return expected === null || request.headers.authorization === expected;
}

const encodeCursor = (index: number) => Buffer.from(`idx:${index}`).toString('base64');
const decodeCursor = (cursor: string) => Number(Buffer.from(cursor, 'base64').toString().replace('idx:', ''));

// ---------------------------------------------------------------------------------------------
// Zendesk

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
      const from = cursor !== null ? decodeCursor(cursor) : data.stream.findIndex((t) => Date.parse(String(t.updated_at)) / 1000 >= startTime);
      const start = from < 0 ? data.stream.length : from;
      const end = Math.min(data.stream.length, start + data.pageSize);
      const tickets = data.stream.slice(start, end);
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
      const start = after === null ? 0 : decodeCursor(after);
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

// ---------------------------------------------------------------------------------------------
// Jira

export interface JiraFakeData {
  issues: Json[];
  versions: Record<string, Json[]>;
  /** The API user's profile zone: JQL dates are read in it. */
  userTimeZone: string;
  authorization: string | null;
}

const JQL_UPDATED = /updated >= "(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})"/;

export function jiraFake(data: JiraFakeData): FakeHandler {
  return (request) => {
    if (!authorized(request, data.authorization)) return unauthorized;
    if (request.path === '/rest/api/2/myself') return { body: { name: 'bot', displayName: 'Bot', timeZone: data.userTimeZone } };
    if (request.path === '/rest/api/2/search') {
      const jql = request.query.get('jql') ?? '';
      if (!/ORDER BY updated ASC/.test(jql)) return { status: 400, body: { errorMessages: ['expected ORDER BY updated ASC'] } };
      const m = JQL_UPDATED.exec(jql);
      const since = m ? wallTimeToUtc(+m[1], +m[2], +m[3], +m[4], +m[5], 0, data.userTimeZone) : -Infinity;
      const matching = data.issues
        .filter((issue) => Date.parse(String((issue.fields as Json).updated)) >= since)
        .sort((a, b) => Date.parse(String((a.fields as Json).updated)) - Date.parse(String((b.fields as Json).updated)) || String(a.key).localeCompare(String(b.key)));
      const startAt = Number(request.query.get('startAt') ?? 0);
      const maxResults = Number(request.query.get('maxResults') ?? 50);
      const fields = (request.query.get('fields') ?? '').split(',');
      const withChangelog = (request.query.get('expand') ?? '').includes('changelog');
      const issues = matching.slice(startAt, startAt + maxResults).map((issue) => {
        const f = { ...(issue.fields as Json) };
        if (!fields.includes('comment')) delete f.comment;
        const { changelog, ...rest } = issue;
        return withChangelog ? { ...rest, fields: f, changelog } : { ...rest, fields: f };
      });
      return { body: { expand: 'schema,names', startAt, maxResults, total: matching.length, issues } };
    }
    const v = /^\/rest\/api\/2\/project\/([A-Z0-9_]+)\/versions$/.exec(request.path);
    if (v) return data.versions[v[1]] ? { body: data.versions[v[1]] } : notFound;
    return notFound;
  };
}

export function jiraIssue(key: string, updated: string, overrides: Json = {}, comments: Json[] = []): Json {
  return {
    id: String(10_000 + Number(key.split('-')[1])),
    key,
    fields: {
      summary: `Sync fails after upgrade (${key})`,
      description: 'Steps:\n# open the app\n# sync',
      created: '2026-03-01T10:00:00.000+0100',
      updated,
      resolutiondate: null,
      status: { name: 'Open' },
      resolution: null,
      priority: { name: 'Major' },
      issuetype: { name: 'Bug' },
      assignee: { name: 'jdoe', displayName: 'Jane Doe' },
      reporter: { name: 'cust', displayName: 'Carl Customer' },
      components: [{ name: 'Sync' }],
      labels: ['regression'],
      versions: [{ name: '5.1.0', released: true }],
      comment: { comments, maxResults: comments.length, total: comments.length, startAt: 0 },
      ...overrides,
    },
    changelog: { startAt: 0, maxResults: 0, total: 0, histories: [] },
  };
}

// ---------------------------------------------------------------------------------------------
// GitHub

export interface GithubFakeData {
  repo: string;
  issues: Json[];
  comments: Map<number, Json[]>;
  releases: Json[];
  authorization: string | null;
  /** GitHub caps per_page at 100; the fake caps it lower to make several pages. */
  maxPerPage: number;
  /** Called after each issues page is answered (to change data between pages). */
  afterIssuesPage?: (page: number) => void;
}

/** GitHub's Link header: next (and last) page of the same query. */
function linkHeader(origin: string, request: FakeRequest, page: number, lastPage: number): Record<string, string> {
  if (page >= lastPage) return {};
  const url = (p: number) => {
    const q = new URLSearchParams(request.query);
    q.set('page', String(p));
    return `${origin}${request.path}?${q}`;
  };
  return { link: `<${url(page + 1)}>; rel="next", <${url(lastPage)}>; rel="last"` };
}

function paged(items: unknown[], request: FakeRequest, origin: string, defaultPerPage: number, maxPerPage = 100): FakeResponse {
  const perPage = Math.min(maxPerPage, Number(request.query.get('per_page') ?? defaultPerPage));
  const page = Number(request.query.get('page') ?? 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  return { body: items.slice((page - 1) * perPage, page * perPage), headers: linkHeader(origin, request, page, lastPage) };
}

export function githubFake(data: GithubFakeData): FakeHandler {
  return (request, origin) => {
    if (!authorized(request, data.authorization)) return { status: 401, body: { message: 'Bad credentials' } };
    if (request.path === `/repos/${data.repo}/issues`) {
      const since = request.query.get('since');
      const ascending = request.query.get('sort') === 'updated' && request.query.get('direction') === 'asc';
      if (!ascending) return { status: 422, body: { message: 'the connector must ask for sort=updated&direction=asc' } };
      const list = data.issues
        .filter((i) => since === null || Date.parse(String(i.updated_at)) >= Date.parse(since))
        .sort((a, b) => Date.parse(String(a.updated_at)) - Date.parse(String(b.updated_at)));
      const response = paged(list, request, origin, 30, data.maxPerPage);
      data.afterIssuesPage?.(Number(request.query.get('page') ?? 1));
      return response;
    }
    const c = new RegExp(`^/repos/${data.repo}/issues/(\\d+)/comments$`).exec(request.path);
    if (c) return paged(data.comments.get(Number(c[1])) ?? [], request, origin, 30, data.maxPerPage);
    if (request.path === `/repos/${data.repo}/releases`) return paged(data.releases, request, origin, 30, data.maxPerPage);
    return { status: 404, body: { message: 'Not Found' } };
  };
}

export function githubIssue(repo: string, number: number, updatedAt: string, overrides: Json = {}): Json {
  return {
    url: `https://api.github.com/repos/${repo}/issues/${number}`,
    repository_url: `https://api.github.com/repos/${repo}`,
    html_url: `https://github.com/${repo}/issues/${number}`,
    number,
    title: `Crash when opening settings (${number})`,
    body: 'Steps to reproduce: open settings.',
    state: 'open',
    state_reason: null,
    user: { login: `user${number}` },
    assignee: null,
    assignees: [],
    labels: [{ name: 'bug' }],
    comments: 0,
    created_at: '2026-03-01T08:00:00Z',
    updated_at: updatedAt,
    closed_at: null,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Freshdesk

export interface FreshdeskFakeData {
  tickets: Json[];
  conversations: Map<number, Json[]>;
  authorization: string | null;
  /** Freshdesk caps per_page at 100; the fake caps it lower to make several pages. */
  maxPerPage: number;
}

export function freshdeskFake(data: FreshdeskFakeData): FakeHandler {
  return (request, origin) => {
    if (!authorized(request, data.authorization)) return { status: 401, body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' } };
    if (request.path === '/api/v2/tickets') {
      const since = request.query.get('updated_since');
      const ascending = request.query.get('order_by') === 'updated_at' && request.query.get('order_type') === 'asc';
      if (!ascending) return { status: 400, body: { description: 'the connector must order by updated_at asc' } };
      const list = data.tickets
        .filter((t) => since === null || Date.parse(String(t.updated_at)) >= Date.parse(since))
        .sort((a, b) => Date.parse(String(a.updated_at)) - Date.parse(String(b.updated_at)))
        .map((t) => (request.query.get('include') === 'stats' ? t : { ...t, stats: undefined }));
      const perPage = Math.min(data.maxPerPage, Number(request.query.get('per_page') ?? 30));
      const page = Number(request.query.get('page') ?? 1);
      const more = page * perPage < list.length;
      const next = new URLSearchParams(request.query);
      next.set('page', String(page + 1));
      return { body: list.slice((page - 1) * perPage, page * perPage), headers: more ? { link: `<${origin}${request.path}?${next}>; rel="next"` } : {} };
    }
    const c = /^\/api\/v2\/tickets\/(\d+)\/conversations$/.exec(request.path);
    if (c) return { body: data.conversations.get(Number(c[1])) ?? [] };
    return notFound;
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
    created_at: '2026-03-01T07:00:00Z',
    updated_at: updatedAt,
    stats: { first_responded_at: null, resolved_at: null, closed_at: null, reopened_at: null },
    ...overrides,
  };
}
