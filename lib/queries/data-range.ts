import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { DayRange } from './filter-sql';

/** The first and last local day with tickets, from the daily rollup; null before any analysis. */
export async function getDataRange(db: Db): Promise<DayRange | null> {
  const [row] = await queryRows<{ from: string | null; to: string | null }>(
    db,
    sql`select to_char(min(day), 'YYYY-MM-DD') as "from", to_char(max(day), 'YYYY-MM-DD') as "to" from daily_topic_counts`,
  );
  return row?.from && row.to ? { from: row.from, to: row.to } : null;
}
