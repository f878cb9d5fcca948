import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { DimensionCache } from '@/ingest/load/dimensions';
import { markInterruptedRuns, startRun } from '@/ingest/load/ingest-runs';
import { upsertEvents } from '@/ingest/load/upsert-events';
import { upsertReleases } from '@/ingest/load/upsert-releases';
import { upsertTickets } from '@/ingest/load/upsert-tickets';
import { createPreparer, type PreparedEvent, type PreparedTicket } from '@/ingest/load/prepare';
import { ingestParsedItems } from '@/ingest/load/ingest-items';
import type { EventRecord, ParsedItem, TicketRecord } from '@/ingest/sources/types';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

// Redaction off; requesters still become keyed hashes, as in every ingest.
const preparer = createPreparer({ kinds: [], secret: 'a-test-secret-of-16+' });

function ticket(id: string, overrides: Partial<TicketRecord> = {}): PreparedTicket {
  const prepared = preparer.prepare({ kind: 'ticket', record: ticketRecord(id, overrides) });
  if (prepared.kind !== 'ticket') throw new Error('expected a ticket');
  return prepared.row;
}

function ticketRecord(id: string, overrides: Partial<TicketRecord> = {}): TicketRecord {
  return {
    externalId: id,
    createdAt: new Date('2026-03-02T10:00:00Z'),
    updatedAt: new Date('2026-03-02T12:00:00Z'),
    firstResponseAt: null,
    resolvedAt: null,
    status: 'open',
    statusCategory: 'open',
    priorityRaw: 'normal',
    priority: 'normal',
    channel: 'email',
    type: null,
    subject: `Subject ${id}`,
    description: `Description of ticket ${id}`,
    resolution: null,
    productVersion: '5.1.0',
    product: null,
    fixVersions: [],
    tags: ['billing', 'invoice'],
    assignee: 'Ana Silva',
    requester: `customer-${id}@example.test`,
    organization: 'Acme Ltd',
    reopened: false,
    escalated: false,
    line: Number(id) + 1,
    ...overrides,
  };
}

describe.each(TEST_ENGINES)('loading records (%s)', (engine) => {
  let database: TestDatabase;
  let runId: number;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    runId = await startRun(database.db, '/tmp/test.csv', 'csv-tickets', 'csv', 100);
  });
  afterAll(async () => database?.dispose());

  it('inserts new tickets with their agents, customers and organizations', async () => {
    const counts = await upsertTickets(database.db, 'csv', runId, [ticket('1'), ticket('2'), ticket('3')], new DimensionCache());
    expect(counts).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
    const [row] = await queryRows<{ tickets: number; agents: number; customers: number; orgs: number; tags: string[] }>(
      database.db,
      sql`select (select count(*)::int from tickets) as tickets, (select count(*)::int from agents) as agents,
                 (select count(*)::int from customers) as customers, (select count(*)::int from organizations) as orgs,
                 (select tags from tickets where external_id = '1') as tags`,
    );
    expect(row).toEqual({ tickets: 3, agents: 1, customers: 3, orgs: 1, tags: ['billing', 'invoice'] });
  });

  it('changes nothing when the same records arrive again', async () => {
    const counts = await upsertTickets(database.db, 'csv', runId, [ticket('1'), ticket('2'), ticket('3')], new DimensionCache());
    expect(counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, changedFrom: null });
  });

  it('updates a ticket when a newer version arrives, and ignores an older one', async () => {
    const newer = ticket('2', { status: 'solved', statusCategory: 'solved', updatedAt: new Date('2026-03-05T00:00:00Z') });
    expect(await upsertTickets(database.db, 'csv', runId, [newer], new DimensionCache())).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: 0,
      changedFrom: new Date('2026-03-02T10:00:00Z'), // the rollups are redone from its day
    });
    const older = ticket('2', { status: 'pending', updatedAt: new Date('2026-03-01T00:00:00Z') });
    expect(await upsertTickets(database.db, 'csv', runId, [older], new DimensionCache())).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const [row] = await queryRows<{ status: string }>(database.db, sql`select status from tickets where external_id = '2'`);
    expect(row.status).toBe('solved');
  });

  it('keeps the same external id from two sources apart', async () => {
    const counts = await upsertTickets(database.db, 'zendesk', runId, [ticket('1')], new DimensionCache());
    expect(counts.inserted).toBe(1);
  });

  it('keeps the last of duplicate ids within one batch instead of failing', async () => {
    const first = ticket('9', { subject: 'first' });
    const second = ticket('9', { subject: 'second', updatedAt: new Date('2026-03-09T00:00:00Z') });
    const counts = await upsertTickets(database.db, 'csv', runId, [first, second], new DimensionCache());
    expect(counts.inserted).toBe(1);
    const [row] = await queryRows<{ subject: string }>(database.db, sql`select subject from tickets where external_id = '9'`);
    expect(row.subject).toBe('second');
  });

  it('stores events of known tickets and rejects events of unknown ones with their line', async () => {
    const event = (ticketId: string, id: string, line: number): PreparedEvent => {
      const record: EventRecord = {
        ticketExternalId: ticketId,
        externalId: id,
        createdAt: new Date('2026-03-02T11:00:00Z'),
        author: 'Ana Silva',
        authorRole: 'agent',
        isPublic: true,
        body: 'Restarted the export worker.',
        line,
      };
      const prepared = preparer.prepare({ kind: 'event', record });
      if (prepared.kind !== 'event') throw new Error('expected an event');
      return prepared.row;
    };
    const result = await upsertEvents(database.db, 'csv', runId, [event('1', 'e1', 2), event('404', 'e2', 3)], new DimensionCache());
    expect(result.inserted).toBe(1);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ line: 3, field: 'ticket_id' });
    const again = await upsertEvents(database.db, 'csv', runId, [event('1', 'e1', 2)], new DimensionCache());
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const [row] = await queryRows<{ agent: string | null }>(
      database.db,
      sql`select a.name as agent from ticket_events e left join agents a on a.id = e.agent_id where e.external_id = 'e1'`,
    );
    expect(row.agent).toBe('Ana Silva');
  });

  it('upserts releases by version', async () => {
    const release = (version: string, day: string) => ({ version, releasedAt: new Date(`${day}T00:00:00Z`), notes: null, product: null, line: 2 });
    expect(await upsertReleases(database.db, 'releases-csv', runId, [release('5.1.0', '2026-02-01'), release('5.2.0', '2026-02-20')])).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    expect(await upsertReleases(database.db, 'releases-csv', runId, [release('5.1.0', '2026-02-01'), release('5.2.0', '2026-02-21')])).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 1,
    });
  });

  it('a first load inserts without conflict handling and falls back to upserts at a duplicate', async () => {
    const record = (id: string, subject: string, updated: string): ParsedItem => ({
      kind: 'ticket',
      record: { ...ticketRecord(id), subject, updatedAt: new Date(updated) },
    });
    // Batches of two: the newer copy of "1" arrives in the second batch, after "1" was inserted.
    const items = [record('1', 'old', '2026-03-01'), record('2', 'b', '2026-03-01'), record('3', 'c', '2026-03-01'), record('1', 'new', '2026-03-05')];
    const totals = await ingestParsedItems(database.db, items, { label: 'first load', kind: 'csv-tickets', source: 'fresh' }, { batchSize: 2 });
    expect(totals).toMatchObject({ inserted: 3, updated: 1, rejected: 0 });
    const [row] = await queryRows<{ subject: string; n: number }>(
      database.db,
      sql`select (select subject from tickets where source = 'fresh' and external_id = '1') as subject,
                 (select count(*)::int from tickets where source = 'fresh') as n`,
    );
    expect(row).toEqual({ subject: 'new', n: 3 });
  });

  it('marks runs left running by a dead process as failed', async () => {
    const ghost = await startRun(database.db, '/tmp/ghost.csv', 'csv-tickets', 'csv', 1);
    // A pid that cannot belong to a live process on this machine.
    await database.db.execute(sql`update ingest_runs set pid = 2147483646 where id = ${ghost}`);
    expect(await markInterruptedRuns(database.db)).toBe(1);
    const [row] = await queryRows<{ status: string; error: string }>(database.db, sql`select status, error from ingest_runs where id = ${ghost}`);
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/interrupted/);
  });
});
