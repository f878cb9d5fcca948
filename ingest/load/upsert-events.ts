import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { tickets } from '@/db/schema';
import type { RejectedRow } from '@/ingest/sources/types';
import type { DimensionCache } from './dimensions';
import { withFields, type PreparedEvent } from './prepare';
import type { UpsertCounts } from './upsert-tickets';

/**
 * Writes one batch of comments/events. Each must belong to a ticket already stored under the
 * same source; an event for an unknown ticket is rejected with its line, not silently dropped.
 */
export async function upsertEvents(
  db: Db,
  source: string,
  runId: number,
  records: PreparedEvent[],
  dimensions: DimensionCache,
): Promise<UpsertCounts & { rejected: RejectedRow[] }> {
  const ticketIds = await findTicketIds(db, source, records.map((r) => r.ticketExternalId));
  const rejected: RejectedRow[] = [];
  const known: PreparedEvent[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (!ticketIds.has(r.ticketExternalId)) {
      rejected.push({
        line: r.line,
        field: 'ticket_id',
        reason: `no ticket "${r.ticketExternalId}" from source ${source} is stored (ingest the tickets file first)`,
        raw: r.ticketExternalId,
      });
    } else if (!seen.has(r.externalId)) {
      seen.add(r.externalId);
      known.push(r);
    }
  }
  // Same row order in every concurrent ingest: no deadlocks between them.
  known.sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  if (known.length === 0) return { inserted: 0, updated: 0, unchanged: records.length - rejected.length, rejected };

  await dimensions.ensureAgents(db, known.filter((r) => r.authorRole === 'agent').map((r) => r.author));
  await dimensions.declareTimeZones(db, known.filter((r) => r.authorRole === 'agent').map((r) => ({ name: r.author, timeZone: r.authorTimeZone })));
  const rows = known.map((r) => {
    const agentId = r.authorRole === 'agent' ? dimensions.idOf('agents', r.author) : null;
    return withFields(r.json, `"content_hash":"${r.hash}","ticket_id":${ticketIds.get(r.ticketExternalId)},"agent_id":${agentId}`);
  });
  const payload = `[${rows.join(',')}]`;
  const returned = await queryRows<{ inserted: boolean }>(
    db,
    sql`
    insert into ticket_events (ticket_id, source, external_id, created_at, author, author_role,
      agent_id, is_public, body, content_hash, ingest_run_id)
    select i.ticket_id, ${source}, i.external_id, i.created_at, i.author, i.author_role,
      i.agent_id, i.is_public, i.body, i.content_hash, ${runId}
    from json_to_recordset(${payload}::json) as i(ticket_id integer, external_id text,
      created_at timestamptz, author text, author_role text, is_public boolean, body text,
      content_hash text, agent_id integer)
    on conflict (source, external_id) do update set
      ticket_id = excluded.ticket_id,
      created_at = excluded.created_at,
      author = excluded.author,
      author_role = excluded.author_role,
      agent_id = excluded.agent_id,
      is_public = excluded.is_public,
      body = excluded.body,
      content_hash = excluded.content_hash,
      ingest_run_id = excluded.ingest_run_id
    where ticket_events.content_hash <> excluded.content_hash
    returning (xmax = 0) as inserted`,
  );
  const inserted = returned.filter((r) => r.inserted).length;
  const updated = returned.length - inserted;
  // A new or changed customer comment changes the ticket's tone: score it again next analysis.
  const customerTickets = [...new Set(known.filter((r) => r.authorRole === 'customer').map((r) => ticketIds.get(r.ticketExternalId)))];
  if (returned.length > 0 && customerTickets.length > 0) {
    await db.execute(sql`update tickets set negative_tone = null
      where negative_tone is not null and id in (select value::int from json_array_elements_text(${JSON.stringify(customerTickets)}::json))`);
  }
  return { inserted, updated, unchanged: records.length - rejected.length - inserted - updated, rejected };
}

async function findTicketIds(db: Db, source: string, externalIds: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(externalIds)];
  const rows = await db
    .select({ externalId: tickets.externalId, id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.source, source), sql`${tickets.externalId} in (select value from json_array_elements_text(${JSON.stringify(unique)}::json))`));
  return new Map(rows.map((r) => [r.externalId, r.id]));
}
