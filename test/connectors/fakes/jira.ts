/**
 * A fake of Jira's REST API, Cloud and Server/Data Center, as Atlassian's references describe
 * them today:
 *
 * - Deployment: `GET /rest/api/2/serverInfo` → `deploymentType` "Cloud" or "Server"
 *   (`serverInfo: false` answers 404, as behind a proxy that hides it).
 * - Cloud search: `GET /rest/api/3/search/jql?jql=…&fields=…&expand=changelog&maxResults=…
 *   &nextPageToken=…` → `{issues, nextPageToken?, isLast}`: no `total`, no `startAt`; only issue
 *   ids unless `fields` is given; at most 100 issues a page with fields, 5,000 with only id/key;
 *   at most 20 comments and 20 changelog entries per issue (with their totals), the rest from
 *   `GET /rest/api/3/issue/{key}/comment` (startAt/maxResults/total) and
 *   `GET /rest/api/3/issue/{key}/changelog` (values/isLast). v3 bodies are Atlassian Document
 *   Format; users carry `accountId` and `displayName`, no `name`.
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/
 * - Cloud, old search: `GET|POST /rest/api/2|3/search` answers 410 Gone, "The requested API has
 *   been removed. Please migrate to the /rest/api/3/search/jql API" (removed from Cloud in 2025,
 *   https://developer.atlassian.com/changelog/#CHANGE-2046).
 * - Server/Data Center search: `GET /rest/api/2/search?jql=…&startAt=…&maxResults=…&fields=…
 *   &expand=changelog` → `{startAt, maxResults, total, issues}`, wiki-markup strings.
 *   https://developer.atlassian.com/server/jira/platform/rest/v10000/api-group-search/
 * - JQL: the clauses the connector writes (`project in (…)`, `project = X`, `key in (…)`,
 *   `updated >= "yyyy-MM-dd HH:mm"` read in the API user's zone at minute precision,
 *   `type = X`, `status = X`, joined by AND, `ORDER BY updated ASC, key ASC` or `ORDER BY key`);
 *   a key in `key in (…)` that does not exist is a 400, as in Jira.
 * - Deletion: a deleted issue leaves the search; `GET /rest/api/{2,3}/issue/{key}` answers 404
 *   ("Issue does not exist or you do not have permission to see it."); a moved issue answers
 *   under its new key.
 * - Rate limit: 429 with `Retry-After` (Cloud's rate limiting) — scripted by the tests.
 *
 * Issues are kept in the Server shape (the real ALOY issues are; see jira-data.ts) and turned
 * into the Cloud shape on the way out.
 */
import { createHash } from 'node:crypto';
import { wallTimeToUtc } from '@/lib/time';
import type { FakeHandler, FakeRequest, FakeResponse } from '../fake-server';
import { authorized, decodeCursor, encodeCursor, type Json } from './common';

const REMOVED = {
  errorMessages: [
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  ],
  errors: {},
};
const NO_ISSUE = { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };

export interface JiraFakeData {
  deployment: 'cloud' | 'server';
  /** false: serverInfo answers 404 (the deployment is then told by the search's 410). */
  serverInfo?: boolean;
  issues: Json[];
  versions: Record<string, Json[]>;
  /** The API user's profile zone: JQL dates are read in it. */
  userTimeZone: string;
  authorization: string | null;
  /** Old key → new key of issues moved to another project. */
  moved?: Map<string, string>;
  /** Called after each search page is answered (to change data between pages). */
  afterSearchPage?: () => void;
}

const issueNumber = (key: string) => Number(key.split('-')[1]);
const compareKeys = (a: string, b: string) => a.split('-')[0].localeCompare(b.split('-')[0]) || issueNumber(a) - issueNumber(b);
const fieldsOf = (issue: Json) => issue.fields as Json;

/** A plain-text body as an ADF document: blank lines separate paragraphs, line breaks become hardBreak. */
export function textToAdf(text: string): Json {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((p) => ({
      type: 'paragraph',
      content: p.split('\n').flatMap((line, i) => [...(i > 0 ? [{ type: 'hardBreak' }] : []), ...(line === '' ? [] : [{ type: 'text', text: line }])]),
    })),
  };
}

/** A Server user object as Cloud shows it: an opaque accountId and the display name. */
function cloudUser(user: unknown): unknown {
  if (typeof user !== 'object' || user === null) return user;
  const u = user as Json;
  const name = String(u.name ?? u.displayName ?? '');
  return { accountId: `712020:${createHash('sha1').update(name).digest('hex').slice(0, 24)}`, displayName: u.displayName ?? name, active: u.active ?? true };
}

function cloudComment(c: Json): Json {
  return { ...c, author: cloudUser(c.author), updateAuthor: cloudUser(c.updateAuthor), body: typeof c.body === 'string' ? textToAdf(c.body) : c.body };
}

/** What one search hit looks like: the requested fields only, Cloud's shape and caps when on Cloud. */
function shownIssue(issue: Json, requested: string[] | null, withChangelog: boolean, cloud: boolean, origin: string): Json {
  const key = String(issue.key);
  const v = cloud ? '3' : '2';
  if (requested === null) return { id: issue.id }; // Cloud's search/jql without fields: ids only
  const all = fieldsOf(issue);
  const fields: Json = {};
  const wanted = requested.includes('*all') || requested.includes('*navigable') ? Object.keys(all) : requested;
  for (const name of wanted) if (name in all) fields[name] = all[name];
  if (cloud) {
    for (const person of ['assignee', 'reporter', 'creator']) if (person in fields) fields[person] = cloudUser(fields[person]);
    if (typeof fields.description === 'string') fields.description = textToAdf(fields.description);
    if (typeof fields.comment === 'object' && fields.comment !== null) {
      const comments = ((fields.comment as Json).comments as Json[]).map(cloudComment);
      fields.comment = { comments: comments.slice(0, 20), maxResults: 20, total: comments.length, startAt: 0 };
    }
  }
  const shown: Json = { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: issue.id, self: `${origin}/rest/api/${v}/issue/${issue.id}`, key, fields };
  if (withChangelog) {
    const histories = ((issue.changelog as Json | undefined)?.histories as Json[] | undefined) ?? [];
    shown.changelog = cloud
      ? { startAt: 0, maxResults: Math.min(20, histories.length), total: histories.length, histories: histories.slice(0, 20) }
      : { startAt: 0, maxResults: histories.length, total: histories.length, histories };
  }
  return shown;
}

type Clause = (issue: Json) => boolean;

/** `a AND (b AND c)` → [a, b, c]: AND at parenthesis depth 0, grouping parentheses unwrapped. */
function andClauses(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (depth === 0) {
      const and = /^\s+AND\s+/i.exec(text.slice(i));
      if (and && i > start) {
        parts.push(text.slice(start, i));
        i += and[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.flatMap((part) => {
    const p = part.trim();
    if (p === '') return [];
    if (p.startsWith('(') && p.endsWith(')') && balanced(p.slice(1, -1))) return andClauses(p.slice(1, -1));
    return [p];
  });
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** A JQL value without its surrounding spaces and optional double quotes. */
function unquote(value: string): string {
  const trimmed = value.trim();
  return trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2 ? trimmed.slice(1, -1) : trimmed;
}

/** The JQL the connector writes, as clauses; a string is the 400 Jira would answer. */
function parseJql(jql: string, zone: string, known: Set<string>): { where: Clause[]; order: 'updated' | 'key' } | string {
  const [condition = '', ...orderParts] = jql.trim().split(/\s+ORDER BY\s+/i);
  const orderBy = orderParts.length === 0 ? undefined : orderParts.join(' ').trim();
  const order = orderBy === undefined ? 'key' : /^updated ASC/i.test(orderBy) ? 'updated' : /^key ASC/i.test(orderBy) ? 'key' : null;
  if (order === null) return `the fake knows ORDER BY updated ASC or key ASC only, not "${orderBy}"`;
  const where: Clause[] = [];
  for (const raw of andClauses(condition)) {
    let c: RegExpExecArray | null;
    const list = (text: string) => [...text.matchAll(/"([^"]*)"|([^\s,()"]+)/g)].map((x) => x[1] ?? x[2]);
    if ((c = /^project\s+in\s*\((.*)\)$/i.exec(raw))) {
      const keys = new Set(list(c[1]));
      where.push((i) => keys.has(String(i.key).split('-')[0]));
    } else if ((c = /^project\s*=\s*"?([A-Z0-9_]+)"?$/i.exec(raw))) {
      const key = c[1];
      where.push((i) => String(i.key).split('-')[0] === key);
    } else if ((c = /^key\s+in\s*\((.*)\)$/i.exec(raw))) {
      const keys = list(c[1]);
      const missing = keys.find((k) => !known.has(k));
      if (missing !== undefined) return `The value '${missing}' does not exist for the field 'key'.`;
      const wanted = new Set(keys);
      where.push((i) => wanted.has(String(i.key)));
    } else if ((c = /^updated\s*>=\s*"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})"$/i.exec(raw))) {
      const since = wallTimeToUtc(+c[1], +c[2], +c[3], +c[4], +c[5], 0, zone);
      // JQL compares at minute precision: an issue updated within the named minute matches.
      where.push((i) => Math.floor(Date.parse(String(fieldsOf(i).updated)) / 60_000) * 60_000 >= since);
    } else if ((c = /^(?:type|issuetype)\s*=(.+)$/i.exec(raw))) {
      const type = unquote(c[1]);
      where.push((i) => ((fieldsOf(i).issuetype as Json | undefined)?.name as string | undefined) === type);
    } else if ((c = /^status\s*(!?=)(.+)$/i.exec(raw))) {
      const [not, status] = [c[1] === '!=', unquote(c[2])];
      where.push((i) => (((fieldsOf(i).status as Json | undefined)?.name as string | undefined) === status) !== not);
    } else {
      return `the fake does not understand the JQL clause "${raw}"`;
    }
  }
  return { where, order };
}

function page<T>(items: T[], request: FakeRequest, cap: number): { slice: T[]; startAt: number; maxResults: number } {
  const startAt = Number(request.query.get('startAt') ?? 0);
  const maxResults = Math.min(cap, Number(request.query.get('maxResults') ?? 50));
  return { slice: items.slice(startAt, startAt + maxResults), startAt, maxResults };
}

export function jiraFake(data: JiraFakeData): FakeHandler {
  return (request, origin): FakeResponse => {
    if (!authorized(request, data.authorization)) return { status: 401, body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'] } };
    const cloud = data.deployment === 'cloud';
    const path = request.path;
    if (path === '/rest/api/2/serverInfo' || path === '/rest/api/3/serverInfo') {
      if (data.serverInfo === false) return { status: 404, body: { errorMessages: ['Not found'] } };
      return { body: cloud ? { baseUrl: origin, version: '1001.0.0-SNAPSHOT', versionNumbers: [1001, 0, 0], deploymentType: 'Cloud', buildNumber: 100282, serverTitle: 'Jira' } : { baseUrl: origin, version: '9.12.2', versionNumbers: [9, 12, 2], deploymentType: 'Server', buildNumber: 9120002, serverTitle: 'Jira' } };
    }
    if (/^\/rest\/api\/[23]\/myself$/.test(path)) return { body: { displayName: 'Bot', active: true, timeZone: data.userTimeZone, ...(cloud ? { accountId: '712020:bot' } : { name: 'bot', key: 'bot' }) } };

    const search = /^\/rest\/api\/([23]|latest)\/search(\/jql)?$/.exec(path);
    if (search) {
      const enhanced = search[2] !== undefined;
      if (cloud && !enhanced) return { status: 410, body: REMOVED };
      if (!cloud && (enhanced || search[1] === '3')) return { status: 404, body: { errorMessages: ['null for uri'] } };
      const jql = request.query.get('jql') ?? '';
      const parsed = parseJql(jql, data.userTimeZone, new Set(data.issues.map((i) => String(i.key))));
      if (typeof parsed === 'string') return { status: 400, body: { errorMessages: [parsed], errors: {} } };
      const matching = data.issues
        .filter((i) => parsed.where.every((w) => w(i)))
        .sort((a, b) =>
          parsed.order === 'updated'
            ? Date.parse(String(fieldsOf(a).updated)) - Date.parse(String(fieldsOf(b).updated)) || compareKeys(String(a.key), String(b.key))
            : compareKeys(String(a.key), String(b.key)),
        );
      const fieldsParam = request.query.get('fields');
      const requested = fieldsParam === null ? (enhanced ? null : ['*navigable']) : fieldsParam.split(',').map((f) => f.trim());
      const withChangelog = (request.query.get('expand') ?? '').split(',').includes('changelog');
      const keysOnly = requested !== null && requested.every((f) => f === 'key' || f === 'id');
      const show = (i: Json) => shownIssue(i, requested, withChangelog, cloud, origin);
      let response: FakeResponse;
      if (enhanced) {
        const token = request.query.get('nextPageToken');
        const start = token === null ? 0 : decodeCursor(token, jql);
        if (start === null) return { status: 400, body: { errorMessages: ['Invalid nextPageToken'], errors: {} } };
        const maxResults = Math.min(keysOnly ? 5000 : 100, Number(request.query.get('maxResults') ?? 50));
        const slice = matching.slice(start, start + maxResults);
        const isLast = start + maxResults >= matching.length;
        // The last page has no nextPageToken at all (JRACLOUD-92184), only isLast.
        response = { body: { issues: slice.map(show), ...(isLast ? {} : { nextPageToken: encodeCursor(start + maxResults, jql) }), isLast } };
      } else {
        const { slice, startAt, maxResults } = page(matching, request, 1000);
        response = { body: { expand: 'schema,names', startAt, maxResults, total: matching.length, issues: slice.map(show) } };
      }
      data.afterSearchPage?.();
      return response;
    }

    const issuePath = /^\/rest\/api\/([23])\/issue\/([^/]+)(\/comment|\/changelog)?$/.exec(path);
    if (issuePath) {
      const asked = decodeURIComponent(issuePath[2]);
      const key = data.moved?.get(asked) ?? asked;
      const issue = data.issues.find((i) => i.key === key || i.id === key);
      if (!issue) return { status: 404, body: NO_ISSUE };
      if (issuePath[3] === '/comment') {
        const comments = (((fieldsOf(issue).comment as Json | undefined)?.comments as Json[] | undefined) ?? []).map((c) => (cloud ? cloudComment(c) : c));
        const { slice, startAt, maxResults } = page(comments, request, 100);
        return { body: { comments: slice, startAt, maxResults, total: comments.length } };
      }
      if (issuePath[3] === '/changelog') {
        if (!cloud) return { status: 404, body: { errorMessages: ['null for uri'] } };
        const histories = ((issue.changelog as Json | undefined)?.histories as Json[] | undefined) ?? [];
        const { slice, startAt, maxResults } = page(histories, request, 100);
        return { body: { self: `${origin}${path}`, startAt, maxResults, total: histories.length, isLast: startAt + maxResults >= histories.length, values: slice } };
      }
      const fieldsParam = request.query.get('fields');
      return { body: shownIssue(issue, fieldsParam === null ? ['*all'] : fieldsParam.split(','), false, cloud, origin) };
    }

    const v = /^\/rest\/api\/[23]\/project\/([A-Z0-9_]+)\/versions$/.exec(path);
    if (v) return data.versions[v[1]] ? { body: data.versions[v[1]] } : { status: 404, body: { errorMessages: [`No project could be found with key '${v[1]}'.`], errors: {} } };
    return { status: 404, body: { errorMessages: ['null for uri'] } };
  };
}

export function jiraIssue(key: string, updated: string, overrides: Json = {}, comments: Json[] = []): Json {
  return {
    id: String(10_000 + issueNumber(key)),
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

/** The keys of the issues a JQL filter selects (for the tests' expectations). */
export function jiraSelected(data: JiraFakeData, jql: string): string[] {
  const parsed = parseJql(jql, data.userTimeZone, new Set(data.issues.map((i) => String(i.key))));
  if (typeof parsed === 'string') throw new Error(parsed);
  return data.issues.filter((i) => parsed.where.every((w) => w(i))).map((i) => String(i.key));
}
