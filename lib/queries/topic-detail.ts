/** One topic: what it is, its representative tickets, and what people and analyses did to it. */
import { desc, eq, sql, type Column, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { tickets, topicChanges, topicCurations, topics } from '@/db/schema';
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
  const t = tickets;
  const rows: RepresentativeTicket[] = await db
    .select({
      id: t.id,
      source: t.source,
      externalId: t.externalId,
      createdAt: sql<string>`to_char(${t.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"')`,
      status: t.status,
      subject: t.subject,
      excerpt: sql<string>`left(${t.description}, 600)`,
    })
    .from(t)
    .where(sql`${t.id} in (select value::int from json_array_elements_text(${JSON.stringify(ticketIds)}::json))`);
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
  const c = topicCurations;
  const rows = await db
    .select({
      id: c.id,
      operation: c.operation,
      actor: c.actor,
      createdAt: sql<string>`to_char(${c.createdAt} at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')`,
      outcome: c.outcome,
    })
    .from(c)
    .where(sql`${topicId} in (${c.operation}->>'topicId', ${c.operation}->>'sourceId', ${c.operation}->>'targetId', ${c.operation}->>'newTopicId')`)
    .orderBy(desc(c.id))
    .limit(50);
  // The operation is stored by lib/services/curate-topic.ts, always with its kind.
  return rows.map((r) => ({ ...r, operation: r.operation as CurationRecord['operation'] }));
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
