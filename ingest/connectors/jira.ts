/**
 * Jira, both deployments, chosen by `GET /rest/api/2/serverInfo` (`deploymentType` "Cloud", or
 * "Server"/"DataCenter"), or, when that says nothing, by the search endpoint answering 410 Gone:
 *
 * - Jira Cloud: `GET /rest/api/3/search/jql`. Atlassian removed `/rest/api/2|3/search` from
 *   Cloud in 2025 (it answers 410 "The requested API has been removed. Please migrate to the
 *   /rest/api/3/search/jql API"). The new search pages with `nextPageToken` until `isLast`, has no
 *   `total` or `startAt`, returns only ids unless `fields` is given, at most 20 comments and 20
 *   changelog entries per issue (the rest come from `/issue/{key}/comment` and
 *   `/issue/{key}/changelog`), and v3 bodies are Atlassian Document Format (adf-text.ts).
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/
 * - Jira Server / Data Center: `GET /rest/api/2/search` with `startAt`/`maxResults`/`total`.
 *   https://developer.atlassian.com/server/jira/platform/rest/v10000/api-group-search/
 *
 * The JQL is `(<filter>) AND updated >= "<cursor>" ORDER BY updated ASC, key ASC`. JQL compares
 * dates at minute precision in the API user's time zone (from /myself unless configured), so the
 * clause is written in that zone and rounded down. Each page is a new query from the newest
 * `updated` read so far (keyset paging, see keyset.ts): an issue edited during the pull moves to
 * a later page instead of shifting the others past the reader. Only more than a page of issues
 * updated within one minute is read on by `startAt` / `nextPageToken`. The stored cursor is that
 * newest `updated` time: within a run the token pages one query, across runs the time resumes.
 *
 * Deleted issues vanish from search: `listIds` lists every key of the filter, and `confirmGone`
 * asks `GET /issue/{key}` for each missing one (404 = deleted or no longer visible, another key =
 * moved) and re-runs the filter on the rest (an issue that no longer matches left the scope).
 */
import { z } from 'zod';
import { parseJsonTimestamp } from '@/ingest/sources/dates';
import { emitTickets } from '@/ingest/sources/json-tickets';
import { isObject } from '@/ingest/sources/json-input';
import { convertJiraIssue } from '@/ingest/sources/jira-json';
import { jiraVersionFields, releasesFromRecords } from '@/ingest/sources/releases-json';
import { emptySummary } from '@/ingest/sources/summary';
import type { DeletionRecord, ParsedItem } from '@/ingest/sources/types';
import { isValidTimeZone, localParts } from '@/lib/time';
import type { PullSource } from './config';
import { newestTime, SeenInPull } from './keyset';
import type { Connector, PullContext } from './types';
import { basicAuth } from './types';

const cursorSchema = z.object({
  /** ISO instant of the newest committed issue's `updated`; null before the first pull without `since`. */
  updatedSince: z.string().nullable(),
});
export type JiraCursor = z.infer<typeof cursorSchema>;

const FIELDS = [
  'summary', 'description', 'created', 'updated', 'resolutiondate', 'status', 'resolution', 'priority', 'issuetype',
  'assignee', 'reporter', 'components', 'labels', 'versions',
];

const serverPage = z.looseObject({
  startAt: z.number().int().optional(),
  total: z.number().int(),
  issues: z.array(z.unknown()),
});
const cloudPage = z.looseObject({
  issues: z.array(z.unknown()),
  nextPageToken: z.string().nullable().optional(),
  isLast: z.boolean().optional(),
});
const commentsPage = z.looseObject({ comments: z.array(z.unknown()), startAt: z.number().int().optional(), total: z.number().int().optional() });
const changelogPage = z.looseObject({ values: z.array(z.unknown()), isLast: z.boolean().optional(), total: z.number().int().optional() });
const myself = z.looseObject({ timeZone: z.string().optional() });
const serverInfo = z.looseObject({ deploymentType: z.string().optional() });

export type JiraDeployment = 'cloud' | 'server';

interface JiraApi {
  deployment: JiraDeployment;
  /** REST version of every call: 3 on Cloud (ADF bodies), 2 on Server/Data Center. */
  version: '2' | '3';
  searchPath: string;
}

const API: Record<JiraDeployment, JiraApi> = {
  cloud: { deployment: 'cloud', version: '3', searchPath: '/rest/api/3/search/jql' },
  server: { deployment: 'server', version: '2', searchPath: '/rest/api/2/search' },
};

/** Where a page of one query continues: an offset on Server, Atlassian's token on Cloud. */
type Continuation = { startAt: number } | { token: string } | null;

/** "2024-03-05 14:07": JQL's date format, as a wall time in `timeZone`, rounded down to the minute. */
export function jqlDate(utcMs: number, timeZone: string): string {
  const p = localParts(utcMs, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

function baseFilter(source: PullSource<'jira'>): string {
  if (source.jql !== undefined) return source.jql;
  return `project in (${(source.projects ?? []).map((key) => `"${key}"`).join(', ')})`;
}

/** The search JQL for a cursor; exported for tests and for `pull --help`-style diagnostics. */
export function jiraSearchJql(source: PullSource<'jira'>, updatedSince: string | null, timeZone: string): string {
  const since = updatedSince === null ? '' : ` AND updated >= "${jqlDate(Date.parse(updatedSince), timeZone)}"`;
  return `(${baseFilter(source)})${since} ORDER BY updated ASC, key ASC`;
}

/** The deployment and the API chosen for each pull (releases and the deletion check reuse it). */
const chosen = new WeakMap<object, { api: JiraApi; zone: string }>();

/**
 * Cloud or Server/Data Center from `/rest/api/2/serverInfo` (answered on both, without
 * permissions); null when it says nothing usable, and the search itself decides (410 = Cloud).
 */
async function detectDeployment(context: PullContext<'jira'>): Promise<{ deployment: JiraDeployment; why: string } | null> {
  const response = await context.client.probe('/rest/api/2/serverInfo', undefined, [403, 404]);
  if (response.status !== 200) return null;
  const parsed = serverInfo.safeParse(response.body);
  const type = parsed.success ? parsed.data.deploymentType : undefined;
  if (type === undefined) return null;
  if (type.toLowerCase() === 'cloud') return { deployment: 'cloud', why: `serverInfo deploymentType "${type}"` };
  return { deployment: 'server', why: `serverInfo deploymentType "${type}"` };
}

function describeApi(api: JiraApi, why: string): string {
  const name = api.deployment === 'cloud' ? 'Jira Cloud' : 'Jira Server/Data Center';
  const paging = api.deployment === 'cloud' ? 'nextPageToken' : 'startAt';
  return `${name} (${why}): GET ${api.searchPath} paged by updated time and ${paging}`;
}

/** The zone Jira reads JQL dates in: configured, else the API user's profile zone, else UTC. */
async function jqlTimeZone(context: PullContext<'jira'>, api: JiraApi): Promise<string> {
  if (context.source.timeZone !== undefined) return context.source.timeZone;
  const response = await context.client.get(`/rest/api/${api.version}/myself`);
  const zone = context.client.expectShape(response, myself, 'the API user ({"timeZone": …})').timeZone;
  if (zone !== undefined && isValidTimeZone(zone)) return zone;
  context.log(`${context.client.label}: the API user has no usable time zone; JQL dates are written in UTC (set "timeZone" in the config if that is wrong)`);
  return 'UTC';
}

interface SearchResult {
  issues: unknown[];
  next: Continuation;
}

/** One page of a JQL search, on whichever deployment; a 410 from Server search when the deployment was guessed means Cloud. */
async function search(
  context: PullContext<'jira'>,
  api: JiraApi,
  jql: string,
  continuation: Continuation,
  fields: string[],
  pageSize: number,
  expand: string | undefined,
): Promise<SearchResult> {
  const common = { jql, maxResults: pageSize, fields: fields.join(','), ...(expand ? { expand } : {}) };
  if (api.deployment === 'cloud') {
    const token = continuation !== null && 'token' in continuation ? { nextPageToken: continuation.token } : {};
    const response = await context.client.get(api.searchPath, { ...common, ...token });
    const page = context.client.expectShape(response, cloudPage, 'a search/jql result ({"issues": [...], "isLast": …})');
    // The last page may lack nextPageToken altogether (JRACLOUD-92184) or say isLast.
    const more = page.isLast !== true && typeof page.nextPageToken === 'string' && page.nextPageToken !== '';
    return { issues: page.issues, next: more ? { token: page.nextPageToken! } : null };
  }
  const startAt = continuation !== null && 'startAt' in continuation ? continuation.startAt : 0;
  const response = await context.client.get(api.searchPath, { ...common, startAt });
  const page = context.client.expectShape(response, serverPage, 'a search result ({"total": …, "issues": [...]})');
  const read = startAt + page.issues.length;
  return { issues: page.issues, next: page.issues.length > 0 && read < page.total ? { startAt: read } : null };
}

/**
 * The API of this pull: detected once (serverInfo), or, when serverInfo says nothing, the Server
 * search is tried and a 410 Gone switches to Cloud.
 */
async function apiFor(context: PullContext<'jira'>): Promise<{ api: JiraApi; zone: string }> {
  const known = chosen.get(context);
  if (known) return known;
  const detected = await detectDeployment(context);
  let api: JiraApi;
  let why: string;
  if (detected !== null) {
    api = API[detected.deployment];
    why = detected.why;
  } else {
    const probe = await context.client.probe(API.server.searchPath, { jql: `(${baseFilter(context.source)})`, maxResults: 1, fields: 'updated' }, [410]);
    api = probe.status === 410 ? API.cloud : API.server;
    why = probe.status === 410 ? `${API.server.searchPath} answered 410 Gone` : `${API.server.searchPath} answered; serverInfo said nothing`;
  }
  context.useEndpoint(describeApi(api, why));
  const result = { api, zone: await jqlTimeZone(context, api) };
  chosen.set(context, result);
  return result;
}

/** Cloud's search/jql sends at most 20 comments and 20 changelog entries: the rest are fetched for issues that have more. */
async function completeIssue(context: PullContext<'jira'>, api: JiraApi, issue: unknown): Promise<unknown> {
  if (!isObject(issue) || !isObject(issue.fields)) return issue;
  const key = String(issue.key ?? issue.id);
  let fields = issue.fields;
  const comment = isObject(fields.comment) ? fields.comment : null;
  const shown = comment !== null && Array.isArray(comment.comments) ? comment.comments.length : 0;
  if (context.source.comments && comment !== null && typeof comment.total === 'number' && comment.total > shown) {
    const comments: unknown[] = [];
    for (let startAt = 0; ; ) {
      const response = await context.client.get(`/rest/api/${api.version}/issue/${encodeURIComponent(key)}/comment`, { startAt, maxResults: 100 });
      const page = context.client.expectShape(response, commentsPage, 'a page of comments ({"comments": [...]})');
      for (const c of page.comments) comments.push(c);
      startAt += page.comments.length;
      if (page.comments.length === 0 || startAt >= (page.total ?? 0)) break;
    }
    fields = { ...fields, comment: { ...comment, comments, maxResults: comments.length, total: comments.length } };
  }
  let changelog = issue.changelog;
  if (api.deployment === 'cloud' && isObject(changelog) && Array.isArray(changelog.histories) && typeof changelog.total === 'number' && changelog.total > changelog.histories.length) {
    const histories: unknown[] = [];
    for (let startAt = 0; ; ) {
      const response = await context.client.get(`/rest/api/${api.version}/issue/${encodeURIComponent(key)}/changelog`, { startAt, maxResults: 100 });
      const page = context.client.expectShape(response, changelogPage, 'a page of the changelog ({"values": [...]})');
      for (const h of page.values) histories.push(h);
      startAt += page.values.length;
      if (page.values.length === 0 || page.isLast === true || startAt >= (page.total ?? Infinity)) break;
    }
    changelog = { ...changelog, histories, maxResults: histories.length, total: histories.length };
  }
  return { ...issue, fields, changelog };
}

export function jiraPageItems(issues: unknown[], timeZone: string): { items: ParsedItem[]; summary: ReturnType<typeof emptySummary> } {
  const summary = emptySummary();
  const conversions = issues.map((value, i) => convertJiraIssue({ value, line: i + 1 }, timeZone));
  return { items: [...emitTickets(conversions, summary)], summary };
}

const keyOf = (issue: unknown) => (isObject(issue) ? String(issue.key ?? issue.id) : '');

export const jiraConnector: Connector<'jira', JiraCursor> = {
  kind: 'jira',
  ticketSource: 'jira',
  runKind: 'jira-api',
  cursorSchema,
  scope: (source) => `jira ${new URL(source.baseUrl).origin}${new URL(source.baseUrl).pathname.replace(/\/$/, '')} ${baseFilter(source)}`,
  initialCursor: (source) => ({ updatedSince: source.since ? new Date(Date.parse(source.since)).toISOString() : null }),

  auth(source, credential) {
    const token = credential ?? '';
    if (source.email === undefined) return { headers: { authorization: `Bearer ${token}` }, secrets: [token] };
    const basic = basicAuth(source.email, token);
    return { headers: { authorization: basic.header }, secrets: [token, basic.encoded] };
  },

  async *pages(context, cursor) {
    const { api, zone } = await apiFor(context);
    const updatedOf = (issue: unknown) => (isObject(issue) && isObject(issue.fields) ? parseJsonTimestamp(issue.fields.updated, context.timeZone) : null);
    const fields = context.source.comments ? [...FIELDS, 'comment'] : FIELDS;
    const seen = new SeenInPull();
    let updatedSince = cursor.updatedSince;
    /** The `updated >=` bound of the current query, and where its next page starts when it is read on. */
    let queryFrom = updatedSince;
    let continuation: Continuation = null;
    const minute = (iso: string | null) => (iso === null ? '' : jqlDate(Date.parse(iso), zone));
    for (let n = 1; ; n++) {
      const continued = continuation !== null;
      const page = await search(context, api, jiraSearchJql(context.source, queryFrom, zone), continuation, fields, context.source.pageSize, 'changelog');
      const fresh = seen.fresh(page.issues, keyOf, updatedOf);
      const issues: unknown[] = [];
      for (const issue of fresh) issues.push(await completeIssue(context, api, issue));
      const { items, summary } = jiraPageItems(issues, context.timeZone);
      updatedSince = newestTime(page.issues, updatedOf, updatedSince);
      // JQL sees minutes: a query from a later minute is progress; the same minute again is not.
      const progressed = updatedSince !== null && minute(updatedSince) !== minute(queryFrom);
      const offsetPaged = continued || (page.next !== null && !progressed);
      yield { items, summary, label: `page ${n}`, cursor: { updatedSince }, listedIds: fresh.map(keyOf), offsetPaged };
      if (page.next === null) return;
      if (progressed) {
        queryFrom = updatedSince;
        continuation = null;
      } else {
        continuation = page.next;
      }
    }
  },

  async *releases(context) {
    if (!context.source.releases) return;
    const { api } = await apiFor(context);
    for (const key of context.source.projects ?? []) {
      const response = await context.client.get(`/rest/api/${api.version}/project/${encodeURIComponent(key)}/versions`);
      const versions = context.client.expectShape(response, z.array(z.unknown()), `a list of versions of ${key}`);
      const summary = emptySummary();
      const items = [...releasesFromRecords(versions.map((value, i) => ({ value, line: i + 1 })), jiraVersionFields, context.timeZone, summary)];
      yield { items, summary, runKind: 'jira-versions-api', label: `versions of ${key}` };
    }
  },

  async *listIds(context) {
    const { api, zone } = await apiFor(context);
    const since = context.source.since ? ` AND updated >= "${jqlDate(Date.parse(context.source.since), zone)}"` : '';
    const jql = `(${baseFilter(context.source)})${since} ORDER BY key ASC`;
    // Keys only: the most issues a page can hold (Cloud serves up to 5,000 when only id/key are asked).
    for (let continuation: Continuation = null; ; ) {
      const page = await search(context, api, jql, continuation, ['key'], 1000, undefined);
      yield page.issues.map(keyOf).filter((key) => key !== '');
      if (page.next === null) return;
      continuation = page.next;
    }
  },

  async confirmGone(context, keys) {
    const { api } = await apiFor(context);
    const gone: DeletionRecord[] = [];
    const existing: string[] = [];
    for (const key of keys) {
      const response = await context.client.probe(`/rest/api/${api.version}/issue/${encodeURIComponent(key)}`, { fields: 'updated' }, [404]);
      if (response.status === 404) gone.push({ externalId: key, deletedAt: new Date(context.now()), line: 0 });
      else if (isObject(response.body) && typeof response.body.key === 'string' && response.body.key !== key) {
        gone.push({ externalId: key, deletedAt: null, line: 0 }); // moved: it lives on under its new key
      } else existing.push(key);
    }
    // Still there: does it still match the filter? (These keys exist, so JQL accepts them.)
    for (let i = 0; i < existing.length; i += 50) {
      const batch = existing.slice(i, i + 50);
      const jql = `(${baseFilter(context.source)}) AND key in (${batch.map((k) => `"${k}"`).join(', ')})`;
      const matching = new Set<string>();
      for (let continuation: Continuation = null; ; ) {
        const page = await search(context, api, jql, continuation, ['key'], 100, undefined);
        for (const issue of page.issues) matching.add(keyOf(issue));
        if (page.next === null) break;
        continuation = page.next;
      }
      for (const key of batch) if (!matching.has(key)) gone.push({ externalId: key, deletedAt: null, line: 0 });
    }
    return gone;
  },
};
