/**
 * Jira Cloud / Server: `/rest/api/2/search` with JQL `(<filter>) AND updated >= "<cursor>"
 * ORDER BY updated ASC`, paged with startAt/maxResults, `expand=changelog`, comments in
 * `fields.comment.comments`; released versions of the configured projects from
 * `/rest/api/2/project/{KEY}/versions`.
 * https://developer.atlassian.com/server/jira/platform/rest/v10000/api-group-search/
 *
 * The cursor is the newest `updated` time among committed issues. JQL compares dates at minute
 * precision in the API user's time zone (from /rest/api/2/myself unless configured), so the
 * clause is written in that zone and rounded down: the overlap re-reads a few issues, which
 * the idempotent upsert counts as unchanged, and never skips one.
 */
import { z } from 'zod';
import { parseJsonTimestamp } from '@/ingest/sources/dates';
import { emitTickets } from '@/ingest/sources/json-tickets';
import { isObject } from '@/ingest/sources/json-input';
import { convertJiraIssue } from '@/ingest/sources/jira-json';
import { jiraVersionFields, releasesFromRecords } from '@/ingest/sources/releases-json';
import { emptySummary } from '@/ingest/sources/summary';
import type { ParsedItem } from '@/ingest/sources/types';
import { isValidTimeZone, localParts } from '@/lib/time';
import type { PullSource } from './config';
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

const searchPage = z.looseObject({
  startAt: z.number().int().optional(),
  total: z.number().int(),
  issues: z.array(z.unknown()),
});

const myself = z.looseObject({ timeZone: z.string().optional() });

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

/** The zone Jira reads JQL dates in: configured, else the API user's profile zone, else UTC. */
async function jqlTimeZone(context: PullContext<'jira'>): Promise<string> {
  if (context.source.timeZone !== undefined) return context.source.timeZone;
  const response = await context.client.get('/rest/api/2/myself');
  const zone = context.client.expectShape(response, myself, 'the API user ({"timeZone": …})').timeZone;
  if (zone !== undefined && isValidTimeZone(zone)) return zone;
  context.log(`${context.client.label}: the API user has no usable time zone; JQL dates are written in UTC (set "timeZone" in the config if that is wrong)`);
  return 'UTC';
}

/** Newest `updated` of a page's issues, as an ISO instant; `previous` when none is newer. */
function newestUpdated(issues: unknown[], previous: string | null, timeZone: string): string | null {
  let newest = previous === null ? -Infinity : Date.parse(previous);
  for (const issue of issues) {
    const at = isObject(issue) && isObject(issue.fields) ? parseJsonTimestamp(issue.fields.updated, timeZone) : null;
    if (at !== null && !Number.isNaN(at) && at > newest) newest = at;
  }
  return newest === -Infinity ? previous : new Date(newest).toISOString();
}

export function jiraPageItems(issues: unknown[], timeZone: string): { items: ParsedItem[]; summary: ReturnType<typeof emptySummary> } {
  const summary = emptySummary();
  const conversions = issues.map((value, i) => convertJiraIssue({ value, line: i + 1 }, timeZone));
  return { items: [...emitTickets(conversions, summary)], summary };
}

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
    const zone = await jqlTimeZone(context);
    const jql = jiraSearchJql(context.source, cursor.updatedSince, zone);
    const fields = context.source.comments ? [...FIELDS, 'comment'] : FIELDS;
    let updatedSince = cursor.updatedSince;
    // startAt walks one result set; a resumed pull starts a new one from the stored cursor.
    for (let startAt = 0, n = 1; ; n++) {
      const response = await context.client.get('/rest/api/2/search', {
        jql,
        startAt,
        maxResults: context.source.pageSize,
        expand: 'changelog',
        fields: fields.join(','),
      });
      const page = context.client.expectShape(response, searchPage, 'a search result ({"total": …, "issues": [...]})');
      const { items, summary } = jiraPageItems(page.issues, context.timeZone);
      updatedSince = newestUpdated(page.issues, updatedSince, context.timeZone);
      const listedIds = page.issues.map((issue) => (isObject(issue) ? String(issue.key ?? issue.id) : ''));
      yield { items, summary, label: `page ${n}`, cursor: { updatedSince }, listedIds };
      startAt += page.issues.length;
      if (page.issues.length === 0 || startAt >= page.total) return;
    }
  },

  async *releases(context) {
    for (const key of context.source.releases ? (context.source.projects ?? []) : []) {
      const response = await context.client.get(`/rest/api/2/project/${encodeURIComponent(key)}/versions`);
      const versions = context.client.expectShape(response, z.array(z.unknown()), `a list of versions of ${key}`);
      const summary = emptySummary();
      const items = [...releasesFromRecords(versions.map((value, i) => ({ value, line: i + 1 })), jiraVersionFields, context.timeZone, summary)];
      yield { items, summary, runKind: 'jira-versions-api', label: `versions of ${key}` };
    }
  },
};
