import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { pullSource } from '@/ingest/connectors/pull';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';
import { FakeServer } from './fake-server';
import { githubFake, githubIssue, type GithubFakeData } from './fake-vendors';
import { configOf, recordingDeps, resetTables, storedState, tableCounts } from './pull-helpers';

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
  const config = () => configOf({ kind: 'github', name: 'app', baseUrl: fake.origin, repository: REPO, token: { env: 'ST_GH_TEST_TOKEN' } });
  const pull = (deps = recordingDeps()) => pullSource(database.db, config(), config().sources[0], { timeZone: 'UTC', deps });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    fake = await FakeServer.start((request, origin) => githubFake(data)(request, origin));
  });
  afterAll(async () => {
    await fake?.close();
    await database?.dispose();
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

  it('follows Link rel="next", skips pull requests, stores comments and published releases', async () => {
    const result = await pull();
    expect(result.error).toBeNull();
    expect(result.pages).toBe(3);
    expect(fake.requestsTo(ISSUES).map((r) => r.query.get('page'))).toEqual([null, '2', '3']);
    expect(fake.requestsTo(ISSUES)[0].query.toString()).toBe('state=all&sort=updated&direction=asc&per_page=100');
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && r.headers['user-agent'] === 'support-trends')).toBe(true);
    expect(result.skipped).toEqual({ 'pull-request': 1, 'draft-release': 1 });
    expect(await tableCounts(database.db)).toEqual({ tickets: 5, events: 3, releases: 2 });
    // Only issues with comments are asked for them; the two comment pages of #2 are followed.
    expect(fake.requests.filter((r) => r.path.endsWith('/comments')).map((r) => r.path)).toEqual([`${ISSUES}/2/comments`, `${ISSUES}/5/comments`]);
    const roles = await queryRows<{ external_id: string; author_role: string }>(database.db, sql`select external_id, author_role from ticket_events order by external_id`);
    expect(roles).toEqual([
      { external_id: '201', author_role: 'agent' },
      { external_id: '202', author_role: 'customer' },
      { external_id: '501', author_role: 'customer' },
    ]);
    const ids = await queryRows<{ external_id: string }>(database.db, sql`select external_id from tickets order by external_id`);
    expect(ids.map((r) => r.external_id)).toEqual(['acme/app#1', 'acme/app#2', 'acme/app#3', 'acme/app#5', 'acme/app#6']);
    expect(await storedState(database.db, 'app')).toMatchObject({ cursor: { position: { since: '2026-03-02T06:00:00.000Z' } } });

    fake.requests.length = 0;
    const again = await pull();
    expect(fake.requestsTo(ISSUES)[0].query.get('since')).toBe('2026-03-02T06:00:00.000Z');
    // #6 (since is inclusive) and both releases are read again, found stored, and add no ingest run.
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, ingestRunIds: [] });
  });

  it('waits for the quota reset on a rate-limited 403, then goes on', async () => {
    const deps = recordingDeps();
    const resetAt = Math.floor(deps.now!() / 1000) + 42;
    fake.script((r) => r.path === ISSUES, { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) }, body: { message: 'API rate limit exceeded' } });
    const result = await pull(deps);
    expect(result.error).toBeNull();
    expect(deps.waits).toEqual([30_000]); // 42 s asked, capped at maxRetryAfterSeconds (30 in the tests)
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 5 });
  });

  it('does not skip the issue that an update during paging shifts into pages already read', async () => {
    // After page 1 ([#1, #2]) is served, #1 is updated: it moves to the end and #3 slides onto
    // page 1, so this pull never sees #3, and #1 is listed twice.
    data.afterIssuesPage = (page) => {
      if (page !== 1) return;
      data.issues[0] = { ...data.issues[0], updated_at: hour(9), title: 'Crash when opening settings (1) — updated' };
      data.afterIssuesPage = undefined;
    };
    const first = await pull();
    expect(first.error).toBeNull();
    const stored = async () => (await queryRows<{ external_id: string }>(database.db, sql`select external_id from tickets order by external_id`)).map((r) => r.external_id);
    expect(await stored()).not.toContain('acme/app#3');
    // The cursor stays at the end of page 1 instead of jumping to #1's new time…
    expect(await storedState(database.db, 'app')).toMatchObject({ cursor: { position: { since: hour(2).replace('Z', '.000Z') } } });
    // …so the next pull lists #3.
    expect((await pull()).error).toBeNull();
    expect(await stored()).toEqual(['acme/app#1', 'acme/app#2', 'acme/app#3', 'acme/app#5', 'acme/app#6']);
    const [one] = await queryRows<{ subject: string }>(database.db, sql`select subject from tickets where external_id = 'acme/app#1'`);
    expect(one.subject).toBe('Crash when opening settings (1) — updated');
  });
});
