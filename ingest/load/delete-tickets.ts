/**
 * Tickets the source deleted leave the analysis: the stored row is deleted (its comments go with
 * it by the foreign key's cascade), so every query, rollup and analysis stops counting it without
 * having to filter, and a content-free record in `deleted_tickets` keeps what the audit needs
 * (source, id, when, which run) and what the next analysis needs (the topic whose counts change,
 * the creation day from which the rollups are redone).
 *
 * A recorded deletion also guards against resurrection: a copy of the ticket no newer than the
 * deletion (an older export imported again) is skipped, while a newer copy (the ticket was
 * restored at the source) is stored and clears the record.
 */
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { deletedTickets } from '@/db/schema';
import type { DeletionRecord } from '@/ingest/sources/types';
import type { PreparedEvent, PreparedTicket } from './prepare';

export interface DeletionCounts {
  /** Stored tickets removed. */
  deleted: number;
  /** Earliest creation time among them (the rollups are redone from that day). */
  changedFrom: Date | null;
}

/**
 * Removes the stored copies of `deletions` and records each in `deleted_tickets`. A stored copy
 * updated after the deletion's time is kept (restored since); a deletion of a ticket never stored
 * is still recorded, so that an older copy imported later stays out.
 */
export async function applyDeletions(db: Db, source: string, runId: number, deletions: DeletionRecord[]): Promise<DeletionCounts> {
  if (deletions.length === 0) return { deleted: 0, changedFrom: null };
  const byId = new Map<string, DeletionRecord>();
  for (const d of deletions) byId.set(d.externalId, d);
  const payload = JSON.stringify([...byId.values()].map((d) => ({ external_id: d.externalId, deleted_at: d.deletedAt?.toISOString() ?? null })));
  const removed = await queryRows<{ created_at: Date | string }>(
    db,
    sql`
    with d as (
      select * from json_to_recordset(${payload}::json) as x(external_id text, deleted_at timestamptz)
    ), gone as (
      delete from tickets t using d
      where t.source = ${source} and t.external_id = d.external_id
        and (d.deleted_at is null or t.updated_at is null or t.updated_at <= d.deleted_at)
      returning t.external_id, t.created_at, t.topic_id
    ), recorded as (
      insert into deleted_tickets as k (source, external_id, deleted_at, source_deleted_at, created_at, topic_id, ingest_run_id)
      select ${source}, d.external_id, now(), d.deleted_at, g.created_at, g.topic_id, ${runId}
      from d left join gone g on g.external_id = d.external_id
      -- This statement sees tickets as they were before the delete above: record what was
      -- removed, and deletions of tickets never stored; a stored copy newer than its deletion
      -- (restored since) is left alone.
      where g.external_id is not null
         or not exists (select 1 from tickets t where t.source = ${source} and t.external_id = d.external_id)
      on conflict (source, external_id) do update set
        source_deleted_at = greatest(k.source_deleted_at, excluded.source_deleted_at),
        created_at = coalesce(excluded.created_at, k.created_at),
        topic_id = coalesce(excluded.topic_id, k.topic_id),
        deleted_at = case when excluded.created_at is not null then excluded.deleted_at else k.deleted_at end,
        ingest_run_id = case when excluded.created_at is not null then excluded.ingest_run_id else k.ingest_run_id end
      returning 1
    )
    select created_at from gone`,
  );
  const times = removed.map((r) => new Date(r.created_at as string | Date).getTime());
  return { deleted: removed.length, changedFrom: times.length === 0 ? null : new Date(Math.min(...times)) };
}

/**
 * The tickets of a batch minus those a recorded deletion supersedes (no update time, or not newer
 * than the deletion); the records of tickets that come back newer are cleared.
 */
export async function withoutDeletedTickets(
  db: Db,
  source: string,
  tickets: PreparedTicket[],
): Promise<{ kept: PreparedTicket[]; superseded: Set<string> }> {
  const superseded = new Set<string>();
  if (tickets.length === 0) return { kept: tickets, superseded };
  const ids = JSON.stringify([...new Set(tickets.map((t) => t.externalId))]);
  const d = deletedTickets;
  const recorded = await db
    .select({ externalId: d.externalId, at: d.sourceDeletedAt })
    .from(d)
    .where(and(eq(d.source, source), sql`${d.externalId} in (select value from json_array_elements_text(${ids}::json))`));
  if (recorded.length === 0) return { kept: tickets, superseded };
  const deletedAt = new Map(recorded.map((r) => [r.externalId, r.at === null ? null : r.at.getTime()]));
  const back: string[] = [];
  const kept = tickets.filter((t) => {
    if (!deletedAt.has(t.externalId)) return true;
    const at = deletedAt.get(t.externalId)!;
    if (at !== null && (t.updatedAt === null || t.updatedAt <= at)) {
      superseded.add(t.externalId);
      return false;
    }
    back.push(t.externalId);
    return true;
  });
  if (back.length > 0) {
    await db.execute(
      sql`delete from deleted_tickets where source = ${source}
          and external_id in (select value from json_array_elements_text(${JSON.stringify(back)}::json))`,
    );
  }
  return { kept, superseded };
}

/** Events of tickets recorded as deleted: skipped (not rejected) when they arrive in a later file. */
export async function deletedTicketIds(db: Db, source: string, ticketIds: string[]): Promise<Set<string>> {
  if (ticketIds.length === 0) return new Set();
  const d = deletedTickets;
  const rows = await db
    .select({ externalId: d.externalId })
    .from(d)
    .where(and(eq(d.source, source), sql`${d.externalId} in (select value from json_array_elements_text(${JSON.stringify([...new Set(ticketIds)])}::json))`));
  return new Set(rows.map((r) => r.externalId));
}

/** The events of a batch that belong to tickets dropped from it. */
export function eventsOf(events: PreparedEvent[], ticketIds: Set<string>): { kept: PreparedEvent[]; dropped: number } {
  if (ticketIds.size === 0) return { kept: events, dropped: 0 };
  const kept = events.filter((e) => !ticketIds.has(e.ticketExternalId));
  return { kept, dropped: events.length - kept.length };
}
