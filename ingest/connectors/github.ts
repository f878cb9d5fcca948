/**
 * GitHub: `/repos/{o}/{r}/issues?state=all&since=…&sort=updated&direction=asc&per_page=100`
 * following `Link: rel="next"`, pull requests skipped (the file parser's rule), the comments of
 * each issue that has any (`/issues/{n}/comments`), and `/repos/{o}/{r}/releases`.
 * https://docs.github.com/en/rest/issues/issues#list-repository-issues
 *
 * Sorting by update time makes the newest committed `updated_at` a safe cursor: `since` is
 * inclusive, so a resumed pull re-reads the last issue and skips none.
 */
import { z } from 'zod';
import { convertGithubIssue } from '@/ingest/sources/github-json';
import { emitTickets } from '@/ingest/sources/json-tickets';
import { isObject } from '@/ingest/sources/json-input';
import { githubReleaseFields, releasesFromRecords } from '@/ingest/sources/releases-json';
import { emptySummary } from '@/ingest/sources/summary';
import type { ParsedItem } from '@/ingest/sources/types';
import { parseJsonTimestamp } from '@/ingest/sources/dates';
import type { Connector, PullContext } from './types';
import { nextLink } from './http';

const cursorSchema = z.object({
  /** ISO instant of the newest committed issue's `updated_at`; null = everything. */
  since: z.string().nullable(),
});
export type GithubCursor = z.infer<typeof cursorSchema>;

const listPage = z.array(z.unknown());

/** Every page of a list endpoint, following Link rel="next". */
async function fetchAll(context: PullContext<'github'>, path: string, expected: string): Promise<unknown[]> {
  const out: unknown[] = [];
  let next: string | null = path;
  let query: Record<string, number> | undefined = { per_page: 100 };
  while (next !== null) {
    const response = await context.client.get(next, query);
    for (const item of context.client.expectShape(response, listPage, expected)) out.push(item);
    next = nextLink(response.headers);
    query = undefined;
  }
  return out;
}

export function githubPageItems(issues: unknown[], timeZone: string): { items: ParsedItem[]; summary: ReturnType<typeof emptySummary> } {
  const summary = emptySummary();
  const conversions = issues.map((value, i) => convertGithubIssue({ value, line: i + 1 }, timeZone));
  return { items: [...emitTickets(conversions, summary)], summary };
}

/** Newest `updated_at` of a page (pull requests included: they are in the same ordered list). */
function newestUpdated(issues: unknown[], previous: string | null): string | null {
  let newest = previous === null ? -Infinity : Date.parse(previous);
  for (const issue of issues) {
    const at = isObject(issue) ? parseJsonTimestamp(issue.updated_at, 'UTC') : null;
    if (at !== null && !Number.isNaN(at) && at > newest) newest = at;
  }
  return newest === -Infinity ? previous : new Date(newest).toISOString();
}

export const githubConnector: Connector<'github', GithubCursor> = {
  kind: 'github',
  ticketSource: 'github',
  runKind: 'github-api',
  cursorSchema,
  scope: (source) => `github ${new URL(source.baseUrl).origin} ${source.repository.toLowerCase()}`,
  initialCursor: (source) => ({ since: source.since ? new Date(Date.parse(source.since)).toISOString() : null }),

  auth(_source, credential) {
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'support-trends',
    };
    if (credential === null) return { headers, secrets: [] };
    return { headers: { ...headers, authorization: `Bearer ${credential}` }, secrets: [credential] };
  },

  async *pages(context, cursor) {
    const repo = context.source.repository;
    let next: string | null = `/repos/${repo}/issues`;
    let query: Record<string, string | number> | undefined = {
      state: 'all',
      sort: 'updated',
      direction: 'asc',
      per_page: 100,
      ...(cursor.since === null ? {} : { since: cursor.since }),
    };
    let since = cursor.since;
    for (let n = 1; next !== null; n++) {
      const response = await context.client.get(next, query);
      const page = context.client.expectShape(response, listPage, 'a list of issues');
      const issues: unknown[] = [];
      for (const issue of page) {
        const wantsComments =
          context.source.comments && isObject(issue) && !('pull_request' in issue) && typeof issue.comments === 'number' && issue.comments > 0;
        issues.push(
          wantsComments
            ? { ...issue, comments: await fetchAll(context, `/repos/${repo}/issues/${Number(issue.number)}/comments`, 'a list of comments') }
            : issue,
        );
      }
      const { items, summary } = githubPageItems(issues, context.timeZone);
      since = newestUpdated(page, since);
      const listedIds = page.map((issue) => (isObject(issue) ? String(issue.number) : ''));
      yield { items, summary, label: `page ${n}`, cursor: { since }, listedIds };
      next = nextLink(response.headers);
      query = undefined; // the next link carries the query
    }
  },

  async *releases(context) {
    if (!context.source.releases) return;
    const releases = await fetchAll(context, `/repos/${context.source.repository}/releases`, 'a list of releases');
    const summary = emptySummary();
    const items = [...releasesFromRecords(releases.map((value, i) => ({ value, line: i + 1 })), githubReleaseFields, context.timeZone, summary)];
    yield { items, summary, runKind: 'github-releases-api', label: 'releases' };
  },
};
