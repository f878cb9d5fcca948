import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { dailyTopicCounts } from '@/db/schema';
import type { DayRange } from './filter-sql';

/** The first and last local day with tickets, from the daily rollup; null before any analysis. */
export async function getDataRange(db: Db): Promise<DayRange | null> {
  const { day } = dailyTopicCounts;
  const [row] = await db
    .select({ from: sql<string | null>`to_char(min(${day}), 'YYYY-MM-DD')`, to: sql<string | null>`to_char(max(${day}), 'YYYY-MM-DD')` })
    .from(dailyTopicCounts);
  return row?.from && row.to ? { from: row.from, to: row.to } : null;
}

/**
 * The first and last local day of any stored ticket, analysed or not (two lookups in the
 * created_at index): the range a tickets list or export is kept within. Null without tickets.
 */
export async function getTicketDayRange(db: Db, timeZone: string): Promise<DayRange | null> {
  const [row] = await queryRows<{ from: string | null; to: string | null }>(
    db,
    sql`select to_char((select min(created_at) from tickets) at time zone ${timeZone}, 'YYYY-MM-DD') as "from",
               to_char((select max(created_at) from tickets) at time zone ${timeZone}, 'YYYY-MM-DD') as "to"`,
  );
  return row?.from && row.to ? { from: row.from, to: row.to } : null;
}
