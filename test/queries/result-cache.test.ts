/**
 * Kept query results (lib/queries/result-cache.ts) are answered again only while the data they
 * read is unchanged: a new analysis, curation, organization or ticket makes the next call read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisRuns, organizations } from '@/db/schema';
import { cachedQuery, dataVersion } from '@/lib/queries/result-cache';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

describe.each(TEST_ENGINES)('result cache (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => database?.dispose());

  it('answers a repeated call from the store until the data version changes', async () => {
    let reads = 0;
    const query = cachedQuery('test', async (_db, n: number) => {
      reads++;
      return { n, reads };
    });
    const first = await query(database.db, 1);
    expect(await query(database.db, 1)).toBe(first);
    expect(await query(database.db, 2)).not.toBe(first);
    expect(reads).toBe(2);

    const before = await dataVersion(database.db);
    await database.db.insert(analysisRuns).values({ mode: 'full', status: 'succeeded', timeZone: 'UTC' });
    expect(await dataVersion(database.db)).not.toBe(before);
    expect(await query(database.db, 1)).toEqual({ n: 1, reads: 3 });
    await database.db.insert(organizations).values({ name: 'Acme' });
    expect(await query(database.db, 1)).toEqual({ n: 1, reads: 4 });
    expect(await query(database.db, 1)).toEqual({ n: 1, reads: 4 });
  });

  it('does not keep a failure', async () => {
    let calls = 0;
    const query = cachedQuery('failing', async () => {
      calls++;
      if (calls === 1) throw new Error('first call fails');
      return calls;
    });
    await expect(query(database.db)).rejects.toThrow('first call fails');
    expect(await query(database.db)).toBe(2);
  });
});
