/**
 * The topic stage of `analyze`: a full (re-)clustering matched to the previous topics, or an
 * incremental assignment of the tickets that arrived since — whichever the situation calls for.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { themeCurations, topicChanges, topicCurations, topicModels } from '@/db/schema';
import {
  deserializeTopicModel,
  reanalyzeTopics,
  serializeTopicModel,
  ticketText,
  TopicAssigner,
  type CurationOperation,
  type MatchReport,
  type SerializedTopicModel,
  type TopicModel,
} from '@/lib/analysis/topics';
import { copyRows } from '@/db/bulk-read';
import { forEachTicketChunk } from './read-tickets';
import { retireTopics, upsertTopicRows } from '@/lib/services/topic-rows';
import { recountThemes, writeThemeRows } from '@/lib/services/theme-rows';
import type { ThemeCurationOperation } from '@/lib/analysis/themes';

export interface TopicStageOptions {
  /** auto: incremental when a model exists and few tickets are new; full otherwise. */
  mode: 'auto' | 'full' | 'incremental';
  k?: number;
  seed: number;
  log: (message: string) => void;
}

export interface TopicStageResult {
  mode: 'full' | 'incremental';
  /** Tickets whose topic was (re)computed. */
  tickets: number;
  topics: number;
  /** Tickets whose stored topic changed. */
  changed: number;
}

/** Above this share of new tickets a full analysis is worth its cost: the topics may have moved. */
const FULL_ANALYSIS_NEW_SHARE = 0.2;
const UPDATE_BATCH = 5_000;

export async function loadLatestModel(db: Db): Promise<TopicModel | null> {
  const [row] = await db.select({ model: topicModels.model }).from(topicModels).orderBy(desc(topicModels.id)).limit(1);
  return row ? deserializeTopicModel(row.model as SerializedTopicModel) : null;
}

export async function runTopicStage(db: Db, runId: number, options: TopicStageOptions): Promise<TopicStageResult> {
  const previousModel = await loadLatestModel(db);
  // New tickets through the partial index; the rest from the rollup of the last analysis, so
  // deciding costs no pass over a large table.
  const [{ unassigned }] = await queryRows<{ unassigned: number }>(db, sql`select count(*)::int as unassigned from tickets where topic_run_id is null`);
  const [{ analysed }] = await queryRows<{ analysed: number }>(db, sql`select coalesce(sum(tickets), 0)::int as analysed from daily_topic_counts`);
  const total = analysed + unassigned;
  let mode: 'full' | 'incremental' = options.mode === 'incremental' ? 'incremental' : 'full';
  if (options.mode === 'auto' && previousModel && options.k === undefined && unassigned <= total * FULL_ANALYSIS_NEW_SHARE) {
    mode = 'incremental';
  }
  if (mode === 'incremental' && !previousModel) {
    options.log('no topic model yet: running a full analysis');
    mode = 'full';
  }
  return mode === 'full'
    ? runFull(db, runId, previousModel, options)
    : runIncremental(db, runId, previousModel as TopicModel, options);
}

/**
 * The tickets to (re)assign: new ones, and stored ones whose text changed since their last
 * analysis (the ingest clears their run, not their topic). Few between analyses; read through
 * the partial index on them, in the stable order.
 */
async function readNewTickets(db: Db) {
  const rows = await copyRows(
    db,
    sql`select t.id, t.subject, t.description, t.resolution from tickets t where t.topic_run_id is null
        order by t.source collate "C", t.external_id collate "C"`,
    4,
  );
  return {
    ids: rows.map((r) => r[0] as string),
    texts: rows.map(([, subject, description, resolution]) => ticketText({ subject, description, resolution })),
  };
}

/**
 * Ids, clustering texts and customers of every ticket, in the order of their stable key
 * (source, then external id). Internal ids follow the load history (a shuffled export, an
 * interrupted and resumed load, batch sizes), while the fit sample, Louvain's node order and
 * every tie in the clustering follow the input order: ordered by what identifies a ticket in
 * its helpdesk, the same data gives the same topics however it was loaded. Sorted here, by
 * UTF-16 code units, because the rows arrive in id chunks (read-tickets.ts).
 */
async function readTopicInput(db: Db) {
  const ids: string[] = [];
  const keys: string[] = [];
  const texts: string[] = [];
  const customers: (string | null)[] = [];
  await forEachTicketChunk(db, sql`t.id, t.source, t.external_id, t.subject, t.description, t.resolution, t.customer_id`, 7, sql`true`, (rows) => {
    for (const [id, source, externalId, subject, description, resolution, customer] of rows) {
      ids.push(id as string);
      // A NUL never occurs in text columns, so it separates source from id unambiguously.
      keys.push(`${source}\u0000${externalId}`);
      texts.push(ticketText({ subject, description, resolution }));
      customers.push(customer);
    }
  });
  const order = Array.from({ length: ids.length }, (_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  return {
    ids: order.map((i) => ids[i]),
    texts: order.map((i) => texts[i]),
    customers: order.map((i) => customers[i]),
  };
}

async function runFull(db: Db, runId: number, previousModel: TopicModel | null, options: TopicStageOptions): Promise<TopicStageResult> {
  const input = await readTopicInput(db);
  options.log(`clustering ${input.ids.length.toLocaleString('en-US')} tickets…`);
  const previousAssignments = previousModel
    ? await queryRows<{ id: number; topic: string | null }>(db, sql`select id, topic_id as topic from tickets where topic_run_id is not null`)
    : [];
  const curations = await db.select().from(topicCurations).orderBy(topicCurations.id);
  const themeCurationRows = await db.select().from(themeCurations).orderBy(themeCurations.id);
  const analysis = reanalyzeTopics(
    input,
    previousModel
      ? { model: previousModel, ticketIds: previousAssignments.map((r) => String(r.id)), topicIds: previousAssignments.map((r) => r.topic) }
      : null,
    curations.map((c) => c.operation as CurationOperation),
    { k: options.k, seed: options.seed, themeCuration: themeCurationRows.map((c) => c.operation as ThemeCurationOperation) },
  );

  // One transaction: an analysis stopped half-way (a lost connection, kill -9) leaves the
  // previous topics, assignments and model as they were, so the next run starts from a
  // consistent state and reaches the same result.
  const changed = await db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const updated = await writeAssignments(tx, runId, input.ids, analysis.topicIds);
    await upsertTopicRows(tx, analysis.model.topics, runId);
    await retireTopics(tx, { allBut: analysis.model.topics.map((t) => t.id) }, runId);
    // Themes after the topics they point at; matched ids and the replayed curation come with the model.
    await writeThemeRows(tx, analysis.model.themes ?? [], runId, { counts: true });
    await tx.insert(topicModels).values({ analysisRunId: runId, model: serializeTopicModel(analysis.model) });
    // Keep the last few models only: each can be megabytes.
    await tx.execute(sql`delete from topic_models where id not in (select id from topic_models order by id desc limit 3)`);
    if (analysis.match) await recordChanges(tx, runId, analysis.match);
    for (const [i, outcome] of analysis.curation.entries()) {
      await tx
        .update(topicCurations)
        .set({ operation: outcome.operation, outcome: outcome.applied ? 'applied' : `skipped: ${outcome.note ?? 'no longer applicable'}` })
        .where(eq(topicCurations.id, curations[i].id));
    }
    for (const [i, outcome] of analysis.themeCuration.entries()) {
      await tx
        .update(themeCurations)
        .set({ operation: outcome.operation, outcome: outcome.applied ? 'applied' : `skipped: ${outcome.note ?? 'no longer applicable'}` })
        .where(eq(themeCurations.id, themeCurationRows[i].id));
    }
    return updated;
  });
  return { mode: 'full', tickets: input.ids.length, topics: analysis.model.topics.length, changed };
}

async function runIncremental(db: Db, runId: number, model: TopicModel, options: TopicStageOptions): Promise<TopicStageResult> {
  await recountAfterDeletions(db, runId);
  const input = await readNewTickets(db);
  if (input.ids.length === 0) {
    await recountThemes(db, await touchedThemes(db, runId));
    return { mode: 'incremental', tickets: 0, topics: model.topics.length, changed: 0 };
  }
  options.log(`assigning ${input.ids.length.toLocaleString('en-US')} new tickets to ${model.topics.length} topics…`);
  const { topicIds } = new TopicAssigner(model).assign(input.texts);
  const changed = await db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await removeFromTopicCounts(tx, runId, input.ids);
    const updated = await writeAssignments(tx, runId, input.ids, topicIds);
    await addToTopicCounts(tx, runId, input.ids);
    // The themes are the model's (a ticket's theme is its topic's); only their counts move.
    await writeThemeRows(tx, model.themes ?? [], runId, { counts: false });
    await recountThemes(tx, await touchedThemes(tx, runId));
    return updated;
  });
  return { mode: 'incremental', tickets: input.ids.length, topics: model.topics.length, changed };
}

/** Stores each ticket's topic; rows that keep their topic are not rewritten. */
async function writeAssignments(db: Db, runId: number, ids: readonly string[], topicIds: readonly (string | null)[]): Promise<number> {
  let changed = 0;
  for (let start = 0; start < ids.length; start += UPDATE_BATCH) {
    const payload = JSON.stringify(
      ids.slice(start, start + UPDATE_BATCH).map((id, i) => ({ id: Number(id), topic: topicIds[start + i] })),
    );
    const rows = await queryRows<{ id: number }>(
      db,
      sql`update tickets t set topic_id = x.topic, topic_run_id = ${runId}
          from json_to_recordset(${payload}::json) as x(id integer, topic text)
          where t.id = x.id and (t.topic_id is distinct from x.topic or t.topic_run_id is null)
          returning t.id`,
    );
    changed += rows.length;
  }
  return changed;
}

/** Themes holding a topic this run changed the counts of (removeFromTopicCounts, addToTopicCounts, recountAfterDeletions). */
async function touchedThemes(db: Db, runId: number): Promise<string[]> {
  const rows = await queryRows<{ themeId: string }>(
    db,
    sql`select distinct theme_id as "themeId" from topics where updated_run_id = ${runId} and theme_id is not null`,
  );
  return rows.map((r) => r.themeId);
}

/**
 * Before re-assigning `ticketIds`, those whose text changed leave their current topics: one
 * ticket each, and the customer unless a ticket that is not being re-assigned keeps them there.
 * Runs before the new assignments are written, while these tickets have no run.
 */
async function removeFromTopicCounts(db: Db, runId: number, ticketIds: readonly string[]): Promise<void> {
  await db.execute(sql`
    update topics tp set tickets = tp.tickets - n.tickets, customers = tp.customers - n.customers, updated_run_id = ${runId}
    from (
      select t.topic_id,
             count(*)::int as tickets,
             count(distinct t.customer_id) filter (where not exists (
               select 1 from tickets o
               where o.customer_id = t.customer_id and o.topic_id = t.topic_id and o.topic_run_id is not null
             ))::int as customers
      from tickets t
      where t.id in (select value::int from json_array_elements_text(${JSON.stringify(ticketIds)}::json))
        and t.topic_run_id is null and t.topic_id is not null
      group by t.topic_id
    ) n
    where tp.id = n.topic_id`);
}

/**
 * Sizes and distinct customers after new tickets (`ticketIds`, assigned by run `runId`) — without
 * recounting whole topics: each new ticket adds one, and its customer adds one unless the
 * customer already had an older ticket in that topic (found through the customer index).
 */
async function addToTopicCounts(db: Db, runId: number, ticketIds: readonly string[]): Promise<void> {
  await db.execute(sql`
    update topics tp set tickets = tp.tickets + n.tickets, customers = tp.customers + n.customers, updated_run_id = ${runId}
    from (
      select t.topic_id,
             count(*)::int as tickets,
             count(distinct t.customer_id) filter (where not exists (
               select 1 from tickets o
               where o.customer_id = t.customer_id and o.topic_id = t.topic_id and o.topic_run_id is distinct from ${runId}
             ))::int as customers
      from tickets t
      where t.id in (select value::int from json_array_elements_text(${JSON.stringify(ticketIds)}::json)) and t.topic_id is not null
      group by t.topic_id
    ) n
    where tp.id = n.topic_id`);
}

/**
 * Topics that lost tickets deleted at the source since the last analysis: their sizes and
 * distinct customers are counted again, and removed tickets leave the representatives. (A full
 * analysis recomputes everything anyway.)
 */
async function recountAfterDeletions(db: Db, runId: number): Promise<void> {
  await db.execute(sql`
    update topics tp set
      tickets = (select count(*)::int from tickets t where t.topic_id = tp.id),
      customers = (select count(distinct t.customer_id)::int from tickets t where t.topic_id = tp.id),
      representative_ids = array(select r from unnest(tp.representative_ids) as r where exists (select 1 from tickets t where t.id = r)),
      updated_run_id = ${runId}
    where tp.id in (
      select topic_id from deleted_tickets
      where topic_id is not null
        and deleted_at >= coalesce((select max(started_at) from analysis_runs where status = 'succeeded' and id <> ${runId}), '-infinity'))`);
}

async function recordChanges(db: Db, runId: number, match: MatchReport): Promise<void> {
  const rows: (typeof topicChanges.$inferInsert)[] = [
    ...match.created.map((id) => ({ analysisRunId: runId, kind: 'created' as const, topicIds: [id], detail: `new topic ${id}` })),
    ...match.retired.map((id) => ({ analysisRunId: runId, kind: 'retired' as const, topicIds: [id], detail: `topic ${id} no longer found` })),
    ...match.splits.map((s) => ({
      analysisRunId: runId,
      kind: 'split' as const,
      topicIds: [s.previousId, ...s.into],
      detail: `${s.previousId} split into ${s.into.join(', ')}`,
    })),
    ...match.merges.map((m) => ({
      analysisRunId: runId,
      kind: 'merge' as const,
      topicIds: [...m.previousIds, m.into],
      detail: `${m.previousIds.join(', ')} merged into ${m.into}`,
    })),
  ];
  if (rows.length > 0) await db.insert(topicChanges).values(rows);
}
