/**
 * PII never reaches the database: every format's fixture with realistic PII is ingested and the
 * stored text, customer keys and rejected rows are scanned for what went in.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { ingestFile } from '@/ingest/ingest-file';
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
