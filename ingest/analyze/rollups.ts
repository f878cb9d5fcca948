/**
 * Pre-aggregated counts the pages read instead of scanning tickets: tickets per local day and
 * topic. Rebuilt by every analysis (one GROUP BY), so it always agrees with the tickets.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

export async function rebuildDailyTopicCounts(db: Db, timeZone: string): Promise<void> {
  await db.execute(sql`delete from daily_topic_counts`);
  await db.execute(sql`
    insert into daily_topic_counts (day, topic_id, tickets)
    select (created_at at time zone ${timeZone})::date, coalesce(topic_id, ''), count(*)::int
    from tickets group by 1, 2`);
  // First and last local day of each topic, from the rollup rather than the tickets.
  await db.execute(sql`
    update topics tp set first_seen = d.first_day, last_seen = d.last_day
    from (select topic_id, min(day) as first_day, max(day) as last_day from daily_topic_counts group by topic_id) d
    where tp.id = d.topic_id`);
}
