/** One topic: what it is, its representative tickets, and what people and analyses did to it. */
import { desc, eq, sql, type Column, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { topicChanges, topics } from '@/db/schema';
import type { TopicId } from '@/lib/topic-id';

/** A date column as YYYY-MM-DD text (null stays null). */
const dayText = (column: Column | SQL) => sql<string | null>`to_char(${column}, 'YYYY-MM-DD')`;

/** A topic as stored (db/schema.ts topics), its days as YYYY-MM-DD. */
export type TopicDetail = NonNullable<Awaited<ReturnType<typeof getTopic>>>;

/** The topic, or null when no such id was ever used. */
export async function getTopic(db: Db, topicId: string) {
  const t = topics;
  const [row] = await db
    .select({
      id: sql<TopicId>`${t.id}`,
      label: t.label,
      labelLocked: t.labelLocked,
      keywords: t.keywords,
      representativeIds: t.representativeIds,
      tickets: t.tickets,
      customers: t.customers,
      firstSeen: dayText(t.firstSeen),
      lastSeen: dayText(t.lastSeen),
      status: t.status,
    })
    .from(t)
    .where(eq(t.id, topicId));
  return row ?? null;
}

export interface RepresentativeTicket {
  id: number;
  source: string;
  externalId: string;
  createdAt: string;
  status: string | null;
  subject: string;
  /** The start of the description (600 characters). */
  excerpt: string;
}

/** The tickets that best represent a topic (close to its centre, unlike each other), in the given order. */
export async function listRepresentativeTickets(db: Db, ticketIds: readonly number[]): Promise<RepresentativeTicket[]> {
  if (ticketIds.length === 0) return [];
  const rows = await queryRows<RepresentativeTicket>(
    db,
    sql`select id, source, external_id as "externalId", to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as "createdAt",
          status, subject, left(description, 600) as excerpt
        from tickets where id in (select value::int from json_array_elements_text(${JSON.stringify(ticketIds)}::json))`,
  );
  return ticketIds.map((id) => rows.find((r) => r.id === id)).filter((r): r is RepresentativeTicket => r !== undefined);
}

export interface CurationRecord {
  id: number;
  operation: Record<string, unknown> & { kind: string };
  actor: string;
  createdAt: string;
  outcome: string | null;
}

/** Hand curation that names this topic (renamed, merged from or into, split, tickets moved to it), newest first. */
export async function listTopicCurations(db: Db, topicId: string): Promise<CurationRecord[]> {
  return queryRows<CurationRecord>(
    db,
    sql`select id, operation, actor, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') as "createdAt", outcome
        from topic_curations
        where ${topicId} in (operation->>'topicId', operation->>'sourceId', operation->>'targetId', operation->>'newTopicId')
        order by id desc limit 50`,
  );
}

/** What re-analyses found about this topic (created, split, merged, retired), newest first. */
export async function listTopicChanges(db: Db, topicId: string) {
  const c = topicChanges;
  return db
    .select({ kind: c.kind, detail: c.detail, analysisRunId: c.analysisRunId, createdAt: sql<string>`to_char(${c.createdAt} at time zone 'UTC', 'YYYY-MM-DD')` })
    .from(c)
    .where(sql`${topicId} = any(${c.topicIds})`)
    .orderBy(desc(c.id))
    .limit(20);
}

export type TopicChangeRecord = Awaited<ReturnType<typeof listTopicChanges>>[number];
