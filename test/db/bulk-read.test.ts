import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { copyRows, inlineParams } from '@/db/bulk-read';
import { parseCopyCsv } from '@/db/copy-csv';
import { queryRows } from '@/db/client';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

describe('parseCopyCsv', () => {
  it('reads quoted fields with commas, quotes and newlines, and tells NULL from an empty string', () => {
    const text = '1,"a, ""quoted""\nline",\n2,"",x\n';
    expect(parseCopyCsv(text, 3)).toEqual([
      ['1', 'a, "quoted"\nline', null],
      ['2', '', 'x'],
    ]);
  });

  it('refuses rows with the wrong number of fields', () => {
    expect(() => parseCopyCsv('1,2\n', 3)).toThrow(/2 fields, expected 3/);
  });
});

describe('inlineParams', () => {
  it('writes numbers, booleans, null and quoted strings as literals', () => {
    expect(inlineParams(sql`select ${1.5}, ${true}, ${null}, ${"it's"}`)).toBe("select 1.5, TRUE, NULL, 'it''s'");
  });

  it('refuses values it cannot write safely', () => {
    expect(() => inlineParams(sql`select ${new Date()}`)).toThrow(/cannot inline/);
  });
});

describe.each(TEST_ENGINES)('copyRows (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await database.db.execute(sql`create table bulk_sample (id integer, label text, note text)`);
    await database.db.execute(sql`insert into bulk_sample values (1, 'plain', null), (2, 'comma, "quote"', ''), (3, ${'multi\nline ünïcode'}, 'x')`);
  });
  afterAll(async () => database?.dispose());

  it('returns what an ordinary query returns, as text', async () => {
    const viaCopy = await copyRows(database.db, sql`select id, label, note from bulk_sample where id >= ${1} order by id`, 3);
    const viaQuery = await queryRows<{ id: number; label: string; note: string | null }>(database.db, sql`select id, label, note from bulk_sample order by id`);
    expect(viaCopy).toEqual(viaQuery.map((r) => [String(r.id), r.label, r.note]));
  });
});
