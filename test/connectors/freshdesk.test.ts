import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { pullSource } from '@/ingest/connectors/pull';
import { AppError } from '@/lib/errors';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';
import { FakeServer } from './fake-server';
import { freshdeskFake, freshdeskTicket, type FreshdeskFakeData } from './fake-vendors';
import { configOf, recordingDeps, resetTables, storedState, tableCounts } from './pull-helpers';

const KEY = 'fd-api-key-abcdef0123456789';
const BASIC = `Basic ${Buffer.from(`${KEY}:X`).toString('base64')}`;
const TICKETS = '/api/v2/tickets';

describe.each(TEST_ENGINES)('Freshdesk pull (%s)', (engine) => {
  let database: TestDatabase;
  let fake: FakeServer;
  let data: FreshdeskFakeData;
  const config = () => configOf({ kind: 'freshdesk', name: 'fd', baseUrl: fake.origin, apiKey: { env: 'ST_FD_TEST_KEY' } });
  const pull = (deps = recordingDeps()) => pullSource(database.db, config(), config().sources[0], { timeZone: 'UTC', deps });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    fake = await FakeServer.start((request, origin) => freshdeskFake(data)(request, origin));
  });
  afterAll(async () => {
    await fake?.close();
    await database?.dispose();
  });
  beforeEach(async () => {
    process.env.ST_FD_TEST_KEY = KEY;
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

  it('lists by updated_since in pages, merges each ticket\'s conversations and resumes from the newest ticket', async () => {
    const result = await pull();
    expect(result.error).toBeNull();
    expect(result.pages).toBe(3);
    const first = fake.requestsTo(TICKETS)[0].query;
    expect(Object.fromEntries(first)).toEqual({
      updated_since: '1970-01-01T00:00:00Z', include: 'stats', order_by: 'updated_at', order_type: 'asc', per_page: '100', page: '1',
    });
    expect(fake.requestsTo(TICKETS).map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
    expect(fake.requests.every((r) => r.headers.authorization === BASIC)).toBe(true);
    expect(await tableCounts(database.db)).toEqual({ tickets: 5, events: 3, releases: 0 });
    const [solved] = await queryRows<{ status_category: string; resolved_on_time: boolean; resolution: string }>(
      database.db,
      sql`select status_category, resolved_at = ${'2026-03-02T09:00:00Z'}::timestamptz as resolved_on_time, resolution
          from tickets where external_id = '2'`,
    );
    expect(solved).toEqual({ status_category: 'solved', resolved_on_time: true, resolution: 'Refund sent.' });

    fake.requests.length = 0;
    data.tickets.push(freshdeskTicket(6, '2026-03-03T08:00:00Z'));
    const next = await pull();
    expect(fake.requestsTo(TICKETS)[0].query.get('updated_since')).toBe('2026-03-02T12:00:00Z');
    expect(next).toMatchObject({ error: null, inserted: 1, unchanged: 1 }); // #5 re-read (since is inclusive), #6 new
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
