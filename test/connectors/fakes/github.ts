/**
 * A fake of GitHub's REST API as its reference describes it today:
 *
 * - Endpoint: `GET /repos/{owner}/{repo}/issues?state=all&sort=updated&direction=asc&since=…`;
 *   pull requests are listed too (with a `pull_request` key).
 *   https://docs.github.com/en/rest/issues/issues#list-repository-issues
 * - `since`: "Only show results that were last updated after the given time" — applied here
 *   strictly (after, not at), the stricter reading, in whole seconds.
 * - Paging: `per_page` (at most 100; the fake can cap it lower) and `page`, with an RFC 8288
 *   `Link` header (`rel="next"`, `rel="last"`) while more pages follow.
 * - Deletion: a deleted issue leaves the listing; `GET /repos/{o}/{r}/issues/{n}` answers 410 Gone
 *   ("This issue was deleted"), a transferred one 301 to its new location, an invisible one 404.
 *   https://docs.github.com/en/rest/issues/issues#get-an-issue
 * - Rate limits: primary — 403 or 429 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`
 *   (epoch seconds); secondary — 403 or 429 whose message says "secondary rate limit", with
 *   `retry-after` or without any header ("wait at least one minute… exponentially").
 *   https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 *   Both are scripted by the tests (`FakeServer.script`), with GitHub's own bodies below.
 */
import type { FakeHandler, FakeRequest, FakeResponse } from '../fake-server';
import { authorized, linkHeader, type Json } from './common';

export const GITHUB_SECONDARY_LIMIT = {
  message:
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222333:4444.',
  documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
};

export const githubPrimaryLimit = (resetEpochSeconds: number): FakeResponse => ({
  status: 403,
  headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': String(resetEpochSeconds), 'x-ratelimit-resource': 'core' },
  body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
});

export interface GithubFakeData {
  repo: string;
  issues: Json[];
  comments: Map<number, Json[]>;
  releases: Json[];
  authorization: string | null;
  /** GitHub caps per_page at 100; the fake caps it lower to make several pages. */
  maxPerPage: number;
  /** Deleted issue numbers (410 Gone) and transferred ones (number → new "owner/repo#n"). */
  deleted?: Set<number>;
  transferred?: Map<number, string>;
  /** Called after each issues page is answered (to change data between pages). */
  afterIssuesPage?: (page: number) => void;
}

function paged(items: unknown[], request: FakeRequest, origin: string, maxPerPage: number): FakeResponse {
  const perPage = Math.min(maxPerPage, 100, Number(request.query.get('per_page') ?? 30));
  const page = Number(request.query.get('page') ?? 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  return { body: items.slice((page - 1) * perPage, page * perPage), headers: linkHeader(origin, request, page, page < lastPage, lastPage) };
}

const secondsOf = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export function githubFake(data: GithubFakeData): FakeHandler {
  return (request, origin) => {
    if (!authorized(request, data.authorization)) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
    if (request.path === `/repos/${data.repo}/issues`) {
      const since = request.query.get('since');
      const sort = request.query.get('sort') ?? 'created';
      const direction = request.query.get('direction') ?? 'desc';
      if (!['created', 'updated', 'comments'].includes(sort) || !['asc', 'desc'].includes(direction)) {
        return { status: 422, body: { message: 'Validation Failed' } };
      }
      const key = (i: Json) => Date.parse(String(sort === 'updated' ? i.updated_at : i.created_at));
      const list = data.issues
        .filter((i) => since === null || secondsOf(String(i.updated_at)) > secondsOf(since))
        .sort((a, b) => (key(a) - key(b) || Number(a.number) - Number(b.number)) * (direction === 'asc' ? 1 : -1));
      const response = paged(list, request, origin, data.maxPerPage);
      data.afterIssuesPage?.(Number(request.query.get('page') ?? 1));
      return response;
    }
    const one = new RegExp(`^/repos/${data.repo}/issues/(\\d+)$`).exec(request.path);
    if (one) {
      const number = Number(one[1]);
      if (data.deleted?.has(number)) return { status: 410, body: { message: 'This issue was deleted', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue' } };
      const moved = data.transferred?.get(number);
      if (moved !== undefined) return { status: 301, headers: { location: `${origin}/repositories/999/issues/${moved.split('#')[1]}?moved=${encodeURIComponent(moved)}` }, body: { message: 'Moved Permanently' } };
      const issue = data.issues.find((i) => i.number === number);
      return issue ? { body: issue } : { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue' } };
    }
    const relocated = /^\/repositories\/999\/issues\/(\d+)$/.exec(request.path);
    if (relocated) {
      const to = request.query.get('moved') ?? 'elsewhere/repo#1';
      return { body: githubIssue(to.split('#')[0], Number(relocated[1]), '2026-03-05T00:00:00Z') };
    }
    const c = new RegExp(`^/repos/${data.repo}/issues/(\\d+)/comments$`).exec(request.path);
    if (c) return paged(data.comments.get(Number(c[1])) ?? [], request, origin, data.maxPerPage);
    if (request.path === `/repos/${data.repo}/releases`) return paged(data.releases, request, origin, data.maxPerPage);
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
