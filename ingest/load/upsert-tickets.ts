import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { DimensionCache } from './dimensions';
import { withFields, type PreparedTicket } from './prepare';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Earliest creation time among inserted or updated tickets (null when nothing changed). */
  changedFrom?: Date | null;
}

/**
 * Writes one batch of tickets: insert new ones, update those whose content changed and whose
 * `updated_at` is not older than the stored one, leave the rest untouched. The whole batch
 * travels as one JSON parameter — one round trip, the same SQL on PGlite and PostgreSQL.
 */
export async function upsertTickets(
  db: Db,
  source: string,
  runId: number,
  prepared: PreparedTicket[],
  dimensions: DimensionCache,
  mode: WriteMode = 'upsert',
): Promise<UpsertCounts> {
  const batch = lastPerExternalId(prepared);
  await dimensions.ensureOrganizations(db, batch.map((r) => r.organization));
  await dimensions.ensureAgents(db, batch.map((r) => r.assignee));
  await dimensions.declareTimeZones(db, batch.map((r) => ({ name: r.assignee, timeZone: r.assigneeTimeZone })));
  await dimensions.ensureCustomers(
    db,
    batch.map((r) => ({ key: r.requester, organization: r.organization })),
  );
  const rows = batch.map((r) =>
    withFields(
      r.json,
      `"content_hash":"${r.hash}","assignee_id":${dimensions.idOf('agents', r.assignee)},` +
        `"customer_id":${dimensions.idOf('customers', r.requester)},"organization_id":${dimensions.idOf('organizations', r.organization)}`,
    ),
  );
  const payload = `[${rows.join(',')}]`;

  const changedFrom = (written: PreparedTicket[]) =>
    written.length === 0 ? null : new Date(written.reduce((min, r) => Math.min(min, r.createdAt), Infinity));
  if (mode === 'insert') {
    await db.execute(sql`${insertTicketsSelect(source, runId, payload)}`);
    return { inserted: batch.length, updated: 0, unchanged: prepared.length - batch.length, changedFrom: changedFrom(batch) };
  }
  const returned = await queryRows<{ inserted: boolean; external_id: string }>(
    db,
    sql`
    ${insertTicketsSelect(source, runId, payload)}
    on conflict (source, external_id) do update set
      created_at = excluded.created_at,
      updated_at = excluded.updated_at,
      first_response_at = excluded.first_response_at,
      resolved_at = excluded.resolved_at,
      status = excluded.status,
      status_category = excluded.status_category,
      priority_raw = excluded.priority_raw,
      priority = excluded.priority,
      channel = excluded.channel,
      type = excluded.type,
      subject = excluded.subject,
      description = excluded.description,
      resolution = excluded.resolution,
      product_version = excluded.product_version,
      product = excluded.product,
      fix_versions = excluded.fix_versions,
      tags = excluded.tags,
      assignee_id = excluded.assignee_id,
      customer_id = excluded.customer_id,
      organization_id = excluded.organization_id,
      reopened = excluded.reopened,
      escalated = excluded.escalated,
      content_hash = excluded.content_hash,
      ingest_run_id = excluded.ingest_run_id,
      -- A changed text is analysed again: the next analysis, incremental or full, re-assigns
      -- its topic (it keeps the old one until then, so that topic's counts can give it up)
      -- and re-scores its tone.
      topic_run_id = case when ${clusteringTextChanged} then null else tickets.topic_run_id end,
      negative_tone = case when ${customerTextChanged} then null else tickets.negative_tone end
    where tickets.content_hash <> excluded.content_hash
      and (excluded.updated_at is null or tickets.updated_at is null
           or excluded.updated_at >= tickets.updated_at)
    returning (xmax = 0) as inserted, external_id`,
  );

  const inserted = returned.filter((r) => r.inserted).length;
  const updated = returned.length - inserted;
  const written = new Set(returned.map((r) => r.external_id));
  return {
    inserted,
    updated,
    unchanged: prepared.length - inserted - updated,
    changedFrom: changedFrom(batch.filter((r) => written.has(r.externalId))),
  };
}

const CUSTOMER_TEXT_CHANGED =
  'tickets.subject is distinct from excluded.subject or tickets.description is distinct from excluded.description';
/** The customer's words changed: what the tone is scored from (team-stage.ts). */
const customerTextChanged = sql.raw(CUSTOMER_TEXT_CHANGED);
/** The text topics are found in changed: `ticketText` reads the resolution too. */
const clusteringTextChanged = sql.raw(`${CUSTOMER_TEXT_CHANGED} or tickets.resolution is distinct from excluded.resolution`);

/**
 * How a batch is written. "upsert" is the general case; "insert" skips the conflict handling,
 * about a third faster, and is only used while loading into a source that had no tickets when
 * the ingest started (a first load). A duplicate there raises a unique violation, and the
 * loader falls back to "upsert" for the rest of the file.
 */
export type WriteMode = 'upsert' | 'insert';

function insertTicketsSelect(source: string, runId: number, payload: string) {
  return sql`
    insert into tickets (
      source, external_id, created_at, updated_at, first_response_at, resolved_at, status,
      status_category, priority_raw, priority, channel, type, subject, description, resolution,
      product_version, product, fix_versions, tags, assignee_id, customer_id, organization_id, reopened, escalated,
      content_hash, ingest_run_id)
    select ${source}, i.external_id, i.created_at, i.updated_at, i.first_response_at, i.resolved_at,
      i.status, i.status_category, i.priority_raw, i.priority, i.channel, i.type, i.subject,
      i.description, i.resolution, i.product_version, i.product, coalesce(i.fix_versions, '{}'), coalesce(i.tags, '{}'), i.assignee_id, i.customer_id,
      i.organization_id, i.reopened, i.escalated, i.content_hash, ${runId}
    from json_to_recordset(${payload}::json) as i(
      external_id text, created_at timestamptz, updated_at timestamptz,
      first_response_at timestamptz, resolved_at timestamptz, status text, status_category text,
      priority_raw text, priority text, channel text, type text, subject text, description text,
      resolution text, product_version text, product text, fix_versions text[], tags text[], assignee_id integer, customer_id integer,
      organization_id integer, reopened boolean, escalated boolean, content_hash text)`;
}

/**
 * PostgreSQL refuses to upsert the same key twice in one statement; parsers only repeat an id
 * when the later row is newer, so the last occurrence wins. Sorted by id so that two ingests
 * writing overlapping tickets at the same time lock rows in the same order (no deadlock).
 */
function lastPerExternalId(records: PreparedTicket[]): PreparedTicket[] {
  const byId = new Map<string, PreparedTicket>();
  for (const r of records) byId.set(r.externalId, r);
  return [...byId.values()].sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
}
