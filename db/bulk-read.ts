/**
 * Reading many rows fast. PGlite's row protocol turns every row into a JS object (14 s for a
 * million tickets); COPY … TO returns the same rows as one CSV text per chunk (about 6× faster),
 * which db/copy-csv.ts splits. Used by analysis, which reads whole tables of a few columns;
 * pages and services keep using ordinary queries.
 */
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Sql } from 'postgres';
import type { Db } from './client';
import { parseCopyCsv } from './copy-csv';

const dialect = new PgDialect();

/**
 * COPY cannot take bind parameters, so values are written into the statement as literals. Only
 * numbers, booleans, null and strings are accepted (strings with quotes doubled); the queries
 * come from this code base, never from a request.
 */
export function inlineParams(query: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return text.replace(/\$(\d+)/g, (_, index: string) => {
    const value = params[Number(index) - 1];
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`cannot inline ${value}`);
      return String(value);
    }
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
    throw new Error(`cannot inline a ${typeof value} parameter into COPY`);
  });
}

/** A value as COPY's CSV would write it: text, booleans as t/f, null for NULL. */
function asCopyText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

/**
 * Rows of `query` (a SELECT with `columns` output columns), as text fields; null for SQL NULL.
 * PGlite: COPY into a blob. PostgreSQL: rows as arrays (`.values()`), which the postgres driver
 * decodes quickly — its COPY stream can leave a connection paused after a large result
 * (porsager/postgres#499), so it is not used there.
 */
export async function copyRows(db: Db, query: SQL, columns: number): Promise<(string | null)[][]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof PGlite) {
    const result = await client.query(`copy (${inlineParams(query)}) to '/dev/blob' with (format csv)`);
    return parseCopyCsv(result.blob ? await result.blob.text() : '', columns);
  }
  if (typeof client === 'function' && 'unsafe' in client) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const rows = await (client as Sql).unsafe(text, params as never[]).values();
    return rows.map((row) => (row as unknown[]).map(asCopyText));
  }
  throw new Error('bulk reads need the database handle itself, not a transaction');
}
