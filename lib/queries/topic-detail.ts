/** One topic: what it is, its representative tickets, and what people and analyses did to it. */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { TopicId } from '@/lib/topic-id';

export interface TopicDetail {
  id: TopicId;
  label: string;
  labelLocked: boolean;
  keywords: { term: string; text: string; weight: number }[];
  representativeIds: number[];
  tickets: number;
  customers: number;
  firstSeen: string | null;
  lastSeen: string | null;
  status: 'active' | 'retired';
}

/** The topic, or null when no such id was ever used. */
export async function getTopic(db: Db, topicId: string): Promise<TopicDetail | null> {
  const [row] = await queryRows<TopicDetail>(
    db,
    sql`select id, label, label_locked as "labelLocked", keywords, representative_ids as "representativeIds", tickets, customers,
          to_char(first_seen, 'YYYY-MM-DD') as "firstSeen", to_char(last_seen, 'YYYY-MM-DD') as "lastSeen", status
        from topics where id = ${topicId}`,
  );
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

export interface TopicChangeRecord {
  kind: 'created' | 'retired' | 'split' | 'merge';
  detail: string;
  analysisRunId: number;
  createdAt: string;
}

/** What re-analyses found about this topic (created, split, merged, retired), newest first. */
export async function listTopicChanges(db: Db, topicId: string): Promise<TopicChangeRecord[]> {
  return queryRows<TopicChangeRecord>(
    db,
    sql`select kind, detail, analysis_run_id as "analysisRunId", to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as "createdAt"
        from topic_changes where ${topicId} = any(topic_ids) order by id desc limit 20`,
  );
}
