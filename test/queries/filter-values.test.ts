/**
 * Issue 17: a filter value that names nothing stored says so instead of showing zeros, and the
 * customer filter finds a requester by the e-mail a person types (hashed as the ingest stored it)
 * or by the short pseudonym the tickets list shows.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/client';
import { ingestFile } from '@/ingest/ingest-file';
import { shortPseudonym } from '@/lib/format';
import { checkFilterValues, findCustomerKey } from '@/lib/queries/filter-values';
import { listTickets } from '@/lib/queries/tickets';
import { asTopicId } from '@/lib/topic-id';
import { TEST_ENGINES, createTestDatabase, type TestDatabase } from '../helpers/database';
import { fixturePath } from '../ingest/sources/parse-helpers';

const VISIBLE = { text: true, agent: false };

describe.each(TEST_ENGINES)('filter values checked against the data (%s)', (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await ingestFile(database.db, fixturePath('tickets-generic.csv'), { timeZone: 'UTC' });
  }, 120_000);
  afterAll(() => database?.dispose());

  const ticketsOf = async (customer: string) => {
    const { filters } = await checkFilterValues(database.db, { customer });
    const { rows } = await listTickets(database.db, { filters, range: null, sort: 'newest', limit: 50 }, VISIBLE, 'UTC');
    return rows.map((r) => r.externalId);
  };

  it('stores requesters as keyed pseudonyms, never the e-mail', async () => {
    const keys = await queryRows<{ key: string }>(database.db, sql`select key from customers`);
    expect(keys.length).toBeGreaterThan(1);
    expect(keys.every((k) => /^cust_[\w-]{22}$/.test(k.key))).toBe(true);
  });

  it('finds a customer by the e-mail typed, however it is written', async () => {
    expect(await ticketsOf('jo@example.com')).toEqual(['1001']);
    expect(await ticketsOf('  Jo Doe <JO@Example.COM> ')).toEqual(['1001']);
    const key = await findCustomerKey(database.db, 'ann@example.org');
    expect(key).toMatch(/^cust_/);
    expect(await ticketsOf('ann@example.org')).toContain('1002');
  });

  it('shows a customer as a short stable pseudonym that finds them again', async () => {
    const key = (await findCustomerKey(database.db, 'jo@example.com'))!;
    const short = shortPseudonym(key)!;
    expect(short).toHaveLength(13);
    expect(key.startsWith(short)).toBe(true);
    expect(await findCustomerKey(database.db, short)).toBe(key);
    expect(await findCustomerKey(database.db, key)).toBe(key);
    const { rows } = await listTickets(database.db, { filters: { customer: key }, range: null, sort: 'newest', limit: 5 }, VISIBLE, 'UTC');
    expect(shortPseudonym(rows[0].customer)).toBe(short);
  });

  it('finds a ticket searched as the pages show its id ("#114"), and by its source id', async () => {
    const [row] = await queryRows<{ id: number; externalId: string }>(database.db, sql`select id, external_id as "externalId" from tickets where external_id = '1002'`);
    expect(String(row.id)).not.toBe(row.externalId);
    const search = async (text: string) =>
      (await listTickets(database.db, { filters: {}, range: null, search: text, sort: 'newest', limit: 50 }, VISIBLE, 'UTC')).rows.map((r) => r.id);
    expect(await search(`#${row.id}`)).toEqual([row.id]);
    expect(await search(`# ${row.id}`)).toEqual([row.id]);
    expect(await search('1002')).toEqual([row.id]);
    expect(await search('#1002')).toEqual([row.id]);
    expect(await search('#99999999999')).toEqual([]);
  });

  it('says which customer, topic or organization was not found, and keeps the filter so it matches nothing', async () => {
    const asked = { customer: 'nobody@example.com', topic: asTopicId('t999'), org: 424242, priority: 'high' as const };
    const { filters, problems } = await checkFilterValues(database.db, asked);
    expect(filters).toEqual(asked);
    expect(problems).toEqual([
      'There is no topic t999 (a re-analysis may have merged it away), so nothing matches it.',
      'There is no organization number 424242, so nothing matches it.',
      'No customer matches "nobody@example.com" (give the requester as the export names them — an e-mail address, a name or a login — or a pseudonym such as cust_Ab3dEf9Q).',
    ]);
    expect(await ticketsOf('nobody@example.com')).toEqual([]);
    const [org] = await queryRows<{ id: number }>(database.db, sql`select id from organizations order by id limit 1`);
    expect(await checkFilterValues(database.db, { org: org.id, topic: null })).toEqual({ filters: { org: org.id, topic: null }, problems: [] });
  });
});
