/**
 * Reading many rows fast. The row protocol turns every row into a JS object through the driver
 * (14 s for a million tickets on PGlite); COPY … TO returns the same rows as one CSV text per
 * chunk (about 6× faster), which db/copy-csv.ts splits. Used by analysis, which reads whole
 * tables of a few columns; pages and services keep using ordinary queries.
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

/** The CSV text of `copy (select …) to stdout with (format csv)` from either engine. */
async function copyOut(db: Db, select: string): Promise<string> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof PGlite) {
    // PGlite writes COPY … TO output into a blob instead of a client stream.
    const result = await client.query(`copy (${select}) to '/dev/blob' with (format csv)`);
    return result.blob ? await result.blob.text() : '';
  }
  if (typeof client === 'function' && 'unsafe' in client) {
    const stream = await (client as Sql).unsafe(`copy (${select}) to stdout with (format csv)`).readable();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  throw new Error('bulk reads need the database handle itself, not a transaction');
}

/** Rows of `query` (a SELECT with `columns` output columns), as text fields; null for SQL NULL. */
export async function copyRows(db: Db, query: SQL, columns: number): Promise<(string | null)[][]> {
  return parseCopyCsv(await copyOut(db, inlineParams(query)), columns);
}
