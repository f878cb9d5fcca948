import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { pullSource } from '@/ingest/connectors/pull';
import { AppError } from '@/db/errors';
import { TEST_ENGINES, type TestDatabase } from '../helpers/database';
import type { FakeServer } from './fake-server';
import { freshdeskFake, freshdeskTicket, type FreshdeskFakeData } from './fakes/freshdesk';
import { comparableText, configOf, recordingDeps, resetTables, storedState, storedTickets, tableCounts, useDatabaseAndFake, expectResumedEqualsUninterrupted } from './pull-helpers';

const KEY = 'fd-api-key-abcdef0123456789';
const BASIC = `Basic ${Buffer.from(`${KEY}:X`).toString('base64')}`;
const TICKETS = '/api/v2/tickets';

describe.each(TEST_ENGINES)('Freshdesk pull (%s)', (engine) => {
  let database: TestDatabase;
  let fake: FakeServer;
  let data: FreshdeskFakeData;
  let extra: Record<string, unknown> = {};
  const config = () => configOf({ kind: 'freshdesk', name: 'fd', baseUrl: fake.origin, apiKey: { env: 'ST_FD_TEST_KEY' }, checkDeletionsEveryHours: 0, ...extra });
  const pull = (deps = recordingDeps()) => pullSource(database.db, config(), config().sources[0], { timeZone: 'UTC', deps });
  const listings = () => fake.requestsTo(TICKETS).filter((r) => r.query.get('include') !== null);
  /** What Freshdesk holds now: tickets neither trashed, spam nor purged, with their conversations. */
  const sourceState = () =>
    data.tickets
      .filter((t) => t.deleted !== true && t.spam !== true && !data.purged?.has(Number(t.id)))
      .map((t) => ({ id: String(t.id), subject: String(t.subject), description: comparableText(t.description_text), status: String(t.status), comments: data.conversations.get(Number(t.id))?.length ?? 0 }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  useDatabaseAndFake(engine, (request, origin) => freshdeskFake(data)(request, origin), (d, f) => {
    database = d;
    fake = f;
  });
  beforeEach(async () => {
    process.env.ST_FD_TEST_KEY = KEY;
    extra = {};
    data = {
      tickets: [
        freshdeskTicket(1, '2026-03-02T08:00:00Z'),
        freshdeskTicket(2, '2026-03-02T09:00:00Z', {
          status: 4,
          stats: { first_responded_at: '2026-03-01T08:00:00Z', resolved_at: '2026-03-02T09:00:00Z', closed_at: null, reopened_at: null },
        }),
        freshdeskTicket(3, '2026-03-02T10:00:00Z'),
        freshdeskTicket(4, '2026-03-02T11:00:00Z'),
        freshdeskTicket(5, '2026-03-02T12:00:00Z'),
      ],
      conversations: new Map([
        [2, [
          { id: 9001, user_id: 42, incoming: false, private: false, body: '<p>Refund sent.</p>', body_text: 'Refund sent.', created_at: '2026-03-01T08:00:00Z' },
          { id: 9002, user_id: 42, incoming: false, private: true, body_text: 'note: approved by finance', created_at: '2026-03-01T07:00:00Z' },
        ]],
        [4, [{ id: 9003, user_id: 7004, incoming: true, private: false, body_text: 'Any news?', created_at: '2026-03-02T11:00:00Z' }]],
      ]),
      authorization: BASIC,
      maxPerPage: 2,
    };
    fake.requests.length = 0;
    fake.clearFaults();
    await resetTables(database.db);
  });

  it('asks for the description and stats, pages by update time, merges conversations and resumes from the newest ticket', async () => {
    const result = await pull();
    expect(result.error).toBeNull();
    const first = listings()[0].query;
    expect(Object.fromEntries(first)).toEqual({
      updated_since: '1970-01-01T00:00:00Z', include: 'description,stats', order_by: 'updated_at', order_type: 'asc', per_page: '100',
    });
    // Every page is a new query from one second before the newest ticket read; no page numbers.
    expect(listings().map((r) => [r.query.get('updated_since'), r.query.get('page')])).toEqual([
      ['1970-01-01T00:00:00Z', null],
      ['2026-03-02T08:59:59Z', null],
      ['2026-03-02T09:59:59Z', null],
      ['2026-03-02T10:59:59Z', null],
    ]);
    expect(fake.requests.every((r) => r.headers.authorization === BASIC)).toBe(true);
    expect(await tableCounts(database.db)).toEqual({ tickets: 5, events: 3, releases: 0 });
    expect(await storedTickets(database.db, 'freshdesk')).toEqual(sourceState());
    const [solved] = await queryRows<{ status_category: string; resolved_on_time: boolean; resolution: string }>(
      database.db,
      sql`select status_category, resolved_at = ${'2026-03-02T09:00:00Z'}::timestamptz as resolved_on_time, resolution
          from tickets where external_id = '2'`,
    );
    expect(solved).toEqual({ status_category: 'solved', resolved_on_time: true, resolution: 'Refund sent.' });

    fake.requests.length = 0;
    data.tickets.push(freshdeskTicket(6, '2026-03-03T08:00:00Z'));
    const next = await pull();
    expect(listings()[0].query.get('updated_since')).toBe('2026-03-02T11:59:59Z');
    expect(next).toMatchObject({ error: null, inserted: 1, unchanged: 1 }); // #5 re-read, #6 new
  });

  it('gets the text only with include=description (accounts created after 2018-11-30), at 2 credits an include', async () => {
    const plain = await fetch(`${fake.origin}${TICKETS}?updated_since=1970-01-01T00:00:00Z&per_page=2`, { headers: { authorization: BASIC } });
    const withText = await fetch(`${fake.origin}${TICKETS}?updated_since=1970-01-01T00:00:00Z&per_page=2&include=description,stats`, { headers: { authorization: BASIC } });
    expect(((await plain.json()) as Record<string, unknown>[])[0]).not.toHaveProperty('description_text');
    expect(((await withText.json()) as Record<string, unknown>[])[0]).toHaveProperty('description_text', 'I asked for a refund two weeks ago.');
    expect([plain.headers.get('x-ratelimit-used-currentrequest'), withText.headers.get('x-ratelimit-used-currentrequest')]).toEqual(['1', '5']);
    expect((await pull()).error).toBeNull();
    const [row] = await queryRows<{ empty: number }>(database.db, sql`select count(*)::int as empty from tickets where description = ''`);
    expect(row.empty).toBe(0);
  });

  it('fails loudly when the tickets come without any description, unless the config accepts that', async () => {
    data.tickets = Array.from({ length: 24 }, (_, i) => freshdeskTicket(i + 1, `2026-03-02T08:${String(i).padStart(2, '0')}:00Z`, { description: '', description_text: '' }));
    extra = { comments: false };
    data.maxPerPage = 100;
    const result = await pull();
    expect((result.error as AppError).message).toBe('freshdesk "fd": none of the 24 tickets pulled has a description: topics would be built from subjects alone');
    expect((result.error as AppError).hint).toContain('"allowEmptyDescriptions": true');
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 0 }); // the page was not stored
    expect(await storedState(database.db, 'fd')).toMatchObject({ lastStatus: 'failed', lastError: expect.stringContaining('none of the 24 tickets') });
    extra = { comments: false, allowEmptyDescriptions: true };
    expect((await pull()).error).toBeNull();
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 24 });
  });

  it('waits out a 429 when the minute\'s credits are spent', async () => {
    data.creditsPerMinute = 12; // two listings at 5 credits, then the limit
    const deps = recordingDeps();
    // The fake's minute is over once the client has waited.
    deps.sleep = async (ms: number) => {
      deps.waits.push(ms);
      data.creditsUsed = 0;
    };
    extra = { comments: false };
    const result = await pull(deps);
    expect(result.error).toBeNull();
    expect(deps.waits).toEqual([30_000]); // Retry-After 42 s, capped at 30 s in the tests
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 5 });
  });

  it('two pulls with edits and deletions between them: the stored tickets are what Freshdesk holds at the end', async () => {
    await pull();
    // Between the pulls: #1 resolved with a new subject, #3 moved to the trash, #4 marked spam,
    // #5 deleted for good (404), #6 created.
    data.tickets[0] = { ...data.tickets[0], subject: 'Refund received, thanks', description_text: 'All good now.', status: 4, updated_at: '2026-03-04T08:00:00Z' };
    data.tickets[2] = { ...data.tickets[2], deleted: true, updated_at: '2026-03-04T09:00:00Z' };
    data.tickets[3] = { ...data.tickets[3], spam: true, updated_at: '2026-03-04T10:00:00Z' };
    data.purged = new Set([5]);
    data.tickets.push(freshdeskTicket(6, '2026-03-04T11:00:00Z'));
    const second = await pull();
    expect(second.error).toBeNull();
    expect(second).toMatchObject({ inserted: 1, updated: 1, deleted: 3 });
    expect(await storedTickets(database.db, 'freshdesk')).toEqual(sourceState());
    // The trashed and spam tickets say when; the purged one is dated by the check.
    const recorded = await queryRows<{ external_id: string; at: string }>(
      database.db,
      sql`select external_id, to_char(source_deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24') as at from deleted_tickets order by external_id`,
    );
    expect(recorded).toEqual([
      { external_id: '3', at: '2026-03-04T09' },
      { external_id: '4', at: '2026-03-04T10' },
      { external_id: '5', at: '2026-03-10T12' },
    ]);
    // The check for deletions lists ids only: 1 credit a page, not 5.
    const idListing = fake.requestsTo(TICKETS).filter((r) => r.query.get('include') === null);
    expect(idListing.length).toBeGreaterThan(0);
  });

  it('a pull interrupted and resumed ends equal to an uninterrupted one', async () => {
    let n = 0;
    fake.failAlways((r) => r.path === TICKETS && ++n >= 3, { status: 500, body: { message: 'boom' } });
    const crashed = await pull();
    expect((crashed.error as AppError).code).toBe('Unavailable');
    expect((await tableCounts(database.db)).tickets).toBe(3);
    await expectResumedEqualsUninterrupted(database.db, fake, () => pull());
    expect(await storedTickets(database.db, 'freshdesk')).toEqual(sourceState());
  });

  it('retries a 502 on a conversation request, then stores everything', async () => {
    fake.script((r) => r.path === `${TICKETS}/4/conversations`, { status: 502, raw: '<html>Bad gateway</html>' });
    const deps = recordingDeps();
    const result = await pull(deps);
    expect(result.error).toBeNull();
    expect(deps.waits).toHaveLength(1);
    expect(await tableCounts(database.db)).toEqual({ tickets: 5, events: 3, releases: 0 });
  });

  it('names the API key setting when Freshdesk rejects the key', async () => {
    process.env.ST_FD_TEST_KEY = 'revoked-key-000000000';
    const result = await pull();
    expect((result.error as AppError).message).toBe(
      'freshdesk "fd": the API rejected the credentials (401: You have to be logged in to perform this action.). Check the environment variable ST_FD_TEST_KEY named by sources[0].apiKey.env in support-trends.config.json',
    );
    expect((await storedState(database.db, 'fd'))?.lastError).not.toContain('revoked-key');
  });
});
