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

describe.each(TEST_ENGINES)('tickets deleted at the source (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => database?.dispose());

  const t = (id: string, updated: string, overrides: Partial<TicketRecord> = {}): ParsedItem => ({
    kind: 'ticket',
    record: { ...ticketRecord(id), updatedAt: new Date(updated), ...overrides },
  });
  const comment = (ticketId: string, id: string): ParsedItem => ({
    kind: 'event',
    record: { ticketExternalId: ticketId, externalId: id, createdAt: new Date('2026-03-02T11:00:00Z'), author: 'Ana Silva', authorRole: 'agent', isPublic: true, body: 'hi', line: 1 },
  });
  const gone = (id: string, at: string | null): ParsedItem => ({ kind: 'deletion', record: { externalId: id, deletedAt: at === null ? null : new Date(at), line: 1 } });
  const ingest = (items: ParsedItem[], batchSize = 100) => ingestParsedItems(database.db, items, { label: 'del', kind: 'zendesk-json', source: 'zd' }, { batchSize });
  const stored = async () =>
    queryRows<{ external_id: string; status: string; events: number }>(
      database.db,
      sql`select t.external_id, t.status, (select count(*)::int from ticket_events e where e.ticket_id = t.id) as events
          from tickets t where t.source = 'zd' order by t.external_id`,
    );
  const recorded = async () =>
    queryRows<{ external_id: string; source_deleted_at: string | null; created_at: string | null; topic_id: string | null; run: number | null }>(
      database.db,
      sql`select external_id, to_char(source_deleted_at at time zone 'UTC', 'YYYY-MM-DD') as source_deleted_at,
                 to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as created_at, topic_id, ingest_run_id as run
          from deleted_tickets where source = 'zd' order by external_id`,
    );

  it('removes the stored ticket and its comments, records the removal and counts it in the run', async () => {
    await ingest([t('1', '2026-03-02'), comment('1', 'c1'), t('2', '2026-03-02'), comment('2', 'c2'), t('3', '2026-03-02')]);
    await database.db.execute(sql`update tickets set topic_id = 't7' where source = 'zd' and external_id = '1'`);
    const totals = await ingest([gone('1', '2026-03-04'), gone('99', '2026-03-04')]);
    expect(totals).toMatchObject({ rowsRead: 2, deleted: 1, unchanged: 1, inserted: 0, updated: 0 });
    expect(await stored()).toEqual([
      { external_id: '2', status: 'open', events: 1 },
      { external_id: '3', status: 'open', events: 0 },
    ]);
    expect(await queryRows(database.db, sql`select count(*)::int as n from ticket_events where external_id = 'c1'`)).toEqual([{ n: 0 }]);
    // Ticket 99 was never stored: recorded all the same, so an older copy imported later stays out.
    expect(await recorded()).toEqual([
      { external_id: '1', source_deleted_at: '2026-03-04', created_at: '2026-03-02', topic_id: 't7', run: totals.runId },
      { external_id: '99', source_deleted_at: '2026-03-04', created_at: null, topic_id: null, run: totals.runId },
    ]);
    const [run] = await queryRows<{ deleted: number; changed_from: string }>(
      database.db,
      sql`select deleted, to_char(changed_from at time zone 'UTC', 'YYYY-MM-DD') as changed_from from ingest_runs where id = ${totals.runId}`,
    );
    expect(run).toEqual({ deleted: 1, changed_from: '2026-03-02' }); // the rollups are redone from the removed ticket's day
  });

  it('keeps an older copy out, and lets a newer one (restored at the source) back in', async () => {
    const older = await ingest([t('1', '2026-03-03', { subject: 'old copy' }), comment('1', 'c1')]);
    expect(older).toMatchObject({ inserted: 0, unchanged: 2, rejected: 0 });
    expect((await stored()).map((r) => r.external_id)).toEqual(['2', '3']);
    // A comments file for the deleted ticket: skipped, not rejected as "no ticket stored".
    const lateComments = await ingest([comment('1', 'c9')]);
    expect(lateComments).toMatchObject({ rejected: 0, unchanged: 1 });

    const restored = await ingest([t('1', '2026-03-05', { subject: 'restored' }), comment('1', 'c1')]);
    expect(restored).toMatchObject({ inserted: 2, rejected: 0 });
    expect(await stored()).toEqual([
      { external_id: '1', status: 'open', events: 1 },
      { external_id: '2', status: 'open', events: 1 },
      { external_id: '3', status: 'open', events: 0 },
    ]);
    expect((await recorded()).map((r) => r.external_id)).toEqual(['99']);
  });

  it('does not remove a stored copy newer than the deletion, and removes unconditionally without a time', async () => {
    const stale = await ingest([gone('2', '2026-03-01')]);
    expect(stale).toMatchObject({ deleted: 0, unchanged: 1 });
    expect((await stored()).map((r) => r.external_id)).toEqual(['1', '2', '3']);
    expect((await recorded()).map((r) => r.external_id)).toEqual(['99']); // no record: the stored copy is the truth
    const untimed = await ingest([gone('3', null)]);
    expect(untimed).toMatchObject({ deleted: 1 });
    // Without a deletion time the record blocks nothing: any copy may come back.
    expect(await ingest([t('3', '2026-03-02')])).toMatchObject({ inserted: 1 });
  });

  it('applies a ticket and its deletion in one batch in input order', async () => {
    // Edited then deleted: gone. Deleted then restored: stored (its comment too).
    const totals = await ingest([t('5', '2026-03-02'), comment('5', 'c5'), gone('5', '2026-03-06'), gone('6', '2026-03-02'), t('6', '2026-03-06'), comment('6', 'c6')]);
    expect(totals).toMatchObject({ rejected: 0, inserted: 2 });
    const ids = (await stored()).map((r) => r.external_id);
    expect(ids).toContain('6');
    expect(ids).not.toContain('5');
    expect((await recorded()).map((r) => r.external_id)).toContain('5');
    // Across batches of two the outcome is the same.
    const again = await ingest([t('7', '2026-03-02'), comment('7', 'c7'), gone('7', '2026-03-06')], 1);
    expect(again.rejected).toBe(0);
    expect((await stored()).map((r) => r.external_id)).not.toContain('7');
  });
});
