/**
 * Hand curation of a topic (rename, merge, split by keywords, move tickets), applied at once and
 * remembered:
 *  1. the operation runs through `applyCuration` (lib/analysis/topics/curate.ts) on the stored
 *     model and the tickets of every topic it involves — the same code a re-analysis replays;
 *  2. tickets, topics, the saved model (so new tickets follow a merge or split between full
 *     analyses) and the daily rollups are updated in one transaction;
 *  3. the operation, as applied (a split keeps the id it allocated), is appended to
 *     topic_curations with who and when, so every later analysis replays it.
 * Findings (spikes, pain points, release impact) about the topics involved are recomputed by the
 * next analysis; the page says so.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { tickets, topicCurations, topicModels } from '@/db/schema';
import { AppError } from '@/db/errors';
import {
  applyCuration,
  deserializeTopicModel,
  serializeTopicModel,
  ticketText,
  type CurationOperation,
  type CurationState,
  type SerializedTopicModel,
  type TopicModel,
} from '@/lib/analysis/topics';
import { refreshTopicRollups } from '@/lib/services/rollups';
import { retireTopics, upsertTopicRows } from '@/lib/services/topic-rows';
import { recountThemes, themesOfTopics, withStoredThemeCounts, writeThemeRows } from '@/lib/services/theme-rows';
import { reconcileThemes } from '@/lib/analysis/themes';
import { asTopicId } from '@/lib/topic-id';

const topicId = z.string().regex(/^t\d{1,9}$/, 'must be a topic id such as t12');

/** The operations a person can ask for, validated at the edge (server actions, API). */
export const curationRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rename'), topicId, label: z.string().trim().min(1, 'the new name is empty').max(120, 'keep the name under 120 characters') }),
  z
    .strictObject({ kind: z.literal('merge'), sourceId: topicId, targetId: topicId })
    .refine((o) => o.sourceId !== o.targetId, { message: 'a topic cannot be merged into itself', path: ['targetId'] }),
  z.strictObject({
    kind: z.literal('split'),
    topicId,
    keywords: z.array(z.string().trim().min(1).max(80)).min(1, 'give at least one keyword').max(20, 'at most 20 keywords'),
    label: z.string().trim().max(120).optional(),
  }),
  z.strictObject({
    kind: z.literal('move'),
    ticketIds: z.array(z.string().regex(/^\d{1,12}$/, 'ticket numbers are digits, as in the tickets list (#123)')).min(1, 'give at least one ticket').max(5_000, 'move at most 5,000 tickets at a time'),
    topicId: topicId.nullable(),
  }),
]);
export type CurationRequest = z.infer<typeof curationRequestSchema>;

export interface CurationResult {
  /** The operation as stored (a split carries the id of the new topic). */
  operation: CurationOperation;
  curationId: number;
  /** Tickets whose topic changed now. */
  ticketsMoved: number;
  /** Topics whose counts or label changed (the new topic of a split included). */
  topicsAffected: string[];
  /** Topics that no longer exist (merged away, emptied by a move). */
  topicsRetired: string[];
  note?: string;
}

interface TicketRow {
  id: number;
  topic: string | null;
  customer: number | null;
  subject?: string;
  description?: string;
  resolution?: string | null;
}

/** Topics whose summaries the operation changes. */
function involvedTopics(operation: CurationOperation, currentTopicsOfMoved: readonly (string | null)[]): string[] {
  switch (operation.kind) {
    case 'rename':
      return [operation.topicId];
    case 'merge':
      return [operation.sourceId, operation.targetId];
    case 'split':
      return [operation.topicId];
    case 'move':
      return [...new Set([...(operation.topicId ? [operation.topicId] : []), ...currentTopicsOfMoved.filter((t): t is string => t !== null)])];
  }
}

async function loadLatestModel(db: Db): Promise<{ id: number; model: TopicModel }> {
  const [row] = await db.select({ id: topicModels.id, model: topicModels.model }).from(topicModels).orderBy(desc(topicModels.id)).limit(1);
  if (!row) {
    throw new AppError('Conflict', 'There are no topics to curate yet.', { hint: 'Run an analysis first (support-trends analyze).' });
  }
  return { id: row.id, model: deserializeTopicModel(row.model as SerializedTopicModel) };
}

/** Tickets of the given topics (every ticket whose summary the operation recounts), with texts for a split. */
async function readTickets(db: Db, topics: readonly string[], extraIds: readonly number[], withText: boolean): Promise<TicketRow[]> {
  const t = tickets;
  const ids = { id: t.id, topic: t.topicId, customer: t.customerId };
  return db
    .select(withText ? { ...ids, subject: t.subject, description: t.description, resolution: t.resolution } : ids)
    .from(t)
    .where(
      sql`${t.topicId} in (select value from json_array_elements_text(${JSON.stringify(topics)}::json))
        or ${t.id} in (select value::int from json_array_elements_text(${JSON.stringify(extraIds)}::json))`,
    )
    .orderBy(t.id);
}

/**
 * Applies `request` to the stored topics and tickets now and records it for replay.
 * Throws InvalidInput when the operation does not apply (unknown topic, no usable keyword,
 * tickets not found) — nothing is changed then.
 */
export async function curateTopic(db: Db, request: CurationRequest, context: { actor: string; timeZone: string }): Promise<CurationResult> {
  const parsed = curationRequestSchema.safeParse(request);
  if (!parsed.success) {
    throw new AppError('InvalidInput', parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
  }
  const operation = parsed.data as CurationOperation;
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    const { id: modelId, model } = await loadLatestModel(txDb);
    const activeIds = new Set(model.topics.map((t) => t.id));
    for (const id of referencedTopics(operation)) {
      if (!activeIds.has(id)) {
        throw new AppError('InvalidInput', `Topic ${id} does not exist any more (it was merged, emptied or retired by an analysis).`, {
          hint: 'Reload the page to see the current topics.',
        });
      }
    }

    const movedIds = operation.kind === 'move' ? operation.ticketIds.map(Number) : [];
    let moved: TicketRow[] = [];
    if (operation.kind === 'move') {
      moved = await readTickets(txDb, [], movedIds, false);
      const missing = movedIds.filter((id) => !moved.some((r) => r.id === id));
      if (missing.length > 0) {
        throw new AppError('InvalidInput', `No ticket #${missing.slice(0, 5).join(', #')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}.`, {
          hint: 'Use the numbers of the tickets list (the # column).',
        });
      }
    }
    const involved = involvedTopics(operation, moved.map((r) => r.topic));
    const tickets = operation.kind === 'rename' ? [] : await readTickets(txDb, involved, movedIds, operation.kind === 'split');

    const state: CurationState = {
      model,
      ticketIds: tickets.map((t) => String(t.id)),
      topicIds: tickets.map((t) => t.topic),
      customers: tickets.map((t) => (t.customer === null ? null : String(t.customer))),
      ...(operation.kind === 'split' ? { texts: tickets.map((t) => ticketText({ subject: t.subject ?? '', description: t.description ?? '', resolution: t.resolution ?? null })) } : {}),
    };
    const { state: next, outcome } = applyCuration(state, operation);
    if (!outcome.applied) throw new AppError('InvalidInput', `The ${operation.kind} was not applied: ${outcome.note ?? 'it does not apply'}.`);
    const stored = outcome.operation;
    if (stored.kind === 'split' && stored.newTopicId) involved.push(stored.newTopicId);

    // The state held only the involved topics' tickets: the other topics' summaries stay as stored.
    const involvedSet = new Set(involved);
    const originalIds = new Set(model.topics.map((t) => t.id));
    const topics = [
      ...model.topics.filter((t) => !involvedSet.has(t.id)),
      ...next.model.topics.filter((t) => involvedSet.has(t.id) || !originalIds.has(t.id)),
    ].sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
    // Themes follow the final topics. Reconciled here from the stored themes, not taken from the
    // partial state: it held only the involved topics' tickets, so every other topic (and every
    // theme holding only those) would be missing from its themes.
    const themes = model.themes?.length
      ? reconcileThemes(model.themes, topics, next.model.splitRules, Math.max(model.nextThemeNumber ?? 1, next.model.nextThemeNumber ?? 1))
      : null;
    const finalModel: TopicModel = { ...next.model, topics, ...(themes ? { themes: themes.themes, nextThemeNumber: themes.nextThemeNumber } : {}) };
    const surviving = new Set(topics.map((t) => t.id));
    const retired = involved.filter((id) => !surviving.has(id));

    const changes = tickets
      .map((t, i) => ({ id: t.id, topic: next.topicIds[i] }))
      .filter((c, i) => c.topic !== tickets[i].topic);
    if (changes.length > 0) {
      await txDb.execute(sql`
        update tickets t set topic_id = x.topic
        from json_to_recordset(${JSON.stringify(changes)}::json) as x(id integer, topic text) where t.id = x.id`);
    }
    await writeTopics(txDb, finalModel, involved, retired);
    if (finalModel.themes) {
      await writeThemeRows(txDb, finalModel.themes, null, { counts: true });
      // Reconciled customers are sums over topics (an upper bound): count the touched themes.
      await recountThemes(txDb, await themesOfTopics(txDb, involved));
      finalModel.themes = await withStoredThemeCounts(txDb, finalModel.themes);
    }
    await txDb.update(topicModels).set({ model: serializeTopicModel(finalModel) }).where(eq(topicModels.id, modelId));
    const rollupTopics = [...involved.map((id) => asTopicId(id)), ...(changes.some((c) => c.topic === null) || tickets.some((t) => t.topic === null) ? [null] : [])];
    if (changes.length > 0) await refreshTopicRollups(txDb, context.timeZone, rollupTopics);

    const [record] = await txDb
      .insert(topicCurations)
      .values({ operation: stored, actor: context.actor, outcome: outcome.note ? `applied: ${outcome.note}` : 'applied' })
      .returning({ id: topicCurations.id });
    return {
      operation: stored,
      curationId: record.id,
      ticketsMoved: changes.length,
      topicsAffected: involved.filter((id) => surviving.has(id)),
      topicsRetired: retired,
      note: outcome.note,
    };
  });
}

function referencedTopics(operation: CurationOperation): string[] {
  switch (operation.kind) {
    case 'rename':
    case 'split':
      return [operation.topicId];
    case 'merge':
      return [operation.sourceId, operation.targetId];
    case 'move':
      return operation.topicId ? [operation.topicId] : [];
  }
}

/** Upserts the involved topics' rows from the model; those it no longer has are retired (links keep working). */
async function writeTopics(db: Db, model: TopicModel, involved: readonly string[], retired: readonly string[]): Promise<void> {
  await upsertTopicRows(db, model.topics.filter((t) => involved.includes(t.id)), null);
  await retireTopics(db, { ids: retired }, null);
}
