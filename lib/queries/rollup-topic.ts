/**
 * The one place where "unclustered" is spelled '' — in the rollup tables (daily_ticket_counts,
 * daily_topic_counts, daily_topic_version_counts). Their primary key includes topic_id, and a
 * primary-key column cannot hold null, so the rollups store '' where a ticket has no topic.
 * Everything that writes or reads those tables converts through these helpers; everywhere else
 * (tickets, findings, TypeScript) an unclustered ticket's topic is null.
 */
import { sql, type SQL } from 'drizzle-orm';
import { asTopicId, type TopicId } from '@/lib/topic-id';

/** The rollups' topic_id of the tickets without a topic. */
const UNCLUSTERED_KEY = '';

/** A ticket's topic (SQL, nullable) as the rollups' key: null becomes ''. */
export const rollupTopicKey = (topicColumn: SQL): SQL => sql`coalesce(${topicColumn}, ${sql.raw(`'${UNCLUSTERED_KEY}'`)})`;

/** Condition on a rollup's topic_id column: the rows of a topic, or of the unclustered tickets (null). */
export const rollupTopicIs = (topicColumn: SQL, topic: TopicId | null): SQL => sql`${topicColumn} = ${topic ?? UNCLUSTERED_KEY}`;

/** Condition on a rollup's topic_id column: the rows of tickets that have a topic. */
export const rollupHasTopic = (topicColumn: SQL): SQL => sql`${topicColumn} <> ${sql.raw(`'${UNCLUSTERED_KEY}'`)}`;

/** A rollup's topic_id as read back into TypeScript: '' becomes null. */
export function topicFromRollupKey(key: string | null): TopicId | null {
  return key === null || key === UNCLUSTERED_KEY ? null : asTopicId(key);
}

/** Topics (null = unclustered) as the rollups' keys, for matching rollup rows. */
export function rollupKeys(topics: readonly (TopicId | null)[]): string[] {
  return topics.map((t) => t ?? UNCLUSTERED_KEY);
}
