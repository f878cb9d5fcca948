/**
 * GitHub: `/repos/{o}/{r}/issues?state=all&since=…&sort=updated&direction=asc&per_page=100`,
 * pull requests skipped (the file parser's rule), the comments of each issue that has any
 * (`/issues/{n}/comments`), and `/repos/{o}/{r}/releases`.
 * https://docs.github.com/en/rest/issues/issues#list-repository-issues
 *
 * Paging by update time (keyset): every page is a new query from the newest `updated_at` read
 * so far (one second earlier: `since` has whole seconds), so an issue updated while the pull
 * pages moves to a later page and none shifts past the reader; the overlap is read again and
 * skipped. Only when more than a page of issues share one second is the query read on with its
 * Link rel="next". The stored cursor is the same newest `updated_at`: a resumed pull is the next
 * query.
 *
 * Deleted issues (admins can delete them) and transferred ones just vanish from the listing:
 * `listIds` lists every number and `confirmGone` asks for each missing one
 * (`GET /repos/{o}/{r}/issues/{n}`: 410 Gone = deleted, 404 = deleted or no longer visible,
 * another repository_url = transferred).
 * https://docs.github.com/en/rest/issues/issues#get-an-issue
 */
import { z } from 'zod';
import { convertGithubIssue, githubIssueId } from '@/ingest/sources/github-json';
import { emitTickets } from '@/ingest/sources/json-tickets';
import { isObject } from '@/ingest/sources/json-input';
import { githubReleaseFields, releasesFromRecords } from '@/ingest/sources/releases-json';
import { emptySummary } from '@/ingest/sources/summary';
import type { DeletionRecord, ParsedItem } from '@/ingest/sources/types';
import { parseJsonTimestamp } from '@/ingest/sources/dates';
import type { Connector, PullContext } from './types';
import { nextLink } from './http';
import { newestTime, secondBefore, SeenInPull } from './keyset';

const cursorSchema = z.object({
  /** ISO instant of the newest committed issue's `updated_at`; null = everything. */
  since: z.string().nullable(),
});
export type GithubCursor = z.infer<typeof cursorSchema>;

const listPage = z.array(z.unknown());
const PER_PAGE = 100;

/** Every page of a list endpoint, following Link rel="next". */
async function fetchAll(context: PullContext<'github'>, path: string, expected: string): Promise<unknown[]> {
  const out: unknown[] = [];
  let next: string | null = path;
  let query: Record<string, number> | undefined = { per_page: PER_PAGE };
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

const updatedAt = (issue: unknown) => (isObject(issue) ? parseJsonTimestamp(issue.updated_at, 'UTC') : null);
const numberOf = (issue: unknown) => (isObject(issue) ? String(issue.number) : '');

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
    const path = `/repos/${repo}/issues`;
    let since = cursor.since;
    /** Lower bound of the current query; its pages are read on by Link only while no progress is made. */
    let queryFrom = since;
    let next: string | null = null;
    const seen = new SeenInPull();
    for (let n = 1; ; n++) {
      const continued = next !== null;
      const response =
        next !== null
          ? await context.client.get(next)
          : await context.client.get(path, {
              state: 'all',
              sort: 'updated',
              direction: 'asc',
              per_page: PER_PAGE,
              ...(queryFrom === null ? {} : { since: secondBefore(queryFrom) }),
            });
      const page = context.client.expectShape(response, listPage, 'a list of issues');
      const fresh = seen.fresh(page, numberOf, updatedAt);
      const issues: unknown[] = [];
      for (const issue of fresh) {
        const wantsComments =
          context.source.comments && isObject(issue) && !('pull_request' in issue) && typeof issue.comments === 'number' && issue.comments > 0;
        issues.push(
          wantsComments ? { ...issue, comments: await fetchAll(context, `${path}/${Number(issue.number)}/comments`, 'a list of comments') } : issue,
        );
      }
      const { items, summary } = githubPageItems(issues, context.timeZone);
      since = newestTime(page, updatedAt, since);
      const link = nextLink(response.headers);
      const progressed = since !== null && (queryFrom === null || Date.parse(since) > Date.parse(queryFrom));
      const offsetPaged = continued || (link !== null && !progressed);
      yield { items, summary, label: `page ${n}`, cursor: { since }, listedIds: fresh.map(numberOf), offsetPaged };
      if (link === null) return;
      if (progressed) {
        queryFrom = since;
        next = null;
      } else {
        next = link;
      }
    }
  },

  async *releases(context) {
    if (!context.source.releases) return;
    const releases = await fetchAll(context, `/repos/${context.source.repository}/releases`, 'a list of releases');
    const summary = emptySummary();
    const items = [...releasesFromRecords(releases.map((value, i) => ({ value, line: i + 1 })), githubReleaseFields, context.timeZone, summary)];
    yield { items, summary, runKind: 'github-releases-api', label: 'releases' };
  },

  async *listIds(context) {
    // Oldest first by creation: new issues join the end, so the offsets of pages not yet read
    // only shift when an issue is deleted meanwhile (and `confirmGone` catches what that hides).
    let next: string | null = `/repos/${context.source.repository}/issues`;
    let query: Record<string, string | number> | undefined = {
      state: 'all',
      sort: 'created',
      direction: 'asc',
      per_page: PER_PAGE,
      ...(context.source.since ? { since: new Date(Date.parse(context.source.since)).toISOString() } : {}),
    };
    while (next !== null) {
      const response = await context.client.get(next, query);
      const page = context.client.expectShape(response, listPage, 'a list of issues');
      yield page.flatMap((issue) => {
        const id = isObject(issue) ? githubIssueId(issue) : null;
        return id === null ? [] : [id];
      });
      next = nextLink(response.headers);
      query = undefined;
    }
  },

  async confirmGone(context, ids) {
    const repo = context.source.repository.toLowerCase();
    const gone: DeletionRecord[] = [];
    for (const id of ids) {
      const number = id.slice(id.lastIndexOf('#') + 1);
      // A transferred issue redirects (301) to its new home, same host: the client follows it.
      const response = await context.client.probe(`/repos/${context.source.repository}/issues/${encodeURIComponent(number)}`, undefined, [404, 410]);
      if (response.status === 404 || response.status === 410) {
        gone.push({ externalId: id, deletedAt: new Date(context.now()), line: 0 });
        continue;
      }
      const where = isObject(response.body) ? githubIssueId(response.body) : null;
      if (where !== null && !where.toLowerCase().startsWith(`${repo}#`)) {
        gone.push({ externalId: id, deletedAt: null, line: 0 }); // transferred: it lives on elsewhere
      }
    }
    return gone;
  },
};
