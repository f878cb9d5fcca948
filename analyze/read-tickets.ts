/**
 * Reads tickets for analysis: whole columns of up to millions of rows, through COPY in id-range
 * chunks (db/bulk-read.ts) so a million tickets never travel as one result and never as a
 * million driver objects.
 */
import { max, min, sql, type SQL } from 'drizzle-orm';
import { copyRows } from '@/db/bulk-read';
import type { Db } from '@/db/client';
import { tickets } from '@/db/schema';

/** Ids per COPY: about 50–100 MB of ticket text at most. */
const CHUNK_IDS = 100_000;

/** Calls `onRows` for each chunk of `select <columns> from tickets t where <where>`, in id order. */
export async function forEachTicketChunk(
  db: Db,
  columns: SQL,
  columnCount: number,
  where: SQL,
  onRows: (rows: (string | null)[][]) => void,
): Promise<void> {
  const [range] = await db.select({ low: min(tickets.id), high: max(tickets.id) }).from(tickets);
  if (range.low === null || range.high === null) return;
  for (let from = range.low - 1; from < range.high; from += CHUNK_IDS) {
    const rows = await copyRows(
      db,
      sql`select ${columns} from tickets t where t.id > ${from} and t.id <= ${from + CHUNK_IDS} and (${where}) order by t.id`,
      columnCount,
    );
    onRows(rows);
  }
}

/** Epoch milliseconds of a timestamp column, as COPY text ("" → null). */
export const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;
export const toNumber = (value: string | null) => (value === null ? null : Number(value));
/** COPY writes booleans as t / f. */
export const toBoolean = (value: string | null) => value === 't';
