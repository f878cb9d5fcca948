import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { dailyTopicCounts, tickets } from '@/db/schema';
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
  const { createdAt } = tickets;
  // min and max together are still two lookups in the index (PostgreSQL's min/max optimisation).
  const [row] = await db
    .select({
      from: sql<string | null>`to_char(min(${createdAt}) at time zone ${timeZone}, 'YYYY-MM-DD')`,
      to: sql<string | null>`to_char(max(${createdAt}) at time zone ${timeZone}, 'YYYY-MM-DD')`,
    })
    .from(tickets);
  return row?.from && row.to ? { from: row.from, to: row.to } : null;
}
