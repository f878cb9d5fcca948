/**
 * Pre-aggregated counts the pages read instead of scanning tickets:
 *  - daily_ticket_counts: tickets per local day, topic, priority and channel (what filtered
 *    charts and topic tables read);
 *  - daily_topic_counts: the same summed over priority and channel (the unfiltered charts, the
 *    planning report);
 *  - daily_topic_version_counts: per day, topic and product version (the findings' input).
 * Rebuilt by every analysis (one GROUP BY over the tickets), so they always agree with the
 * tickets; a curation refreshes only the topics it touched (`refreshTopicRollups`).
 * '' stands for "none" (unclustered, no priority, no channel): primary keys cannot hold null.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { rollupKeys, rollupTopicKey } from '@/lib/queries/rollup-topic';
import type { TopicId } from '@/lib/topic-id';

/**
 * Rebuilds the rollups, all of them or (after an incremental analysis) only from local day
 * `fromDay` on: new tickets land on recent days, and older days are unchanged because their
 * tickets kept their topics. (A re-import that changes the priority or channel of old tickets is
 * reflected by the next full analysis.)
 */
export async function rebuildDailyTopicCounts(db: Db, timeZone: string, fromDay?: string): Promise<void> {
  const days = fromDay ? sql`day >= ${fromDay}::date` : sql`true`;
  const tickets = fromDay ? sql`created_at >= (${fromDay}::date)::timestamp at time zone ${timeZone}` : sql`true`;
  await recount(db, timeZone, days, tickets);
  await updateSeenDays(db, sql`true`);
  // Fresh statistics: the tables were just emptied and refilled, and the pages' plans (index or
  // scan, sort or hash) depend on their sizes. Autovacuum would get there later, or never (PGlite).
  await db.execute(sql`analyze daily_ticket_counts`);
  await db.execute(sql`analyze daily_topic_counts`);
  await db.execute(sql`analyze daily_topic_version_counts`);
}

/**
 * Rebuilds the rollups of the given topics (null = unclustered) after their tickets moved, so the
 * charts agree with a curation at once instead of after the next analysis.
 */
export async function refreshTopicRollups(db: Db, timeZone: string, topicIds: readonly (TopicId | null)[]): Promise<void> {
  if (topicIds.length === 0) return;
  const ids = JSON.stringify([...new Set(rollupKeys(topicIds))]);
  const inTopics = sql`topic_id in (select value from json_array_elements_text(${ids}::json))`;
  const ticketInTopics = sql`${rollupTopicKey(sql`topic_id`)} in (select value from json_array_elements_text(${ids}::json))`;
  await recount(db, timeZone, inTopics, ticketInTopics);
  await updateSeenDays(db, sql`tp.id in (select value from json_array_elements_text(${ids}::json))`);
}

/** Replaces the rollup rows matching `rows` (a condition on day or topic_id) with counts of the tickets matching `tickets`. */
async function recount(db: Db, timeZone: string, rows: SQL, tickets: SQL): Promise<void> {
  await db.execute(sql`delete from daily_ticket_counts where ${rows}`);
  await db.execute(sql`delete from daily_topic_counts where ${rows}`);
  await db.execute(sql`delete from daily_topic_version_counts where ${rows}`);
  await insertTicketCounts(db, timeZone, tickets);
  await insertTopicCounts(db, rows);
  await insertVersionCounts(db, timeZone, tickets);
}

async function insertTicketCounts(db: Db, timeZone: string, where: SQL): Promise<void> {
  await db.execute(sql`
    insert into daily_ticket_counts (day, topic_id, priority, channel, tickets)
    select (created_at at time zone ${timeZone})::date, ${rollupTopicKey(sql`topic_id`)}, coalesce(priority, ''),
           coalesce(channel, ''), count(*)::int
    from tickets where ${where} group by 1, 2, 3, 4`);
}

async function insertVersionCounts(db: Db, timeZone: string, where: SQL): Promise<void> {
  await db.execute(sql`
    insert into daily_topic_version_counts (day, topic_id, product_version, tickets)
    select (created_at at time zone ${timeZone})::date, ${rollupTopicKey(sql`topic_id`)}, coalesce(product_version, ''), count(*)::int
    from tickets where ${where} group by 1, 2, 3`);
}

/** The coarser rollup from the finer one: the tickets are read once. */
async function insertTopicCounts(db: Db, where: SQL): Promise<void> {
  await db.execute(sql`
    insert into daily_topic_counts (day, topic_id, tickets)
    select day, topic_id, sum(tickets)::int from daily_ticket_counts where ${where} group by 1, 2`);
}

/** First and last local day of each topic, from the rollup rather than the tickets. */
async function updateSeenDays(db: Db, where: SQL): Promise<void> {
  await db.execute(sql`
    update topics tp set first_seen = d.first_day, last_seen = d.last_day
    from (select topic_id, min(day) as first_day, max(day) as last_day from daily_topic_counts group by topic_id) d
    where tp.id = d.topic_id and ${where}`);
}
