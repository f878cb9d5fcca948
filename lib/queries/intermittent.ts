/** Recurring and "keeps coming back" topics found by the last analysis (lib/analysis/recurrence.ts). */
import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { recurringTopics, topics } from '@/db/schema';
import type { TopicId } from '@/lib/topic-id';

/**
 * A stored recurrence finding (lib/analysis/recurrence.ts) as the pages read it: the topic by its
 * id and label, the other columns as the table declares them (db/schema.ts). `recurring` false =
 * irregular, "keeps coming back".
 */
export type RecurringTopicRow = Awaited<ReturnType<typeof selectRecurringTopics>>[number];

function selectRecurringTopics(db: Db) {
  // Every column but `intermittent` (the pages read intermittent topics only); the day as text.
  const { topicId, intermittent: _onlyTrueHere, nextExpected, ...columns } = getTableColumns(recurringTopics);
  return db
    .select({
      topicId: sql<TopicId>`${topicId}`,
      label: sql<string>`coalesce(${topics.label}, ${topicId})`,
      ...columns,
      nextExpected: sql<string | null>`to_char(${nextExpected}, 'YYYY-MM-DD')`,
    })
    .from(recurringTopics)
    .leftJoin(topics, eq(topics.id, recurringTopics.topicId));
}

/** Every intermittent topic: regular ones first (soonest next episode first), then the irregular. */
export async function listRecurringTopics(db: Db): Promise<RecurringTopicRow[]> {
  const r = recurringTopics;
  return selectRecurringTopics(db)
    .where(eq(r.intermittent, true))
    .orderBy(desc(r.recurring), sql`${r.nextExpected} nulls last`, sql`jsonb_array_length(${r.episodes}) desc`, r.topicId);
}

/** One topic's recurrence facts, or null when it is not intermittent. */
export async function getTopicRecurrence(db: Db, topicId: string): Promise<RecurringTopicRow | null> {
  const [row] = await selectRecurringTopics(db).where(eq(recurringTopics.topicId, topicId));
  return row ?? null;
}

/**
 * Regular topics whose next episode is expected in [from, to] (widened by each forecast's own
 * ± window), or that are overdue or in an episode now.
 */
export async function listRecurrencesDue(db: Db, from: string, to: string): Promise<RecurringTopicRow[]> {
  const r = recurringTopics;
  const margin = sql`make_interval(days => ceil(coalesce(${r.nextWindowDays}, 0))::int)`;
  return selectRecurringTopics(db)
    .where(
      sql`${r.intermittent} and ${r.recurring} and (${r.overdue} or ${r.ongoing} or (${r.nextExpected} is not null
          and ${r.nextExpected} + ${margin} >= ${from}::date and ${r.nextExpected} - ${margin} <= ${to}::date))`,
    )
    .orderBy(sql`${r.nextExpected} nulls first`, r.topicId);
}
