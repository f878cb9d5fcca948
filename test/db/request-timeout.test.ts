/**
 * A page or API request's time budget on PostgreSQL: its statements are cancelled after
 * statement_timeout, and the answer is a 503 that says to narrow the range (issue 20). PGlite has
 * no such timer (it ignores statement_timeout), which this also pins down: there, requests are
 * kept cheap instead (test/queries/range-limits.test.ts).
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '@/db/client';
import { asStatementTimeout } from '@/lib/database';
import { errorResponse } from '@/lib/http-errors';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('statement timeout on PostgreSQL', () => {
  let base: TestDatabase;
  let limited: Database;
  afterAll(async () => {
    await limited?.close();
    await base?.dispose();
  });

  it('cancels a long statement and answers 503 with a sentence', async () => {
    base = await createTestDatabase('postgres');
    limited = await openDatabase({ kind: 'postgres', url: base.url! }, { migrate: false, statementTimeoutMs: 200 });
    const started = Date.now();
    const error = await queryRows(limited.db, sql`select pg_sleep(5)`).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(4_000);
    const timeout = asStatementTimeout(error);
    expect(timeout).toMatchObject({ code: 'Timeout', message: expect.stringMatching(/more than the \d+ s a page or API request may take/) });
    const response = errorResponse(error);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'Timeout', hint: expect.stringMatching(/narrower date range/) } });
    // The pool is still usable, and a quick statement is not affected.
    expect(await queryRows<{ one: number }>(limited.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  it('leaves the job connection (uploads, analysis) without a limit', async () => {
    expect(await queryRows<{ ok: string }>(base.db, sql`select pg_sleep(0.5)::text as ok`)).toHaveLength(1);
  });
});

describe('statement timeout on PGlite', () => {
  it('is not available (PGlite ignores statement_timeout), so nothing relies on it there', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: null }, { migrate: false, statementTimeoutMs: 50 });
    try {
      await queryRows(database.db, sql`set statement_timeout = 50`);
      await expect(queryRows(database.db, sql`select pg_sleep(0.3)`)).resolves.toBeDefined();
    } finally {
      await database.close();
    }
  });
});
