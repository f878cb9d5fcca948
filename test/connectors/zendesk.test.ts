import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { pullAll, pullSource } from '@/ingest/connectors/pull';
import { AppError } from '@/db/errors';
import { TEST_ENGINES, type TestDatabase } from '../helpers/database';
import { FakeServer, type FakeRequest } from './fake-server';
import { encodeCursor } from './fakes/common';
import { zendeskChange, zendeskCurrent, zendeskDelete, zendeskFake, zendeskTicket, type ZendeskFakeData } from './fakes/zendesk';
import { comparableText, configOf, recordingDeps, resetTables, snapshot, storedState, storedTickets, tableCounts, useDatabaseAndFake, expectResumedEqualsUninterrupted } from './pull-helpers';

const TOKEN = 'zd-secret-token-1234567890';
const EMAIL = 'bot@acme.test';
const BASIC = `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`;
const EXPORT = '/api/v2/incremental/tickets/cursor.json';
const cursorOf = (index: number) => encodeCursor(index);

/** Seven changes of six tickets, two per page: ticket 3 changes on page 2 and again on page 3. */
function stream() {
  return [
    zendeskTicket(1, '2026-03-02T10:00:00Z'),
    zendeskTicket(2, '2026-03-02T11:00:00Z', { priority: 'high' }),
    zendeskTicket(3, '2026-03-02T12:00:00Z'),
    zendeskTicket(4, '2026-03-02T13:00:00Z'),
    zendeskTicket(5, '2026-03-02T14:00:00Z'),
    zendeskTicket(3, '2026-03-02T15:00:00Z', { status: 'solved', subject: 'Cannot export invoice 3 (fixed)' }),
    zendeskTicket(6, '2026-03-02T16:00:00Z', { status: 'deleted' }),
  ];
}

function comment(id: number, authorId: number, body: string, at: string, isPublic = true) {
  return { id, type: 'Comment', author_id: authorId, body, html_body: `<p>${body}</p>`, plain_body: body, public: isPublic, created_at: at };
}

describe.each(TEST_ENGINES)('Zendesk pull (%s)', (engine) => {
  let database: TestDatabase;
  let fake: FakeServer;
  let data: ZendeskFakeData;
  const config = () => configOf({ kind: 'zendesk', name: 'acme', baseUrl: fake.origin, email: EMAIL, token: { env: 'ZD_TEST_TOKEN' } });
  const pull = (deps = recordingDeps()) => pullSource(database.db, config(), config().sources[0], { timeZone: 'UTC', deps });
  const exportRequests = (): FakeRequest[] => fake.requestsTo(EXPORT);

  useDatabaseAndFake(engine, (request, origin) => zendeskFake(data)(request, origin), (d, f) => {
    database = d;
    fake = f;
  });
  beforeEach(async () => {
    process.env.ZD_TEST_TOKEN = TOKEN;
    data = {
      stream: stream(),
      users: [
        { id: 1, name: 'Ana Agent', role: 'agent' },
        ...[1, 2, 3, 4, 5, 6].map((i) => ({ id: 1000 + i, name: `Customer ${i}`, role: 'end-user' })),
      ],
      organizations: [{ id: 500, name: 'Acme Ltd' }],
      comments: new Map([
        ['1', [comment(11, 1001, 'Export fails', '2026-03-01T09:00:00Z'), comment(12, 1, 'Looking into it', '2026-03-01T10:00:00Z')]],
        ['2', [
          comment(21, 1002, 'Still broken', '2026-03-01T09:00:00Z'),
          comment(22, 1, 'Internal: check logs', '2026-03-01T09:30:00Z', false),
          comment(23, 1, 'Fixed on our side', '2026-03-01T11:00:00Z'),
        ]],
        ['3', [comment(31, 1003, 'Help', '2026-03-01T09:00:00Z')]],
        ['4', []],
        ['5', [comment(51, 1005, 'Any news?', '2026-03-01T09:00:00Z')]],
      ]),
      pageSize: 2,
      commentsPageSize: 2,
      authorization: BASIC,
    };
    fake.requests.length = 0;
    fake.clearFaults();
    await resetTables(database.db);
  });
  afterEach(() => {
    delete process.env.ZD_TEST_TOKEN;
  });

  it('pages through the export, stores each ticket once with the newest copy, and its comments as events', async () => {
    const result = await pull();
    expect(result.error).toBeNull();
    expect(result.pages).toBe(4);
    // One ingest run per page with records; page 4 holds only the deletion of ticket 6, never
    // stored: its run records the deletion and removes nothing.
    expect(result.ingestRunIds).toHaveLength(4);
    expect(result.skipped).toEqual({});
    // 5 tickets (6 was deleted) and their 7 comments; ticket 3 once, as solved.
    expect(await tableCounts(database.db)).toEqual({ tickets: 5, events: 7, releases: 0 });
    const rows = await queryRows<{ external_id: string; status: string; subject: string; organization: string | null }>(
      database.db,
      sql`select t.external_id, t.status, t.subject, o.name as organization from tickets t
          left join organizations o on o.id = t.organization_id where t.source = 'zendesk' order by t.external_id`,
    );
    expect(rows.find((r) => r.external_id === '3')).toEqual({ external_id: '3', status: 'solved', subject: 'Cannot export invoice 3 (fixed)', organization: 'Acme Ltd' });
    const roles = await queryRows<{ external_id: string; author_role: string; is_public: boolean }>(
      database.db,
      sql`select external_id, author_role, is_public from ticket_events where external_id in ('21', '22', '23') order by external_id`,
    );
    expect(roles).toEqual([
      { external_id: '21', author_role: 'customer', is_public: true },
      { external_id: '22', author_role: 'agent', is_public: false },
      { external_id: '23', author_role: 'agent', is_public: true },
    ]);

    // The first request starts from start_time, the next ones follow after_cursor; all authenticated.
    const requests = exportRequests();
    expect(requests.map((r) => r.query.get('cursor') ?? `start_time=${r.query.get('start_time')}`)).toEqual([
      'start_time=0', cursorOf(2), cursorOf(4), cursorOf(6),
    ]);
    expect(requests.every((r) => r.headers.authorization === BASIC && r.query.get('include') === 'users,organizations,metric_sets')).toBe(true);
    // Ticket 2's three comments came in two pages (page[size] 2, following links.next).
    expect(fake.requestsTo('/api/v2/tickets/2/comments.json')).toHaveLength(2);
    // Deleted tickets are not asked for comments.
    expect(fake.requestsTo('/api/v2/tickets/6/comments.json')).toHaveLength(0);
    expect(await storedState(database.db, 'acme')).toMatchObject({ lastStatus: 'succeeded', lastError: null, cursor: { position: { afterCursor: cursorOf(7) } } });
  });

  it('resumes from the stored cursor: nothing new is nothing stored, a new change is one update', async () => {
    await pull();
    fake.requests.length = 0;
    const again = await pull();
    expect(again.error).toBeNull();
    expect(exportRequests().map((r) => r.query.get('cursor'))).toEqual([cursorOf(7)]);
    expect(again.rowsRead).toBe(0);

    data.stream.push(zendeskTicket(1, '2026-03-03T09:00:00Z', { status: 'pending' }), zendeskTicket(7, '2026-03-03T10:00:00Z'));
    data.comments.set('7', []);
    const next = await pull();
    expect(next).toMatchObject({ error: null, inserted: 1, updated: 1 });
    expect(await tableCounts(database.db)).toEqual({ tickets: 6, events: 7, releases: 0 });
  });

  it('after a crash on page 3, keeps pages 1–2 with their cursor and a second run ends equal to a clean run', async () => {
    // Page 3 fails hard: every retry gets a 500.
    fake.failAlways((r) => r.path === EXPORT && r.query.get('cursor') === cursorOf(4), { status: 500, body: { error: 'boom' } });
    const crashed = await pull();
    expect(crashed.error).toBeInstanceOf(AppError);
    expect((crashed.error as AppError).code).toBe('Unavailable');
    expect((crashed.error as AppError).message).toContain(`zendesk "acme": GET ${EXPORT} kept failing (HTTP 500) after 3 attempt(s)`);
    expect(crashed.pages).toBe(2);
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 4 }); // tickets 1–4
    const state = await storedState(database.db, 'acme');
    expect(state).toMatchObject({ lastStatus: 'failed', cursor: { position: { afterCursor: cursorOf(4) } } });
    expect(state?.lastError).toContain('HTTP 500');

    fake.clearFaults();
    fake.requests.length = 0;
    const resumed = await pull();
    expect(resumed.error).toBeNull();
    expect(exportRequests()[0].query.get('cursor')).toBe(cursorOf(4)); // continues, does not start over
    const afterResume = await snapshot(database.db);

    await resetTables(database.db);
    const clean = await pull();
    expect(await snapshot(database.db)).toEqual(afterResume);
    expect(crashed.inserted + resumed.inserted).toBe(clean.inserted);
  });

  it('stores no cursor past a page whose commit failed (the database fails on page 3)', async () => {
    let transactions = 0;
    const failingDb = new Proxy(database.db, {
      get(target, property) {
        if (property === 'transaction' && ++transactions === 3) return () => Promise.reject(new Error('disk full'));
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const result = await pullSource(failingDb, config(), config().sources[0], { timeZone: 'UTC', deps: recordingDeps() });
    expect((result.error as Error).message).toBe('disk full');
    expect(result.pages).toBe(3); // page 3 was fetched…
    expect(await storedState(database.db, 'acme')).toMatchObject({ lastStatus: 'failed', cursor: { position: { afterCursor: cursorOf(4) } } }); // …but not passed
    fake.requests.length = 0;
    expect((await pull()).error).toBeNull();
    expect(exportRequests()[0].query.get('cursor')).toBe(cursorOf(4));
    expect(await tableCounts(database.db)).toEqual({ tickets: 5, events: 7, releases: 0 });
  });

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    fake.script((r) => r.path === EXPORT, { status: 429, headers: { 'retry-after': '7' }, body: { error: 'APIRateLimitExceeded' } });
    const deps = recordingDeps();
    const result = await pull(deps);
    expect(result.error).toBeNull();
    expect(deps.waits).toEqual([7_000]);
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 5 });
  });

  it('retries a 500 and a dropped connection with backoff, then succeeds', async () => {
    fake.script((r) => r.path === EXPORT && r.query.get('cursor') === cursorOf(2), { status: 500 }, { destroy: true });
    const deps = recordingDeps();
    const result = await pull(deps);
    expect(result.error).toBeNull();
    // initialDelayMs 1 doubling, equal jitter with random 0.5: 0.75 → 1 ms, then 1.5 → 2 ms.
    expect(deps.waits).toEqual([1, 2]);
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 5, events: 7 });
  });

  it('stops on a malformed page with the source and path named, leaving the cursor where it was', async () => {
    await pull();
    const before = await storedState(database.db, 'acme');
    data.stream.push(zendeskTicket(8, '2026-03-04T10:00:00Z'));
    fake.script((r) => r.path === EXPORT, { raw: '{"tickets": [{"id": 8, "subject": "cut' });
    const broken = await pull();
    const message = (broken.error as AppError).message;
    expect(message).toMatch(new RegExp(`^zendesk "acme": GET ${EXPORT.replace(/\./g, '\\.')} returned a malformed page: not valid JSON`));
    expect(message).not.toContain(TOKEN);
    expect((await storedState(database.db, 'acme'))?.cursor).toEqual(before?.cursor);

    fake.script((r) => r.path === EXPORT, { body: { tickets: 'none', end_of_stream: true } });
    const wrongShape = await pull();
    expect((wrongShape.error as AppError).message).toContain(`GET ${EXPORT} returned a malformed page: expected an incremental export page`);
    expect((wrongShape.error as AppError).message).toContain('tickets:');
    expect((await storedState(database.db, 'acme'))?.cursor).toEqual(before?.cursor);

    expect((await pull()).error).toBeNull(); // the page is fetched again once it is whole
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 6 });
  });

  it('stops at once on an expired token (401), naming the variable and the setting, without the token', async () => {
    await pull();
    const before = await storedState(database.db, 'acme');
    process.env.ZD_TEST_TOKEN = 'expired-token-0987654321';
    fake.requests.length = 0;
    const result = await pull();
    const error = result.error as AppError;
    expect(error.code).toBe('Forbidden');
    expect(error.message).toBe(
      'zendesk "acme": the API rejected the credentials (401: Couldn\'t authenticate you). Check the environment variable ZD_TEST_TOKEN named by sources[0].token.env in support-trends.config.json',
    );
    expect(fake.requests).toHaveLength(1); // no retries on 401
    const state = await storedState(database.db, 'acme');
    expect(state).toMatchObject({ lastStatus: 'failed', lastError: error.message, cursor: before?.cursor });
    expect(JSON.stringify(state)).not.toContain('expired-token-0987654321');
  });

  it('names the missing environment variable before any request', async () => {
    delete process.env.ZD_TEST_TOKEN;
    const result = await pull();
    expect((result.error as AppError).message).toBe(
      'zendesk "acme": the environment variable ZD_TEST_TOKEN is not set (named by sources[0].token.env in support-trends.config.json)',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('runs the analysis after a pull that changed something, and not after one that did not', async () => {
    const analyses = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from analysis_runs`))[0].n;
    const before = await analyses();
    const first = await pullAll(database.db, config(), { analyze: true, timeZone: 'UTC', deps: recordingDeps() });
    expect(first.results[0].error).toBeNull();
    expect(first.analysis).not.toBeNull();
    expect(await analyses()).toBe(before + 1);
    const second = await pullAll(database.db, config(), { analyze: true, timeZone: 'UTC', deps: recordingDeps() });
    expect(second.analysis).toBeNull();
    expect(await analyses()).toBe(before + 1);
  });

  /** What Zendesk holds now: the newest copy of every ticket not deleted, with its comments. */
  const sourceState = () =>
    [...zendeskCurrent(data).values()]
      .filter((t) => t.status !== 'deleted')
      .map((t) => ({ id: String(t.id), subject: String(t.subject), description: comparableText(t.description), status: String(t.status), comments: data.comments.get(String(t.id))?.length ?? 0 }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  it('two pulls with edits and deletions between them: the stored tickets are what Zendesk holds at the end', async () => {
    const first = await pull();
    expect(first.error).toBeNull();
    expect(await storedTickets(database.db, 'zendesk')).toEqual(sourceState());
    // Between the pulls: ticket 2 edited and solved, ticket 4 deleted (its copy was stored as open),
    // ticket 5 deleted and then restored, ticket 8 created.
    zendeskChange(data, 2, '2026-03-05T09:00:00Z', { subject: 'Export fixed', description: 'Works again.', status: 'solved' });
    zendeskDelete(data, 4, '2026-03-05T10:00:00Z');
    const fiveComments = data.comments.get('5')!;
    zendeskDelete(data, 5, '2026-03-05T11:00:00Z');
    // Restored from the deleted view, with its comments, and answered.
    zendeskChange(data, 5, '2026-03-05T12:00:00Z', { status: 'open' });
    data.comments.set('5', [...fiveComments, comment(52, 1, 'Restored', '2026-03-05T12:00:00Z')]);
    zendeskChange(data, 8, '2026-03-05T13:00:00Z', { subject: 'New: cannot log in' });
    data.comments.set('8', []);
    const second = await pull();
    expect(second.error).toBeNull();
    expect(second).toMatchObject({ deleted: 1, inserted: 1 + 1, updated: 2 }); // 8 and the restored comment; 2 and 5
    const stored = await storedTickets(database.db, 'zendesk');
    expect(stored).toEqual(sourceState());
    expect(stored.map((t) => t.id)).not.toContain('4');
    const [audit] = await queryRows<{ external_id: string; at: string; run: number }>(
      database.db,
      sql`select external_id, to_char(source_deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as at, ingest_run_id as run from deleted_tickets where external_id = '4'`,
    );
    expect(audit).toMatchObject({ external_id: '4', at: '2026-03-05T10:00' });
    expect(second.ingestRunIds).toContain(audit.run); // recorded by the run of the page that said so
    // Ticket 4's comments went with it.
    expect(await queryRows(database.db, sql`select count(*)::int as n from ticket_events where external_id in ('41')`)).toEqual([{ n: 0 }]);
  });

  it('a deletion interrupted and resumed ends equal to the uninterrupted pull', async () => {
    await pull();
    zendeskDelete(data, 1, '2026-03-05T10:00:00Z');
    zendeskChange(data, 3, '2026-03-05T11:00:00Z', { status: 'closed' });
    zendeskDelete(data, 2, '2026-03-05T12:00:00Z');
    const before = (await storedState(database.db, 'acme'))?.cursor;
    // The second page of the new changes fails hard; the first (deleting 1, closing 3) is kept.
    fake.failAlways((r) => r.path === EXPORT && r.query.get('cursor') === cursorOf(9), { status: 500, body: { error: 'boom' } });
    const crashed = await pull();
    expect((crashed.error as AppError).code).toBe('Unavailable');
    expect((await storedTickets(database.db, 'zendesk')).map((t) => t.id)).toEqual(['2', '3', '4', '5']);
    expect((await storedState(database.db, 'acme'))?.cursor).not.toEqual(before);
    await expectResumedEqualsUninterrupted(database.db, fake, () => pull());
    expect((await storedTickets(database.db, 'zendesk'))).toEqual(sourceState());
  });
});
