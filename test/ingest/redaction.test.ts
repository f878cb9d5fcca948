/**
 * PII never reaches the database: every format's fixture with realistic PII is ingested and the
 * stored text, customer keys and rejected rows are scanned for what went in.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { ingestFile } from '@/ingest/ingest-file';
import { ingestAgentsFile } from '@/ingest/load/upsert-agents';
import { resetEnvCache } from '@/lib/env';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

const PII = path.resolve(import.meta.dirname, '../fixtures/pii');
const FILES = ['tickets-generic.csv', 'events-generic.csv', 'jira-export.csv', 'zendesk-export.json', 'freshdesk-export.json', 'github-issues.json'];

/** Everything stored that a person could read: texts, customer keys, event authors, rejected rows. */
async function storedText(database: TestDatabase): Promise<string> {
  const rows = await queryRows<{ text: string | null }>(
    database.db,
    sql`select concat_ws(' ', subject, description, resolution) as text from tickets
        union all select body from ticket_events
        union all select author from ticket_events where author_role = 'customer'
        union all select key from customers
        union all select raw from rejected_rows`,
  );
  return rows.map((r) => r.text ?? '').join('\n');
}

const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;
const VISA_TEST_CARD = /4111[ -]?1111[ -]?1111[ -]?1111/;

describe.each(TEST_ENGINES)('PII redaction at ingest (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    for (const file of FILES) await ingestFile(database.db, path.join(PII, file), { timeZone: 'UTC' });
  });
  afterAll(async () => database?.dispose());

  it('stores no e-mail address, card number, phone, key or credential', async () => {
    const text = await storedText(database);
    expect(text).not.toMatch(EMAIL);
    expect(text).not.toMatch(VISA_TEST_CARD);
    expect(text).not.toContain('+44 20 7946 0958');
    expect(text).not.toContain('(415) 555-0132');
    expect(text).not.toMatch(/sk_live_\w+/);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(text).toContain('[email]');
    expect(text).toContain('[card]');
  });

  it('keeps what is not PII: versions, error codes, ticket references, the invalid card number', async () => {
    const text = await storedText(database);
    expect(text).toContain('5.14.2');
    expect(text).toContain('0x80070005');
    expect(text).toContain('#48213');
    expect(text).toContain('4111 1111 1111 1112'); // fails the Luhn check: not a card
  });

  it('stores requesters as keyed hashes, so distinct customers still count', async () => {
    const keys = await queryRows<{ key: string }>(database.db, sql`select key from customers`);
    expect(keys.length).toBeGreaterThan(0);
    for (const { key } of keys) expect(key).toMatch(/^cust_[\w-]{22}$/);
  });

  it('records how much was redacted on each run', async () => {
    const runs = await queryRows<{ redactions: Record<string, number> }>(database.db, sql`select redactions from ingest_runs`);
    const emails = runs.reduce((sum, r) => sum + (r.redactions.email ?? 0), 0);
    expect(emails).toBeGreaterThan(0);
  });
});

/** Issue 20: an e-mail address in organization or assignee was stored and shown unchanged. */
describe.each(TEST_ENGINES)('PII outside the text fields (%s)', (engine) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dir = mkdtempSync(path.join(tmpdir(), 'st-pii-fields-'));
    const csv = [
      'id,created_at,subject,description,organization,assignee,status,channel,tags,version,type',
      '1,2025-01-02T10:00:00Z,Login fails,It fails,jane.doe@example.com,bob.agent@example.com,open,email,"vip,jo.tag@example.com",5.1,problem',
      '2,2025-01-02T11:00:00Z,Login fails,It fails,jim.roe@example.org,bob.agent@example.com,waiting on jo@example.com,chat,billing,5.1,question',
      '3,2025-01-03T11:00:00Z,Export slow,Slow,Acme Corporation,Priya Raman,open,web,,5.2 (ask 555-0100),problem',
      '4,2025-01-03T12:00:00Z,Export slow,Slow,jane.doe@example.com,Priya Raman,open,web,,5.2,problem',
    ].join('\n');
    writeFileSync(path.join(dir, 'tickets.csv'), `${csv}\n`);
    writeFileSync(path.join(dir, 'agents.csv'), 'name,team,timezone\nbob.agent@example.com,Tier 2,Europe/Berlin\nPriya Raman,Tier 1,Europe/London\n');
    await ingestAgentsFile(database.db, path.join(dir, 'agents.csv'));
    await ingestFile(database.db, path.join(dir, 'tickets.csv'), { timeZone: 'UTC' });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database?.dispose();
  });

  it('stores no e-mail address or phone number in any column', async () => {
    const [row] = await queryRows<{ text: string }>(
      database.db,
      sql`select concat_ws(' ', (select string_agg(t::text, ' ') from tickets t), (select string_agg(o::text, ' ') from organizations o),
                 (select string_agg(a::text, ' ') from agents a)) as text`,
    );
    expect(row.text).not.toMatch(EMAIL);
    expect(row.text).not.toContain('555-0100');
    expect(row.text).toContain('Acme Corporation');
    expect(row.text).toContain('Priya Raman');
  });

  it('keeps distinct organizations and agents distinct, under stable keyed pseudonyms', async () => {
    const orgs = await queryRows<{ name: string; tickets: number }>(
      database.db,
      sql`select o.name, count(t.id)::int as tickets from organizations o join tickets t on t.organization_id = o.id group by o.name order by o.name`,
    );
    expect(orgs.map((o) => o.tickets).sort()).toEqual([1, 1, 2]);
    expect(orgs.filter((o) => /^org_[\w-]{22}$/.test(o.name))).toHaveLength(2);
    // The agents file named the same address: its settings reach the pseudonymised agent.
    const agents = await queryRows<{ name: string; team: string | null; tickets: number }>(
      database.db,
      sql`select a.name, a.team, count(t.id)::int as tickets from agents a left join tickets t on t.assignee_id = a.id group by a.name, a.team order by a.name`,
    );
    expect(agents).toHaveLength(2);
    expect(agents.find((a) => /^agent_[\w-]{22}$/.test(a.name))).toMatchObject({ team: 'Tier 2', tickets: 2 });
    expect(agents.find((a) => a.name === 'Priya Raman')).toMatchObject({ team: 'Tier 1', tickets: 2 });
  });

  it('redacts labels (status, tags, version) in place', async () => {
    const rows = await queryRows<{ status: string; tags: string[]; version: string }>(
      database.db,
      sql`select status, tags, product_version as version from tickets order by external_id`,
    );
    expect(rows[1].status).toBe('waiting on [email]');
    expect(rows[0].tags).toEqual(['vip', '[email]']);
    expect(rows[2].version).toBe('5.2 (ask [phone])');
  });
});

describe('redaction switched off', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    process.env.SUPPORT_TRENDS_REDACT = 'off';
    resetEnvCache();
    database = await createTestDatabase('pglite');
    await ingestFile(database.db, path.join(PII, 'tickets-generic.csv'), { timeZone: 'UTC' });
  });
  afterEach(() => {
    delete process.env.SUPPORT_TRENDS_REDACT;
    resetEnvCache();
  });
  afterAll(async () => database?.dispose());

  it('stores the text as it came (SUPPORT_TRENDS_REDACT=off)', async () => {
    expect(await storedText(database)).toMatch(VISA_TEST_CARD);
  });
});
