import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { pullSource } from '@/ingest/connectors/pull';
import { AppError } from '@/db/errors';
import { TEST_ENGINES, type TestDatabase } from '../helpers/database';
import type { FakeServer } from './fake-server';
import { GITHUB_SECONDARY_LIMIT, githubFake, githubIssue, githubPrimaryLimit, type GithubFakeData } from './fakes/github';
import { comparableText, configOf, recordingDeps, resetTables, storedState, storedTickets, tableCounts, useDatabaseAndFake, expectResumedEqualsUninterrupted } from './pull-helpers';

const TOKEN = 'ghp_fakeTokenForTests0123456789';
const REPO = 'acme/app';
const ISSUES = `/repos/${REPO}/issues`;
const hour = (h: number) => `2026-03-02T${String(h).padStart(2, '0')}:00:00Z`;

function issues() {
  return [
    githubIssue(REPO, 1, hour(1)),
    githubIssue(REPO, 2, hour(2), { comments: 2 }),
    githubIssue(REPO, 3, hour(3), { state: 'closed', state_reason: 'completed', closed_at: hour(3) }),
    githubIssue(REPO, 4, hour(4), { pull_request: { url: 'https://api.github.com/repos/acme/app/pulls/4' } }),
    githubIssue(REPO, 5, hour(5), { comments: 1 }),
    githubIssue(REPO, 6, hour(6)),
  ];
}

describe.each(TEST_ENGINES)('GitHub pull (%s)', (engine) => {
  let database: TestDatabase;
  let fake: FakeServer;
  let data: GithubFakeData;
  const config = () =>
    configOf({ kind: 'github', name: 'app', baseUrl: fake.origin, repository: REPO, token: { env: 'ST_GH_TEST_TOKEN' }, checkDeletionsEveryHours: 0 });
  const pull = (deps = recordingDeps()) => pullSource(database.db, config(), config().sources[0], { timeZone: 'UTC', deps });
  /** What GitHub holds now: every issue (not pull request), with its comments. */
  const sourceState = () =>
    data.issues
      .filter((i) => !('pull_request' in i))
      .map((i) => ({ id: `${REPO}#${i.number}`, subject: String(i.title), description: comparableText(i.body), status: String(i.state), comments: data.comments.get(Number(i.number))?.length ?? 0 }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  useDatabaseAndFake(engine, (request, origin) => githubFake(data)(request, origin), (d, f) => {
    database = d;
    fake = f;
  });
  beforeEach(async () => {
    process.env.ST_GH_TEST_TOKEN = TOKEN;
    data = {
      repo: REPO,
      issues: issues(),
      comments: new Map([
        [2, [
          { id: 201, user: { login: 'maintainer' }, author_association: 'OWNER', body: 'Can you share logs?', created_at: hour(2) },
          { id: 202, user: { login: 'user2' }, author_association: 'NONE', body: 'Attached.', created_at: hour(3) },
        ]],
        [5, [{ id: 501, user: { login: 'helper' }, author_association: 'CONTRIBUTOR', body: 'Same here', created_at: hour(5) }]],
      ]),
      releases: [
        { tag_name: 'v1.2.0', name: 'v1.2.0', draft: false, published_at: '2026-03-01T12:00:00Z', body: 'Fixes' },
        { tag_name: 'v1.3.0', name: 'v1.3.0', draft: true, published_at: null },
        { tag_name: 'v1.1.0', name: 'v1.1.0', draft: false, published_at: '2026-02-01T12:00:00Z' },
      ],
      authorization: `Bearer ${TOKEN}`,
      maxPerPage: 2,
    };
    fake.requests.length = 0;
    fake.clearFaults();
    await resetTables(database.db);
  });

  it('pages by update time (each page a new query from the last issue read), skips pull requests, stores comments and releases', async () => {
    const result = await pull();
    expect(result.error).toBeNull();
    // `since` is "updated after": one second before the newest issue read, so ties are not lost.
    expect(fake.requestsTo(ISSUES).map((r) => [r.query.get('since'), r.query.get('page')])).toEqual([
      [null, null],
      ['2026-03-02T01:59:59Z', null],
      ['2026-03-02T02:59:59Z', null],
      ['2026-03-02T03:59:59Z', null],
      ['2026-03-02T04:59:59Z', null],
    ]);
    expect(fake.requestsTo(ISSUES)[0].query.toString()).toBe('state=all&sort=updated&direction=asc&per_page=100');
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && r.headers['user-agent'] === 'support-trends')).toBe(true);
    expect(result.skipped).toEqual({ 'pull-request': 1, 'draft-release': 1 });
    expect(await tableCounts(database.db)).toEqual({ tickets: 5, events: 3, releases: 2 });
    // Each issue's comments are asked once, though the boundary issue is listed twice.
    expect(fake.requests.filter((r) => r.path.endsWith('/comments')).map((r) => r.path)).toEqual([`${ISSUES}/2/comments`, `${ISSUES}/5/comments`]);
    const roles = await queryRows<{ external_id: string; author_role: string }>(database.db, sql`select external_id, author_role from ticket_events order by external_id`);
    expect(roles).toEqual([
      { external_id: '201', author_role: 'agent' },
      { external_id: '202', author_role: 'customer' },
      { external_id: '501', author_role: 'customer' },
    ]);
    expect(await storedTickets(database.db, 'github')).toEqual(sourceState());
    expect(await storedState(database.db, 'app')).toMatchObject({ cursor: { position: { since: '2026-03-02T06:00:00.000Z' } } });

    fake.requests.length = 0;
    const again = await pull();
    expect(fake.requestsTo(ISSUES)[0].query.get('since')).toBe('2026-03-02T05:59:59Z');
    // #6 and both releases are read again, found stored, and add no ingest run.
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, ingestRunIds: [] });
  });

  it('reads on with Link rel="next" only when more issues share one second than a page holds', async () => {
    for (let n = 10; n < 15; n++) data.issues.push(githubIssue(REPO, n, '2026-03-02T03:30:00Z'));
    const result = await pull();
    expect(result.error).toBeNull();
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 10 });
    const pages = fake.requestsTo(ISSUES).map((r) => [r.query.get('since'), r.query.get('page')]);
    expect(pages).toContainEqual(['2026-03-02T03:29:59Z', '2']);
    expect(pages).toContainEqual(['2026-03-02T03:29:59Z', '3']);
  });

  it('waits for the quota reset on a rate-limited 403, then goes on', async () => {
    const deps = recordingDeps();
    const resetAt = Math.floor(deps.now!() / 1000) + 42;
    fake.script((r) => r.path === ISSUES, githubPrimaryLimit(resetAt));
    const result = await pull(deps);
    expect(result.error).toBeNull();
    expect(deps.waits).toEqual([30_000]); // 42 s asked, capped at maxRetryAfterSeconds (30 in the tests)
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 5 });
  });

  it('waits out a secondary limit, with and without retry-after, instead of calling it a permission error', async () => {
    const deps = recordingDeps();
    fake.script((r) => r.path === ISSUES, { status: 403, body: GITHUB_SECONDARY_LIMIT }, { status: 429, headers: { 'retry-after': '5' }, body: GITHUB_SECONDARY_LIMIT });
    const result = await pull(deps);
    expect(result.error).toBeNull();
    expect(deps.waits).toEqual([60_000, 5_000]); // no header: at least a minute; then as asked
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 5 });

    // A 403 with GitHub's permission words stays what it is.
    fake.script((r) => r.path === ISSUES, { status: 403, body: { message: 'Resource not accessible by personal access token' } });
    const refused = await pull();
    expect((refused.error as AppError).code).toBe('Forbidden');
    expect((refused.error as AppError).message).toContain('refused access (403: Resource not accessible by personal access token)');
  });

  it('misses nothing when an issue is edited during paging, and the next pull starts after the last page', async () => {
    // After page 1 ([#1, #2]) is served, #1 is updated: it moves to the end of the listing.
    data.afterIssuesPage = () => {
      data.issues[0] = { ...data.issues[0], updated_at: hour(9), title: 'Crash when opening settings (1) — updated' };
      data.afterIssuesPage = undefined;
    };
    const first = await pull();
    expect(first.error).toBeNull();
    expect(await storedTickets(database.db, 'github')).toEqual(sourceState());
    expect(await storedState(database.db, 'app')).toMatchObject({ cursor: { position: { since: hour(9).replace('Z', '.000Z') } } });
    fake.requests.length = 0;
    const again = await pull();
    // Only the overlap, not everything after page 1 (the other requests list every id, sorted by creation).
    expect(fake.requestsTo(ISSUES).filter((r) => r.query.get('sort') === 'updated')).toHaveLength(1);
    expect(again).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('two pulls with edits and deletions between them: the stored issues are what GitHub holds at the end', async () => {
    await pull();
    // Between the pulls: #2 closed with a new title, #3 deleted (410), #5 transferred (301), #7 opened.
    data.issues[1] = { ...data.issues[1], title: 'Crash on settings (fixed)', body: 'Fixed by #8.', state: 'closed', state_reason: 'completed', updated_at: hour(10) };
    data.deleted = new Set([3]);
    data.transferred = new Map([[5, 'acme/other#41']]);
    data.issues = data.issues.filter((i) => i.number !== 3 && i.number !== 5);
    data.issues.push(githubIssue(REPO, 7, hour(11)));
    const second = await pull();
    expect(second.error).toBeNull();
    expect(second).toMatchObject({ inserted: 1, updated: 1, deleted: 2 });
    expect(second.deletionCheck).toMatchObject({ missing: 2, removed: 2 });
    expect(await storedTickets(database.db, 'github')).toEqual(sourceState());
    const recorded = await queryRows<{ external_id: string; blocks: boolean }>(
      database.db,
      sql`select external_id, source_deleted_at is not null as blocks from deleted_tickets order by external_id`,
    );
    expect(recorded).toEqual([
      { external_id: 'acme/app#3', blocks: true }, // deleted: an old export may not bring it back
      { external_id: 'acme/app#5', blocks: false }, // transferred: it lives on elsewhere
    ]);
  });

  it('a pull interrupted and resumed ends equal to an uninterrupted one', async () => {
    let n = 0;
    fake.failAlways((r) => r.path === ISSUES && ++n >= 3, { destroy: true });
    const crashed = await pull();
    expect((crashed.error as AppError).code).toBe('Unavailable');
    expect((await tableCounts(database.db)).tickets).toBe(3);
    await expectResumedEqualsUninterrupted(database.db, fake, () => pull());
    expect(await storedTickets(database.db, 'github')).toEqual(sourceState());
  });
});
