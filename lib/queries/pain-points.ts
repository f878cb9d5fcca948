/** Pain points as the last analysis ranked them (impact = reach × severity × trend, see lib/analysis/pain-points.ts). */
import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { painPoints, topics } from '@/db/schema';
import type { TopicId } from '@/lib/topic-id';

/**
 * A stored pain point with its topic's label; the columns are the table's (db/schema.ts), so a
 * renamed or retyped column changes this type. `tickets` and `customers` count the last 28
 * days of the analysis.
 */
export type PainPointRow = Awaited<ReturnType<typeof selectPainPoints>>[number];

function selectPainPoints(db: Db) {
  const { topicId, ...columns } = getTableColumns(painPoints);
  return db
    .select({ topicId: sql<TopicId>`${topicId}`, label: sql<string>`coalesce(${topics.label}, ${topicId})`, ...columns })
    .from(painPoints)
    .leftJoin(topics, eq(topics.id, painPoints.topicId));
}

/** The top `limit` pain points, highest impact first. */
export async function listPainPoints(db: Db, limit: number): Promise<PainPointRow[]> {
  return selectPainPoints(db).orderBy(painPoints.rank).limit(limit);
}

/** One topic's pain-point row, or null when the last 28 days had none of its tickets. */
export async function getTopicPainPoint(db: Db, topicId: string): Promise<PainPointRow | null> {
  const [row] = await selectPainPoints(db).where(eq(painPoints.topicId, topicId));
  return row ?? null;
}
