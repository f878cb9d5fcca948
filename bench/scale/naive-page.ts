/**
 * "The naive page": the overview's weekly volume per topic computed with a GROUP BY over the raw
 * tickets table, against the same numbers from the daily rollup that analyze maintains. Both are
 * run 20 times after a warm-up; prints JSON with median/p95 in milliseconds.
 *
 * Usage: tsx bench/scale/naive-page.ts  (DATABASE_URL or SUPPORT_TRENDS_DATA_DIR says where)
 */
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@/db/client';
import { databaseTarget, getEnv } from '@/lib/env';
import { percentiles } from './measure';

const database = await openDatabase(databaseTarget(getEnv()));
const timeZone = 'UTC';
const queries = {
  naive: sql`select date_trunc('week', created_at at time zone ${timeZone})::date as week, coalesce(topic_id, '') as topic, count(*)::int as tickets
             from tickets group by 1, 2`,
  rollup: sql`select date_trunc('week', day)::date as week, topic_id as topic, sum(tickets)::int as tickets
              from daily_topic_counts group by 1, 2`,
};
const result: Record<string, { median: number; p95: number; rows: number }> = {};
for (const [name, query] of Object.entries(queries)) {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 21; i++) {
    const started = performance.now();
    rows = (await queryRows(database.db, query)).length;
    if (i > 0) times.push(performance.now() - started);
  }
  const p = percentiles(times);
  result[name] = { median: Math.round(p.median), p95: Math.round(p.p95), rows };
}
await database.close();
console.log(JSON.stringify(result));
