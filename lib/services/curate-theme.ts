/**
 * Hand curation of a theme (rename, merge, split off topics, move a topic), applied at once and
 * remembered, like topic curation (curate-topic.ts):
 *  1. the operation runs through `applyThemeCuration` (lib/analysis/themes/curate.ts) on the
 *     stored model's themes — the same code a re-analysis replays;
 *  2. the saved model (so incremental runs keep the grouping), the theme rows and the topics'
 *     `theme_id` are updated in one transaction;
 *  3. the operation, as applied (a split keeps the theme id it allocated), is appended to
 *     theme_curations with who and when, so every later analysis replays it.
 * Themes group topics, so no ticket changes topic and no rollup changes.
 */
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { themeCurations, topicModels } from '@/db/schema';
import { AppError } from '@/db/errors';
import {
  applyThemeCuration,
  weightedKeywords,
  type ThemeCurationOperation,
  type ThemeGroup,
  type ThemeSummary,
} from '@/lib/analysis/themes';
import { deserializeTopicModel, serializeTopicModel, type SerializedTopicModel, type TopicModel, type TopicSummary } from '@/lib/analysis/topics';
import { recountThemes, withStoredThemeCounts, writeThemeRows } from '@/lib/services/theme-rows';
import type { ThemeId } from '@/lib/topic-id';

const themeId = z.string().regex(/^th\d{1,9}$/, 'must be a theme id such as th3');
const topicId = z.string().regex(/^t\d{1,9}$/, 'must be a topic id such as t12');
const label = z.string().trim().min(1, 'the new name is empty').max(120, 'keep the name under 120 characters');

/** The operations a person can ask for, validated at the edge (CLI, API). */
export const themeCurationRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rename-theme'), themeId, label }),
  z
    .strictObject({ kind: z.literal('merge-themes'), sourceId: themeId, targetId: themeId })
    .refine((o) => o.sourceId !== o.targetId, { message: 'a theme cannot be merged into itself', path: ['targetId'] }),
  z.strictObject({
    kind: z.literal('split-theme'),
    themeId,
    topicIds: z.array(topicId).min(1, 'give at least one topic').max(200, 'at most 200 topics'),
    label: label.optional(),
  }),
  z.strictObject({ kind: z.literal('move-topic'), topicId, themeId }),
]);
export type ThemeCurationRequest = z.infer<typeof themeCurationRequestSchema>;

export interface ThemeCurationResult {
  /** The operation as stored (a split carries the id of the new theme). */
  operation: ThemeCurationOperation;
  curationId: number;
  /** Themes whose topics or label changed (the new theme of a split included). */
  themesAffected: ThemeId[];
  /** Themes that no longer exist (merged away, emptied by a move). */
  themesRetired: ThemeId[];
  note?: string;
}

async function loadLatestModel(db: Db): Promise<{ id: number; model: TopicModel }> {
  const [row] = await db.select({ id: topicModels.id, model: topicModels.model }).from(topicModels).orderBy(desc(topicModels.id)).limit(1);
  const model = row ? deserializeTopicModel(row.model as SerializedTopicModel) : null;
  if (!row || !model || !model.themes || model.themes.length === 0) {
    throw new AppError('Conflict', 'There are no themes to curate yet.', { hint: 'Run a full analysis first (support-trends analyze --full).' });
  }
  return { id: row.id, model };
}

/**
 * Applies `request` to the stored themes now and records it for replay. Throws InvalidInput when
 * the operation does not apply (unknown theme or topic) — nothing is changed then.
 */
export async function curateTheme(db: Db, request: ThemeCurationRequest, context: { actor: string }): Promise<ThemeCurationResult> {
  const parsed = themeCurationRequestSchema.safeParse(request);
  if (!parsed.success) {
    throw new AppError('InvalidInput', parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
  }
  const operation = parsed.data as ThemeCurationOperation;
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    const { id: modelId, model } = await loadLatestModel(txDb);
    const before = model.themes!;
    const known = new Set(before.map((t) => t.id));
    for (const id of referencedThemes(operation)) {
      if (!known.has(id)) {
        throw new AppError('InvalidInput', `Theme ${id} does not exist any more (it was merged, emptied or retired by an analysis).`, {
          hint: 'List the current themes with support-trends cluster --level theme.',
        });
      }
    }
    const { state, outcome } = applyThemeCuration(
      { groups: before.map((t): ThemeGroup => ({ id: t.id, topicIds: t.topicIds, label: t.label, labelLocked: t.labelLocked })), nextThemeNumber: model.nextThemeNumber ?? 1 },
      operation,
    );
    if (!outcome.applied) throw new AppError('InvalidInput', `The ${operation.kind} was not applied: ${outcome.note ?? 'it does not apply'}.`);

    const themes = summarise(state.groups, before, model.topics);
    const changed = themes.filter((t) => {
      const old = before.find((b) => b.id === t.id);
      return !old || old.label !== t.label || old.topicIds.join() !== t.topicIds.join();
    });
    const retired = before.filter((b) => !themes.some((t) => t.id === b.id)).map((b) => b.id);
    await writeThemeRows(txDb, themes, null, { counts: true });
    // Summed customers are an upper bound (a customer in two topics): count the changed themes.
    await recountThemes(txDb, changed.map((t) => t.id));
    const finalModel: TopicModel = { ...model, themes: await withStoredThemeCounts(txDb, themes), nextThemeNumber: state.nextThemeNumber };
    await txDb.update(topicModels).set({ model: serializeTopicModel(finalModel) }).where(eq(topicModels.id, modelId));

    const [record] = await txDb
      .insert(themeCurations)
      .values({ operation: outcome.operation, actor: context.actor, outcome: outcome.note ? `applied: ${outcome.note}` : 'applied' })
      .returning({ id: themeCurations.id });
    return {
      operation: outcome.operation,
      curationId: record.id,
      themesAffected: changed.map((t) => t.id as ThemeId),
      themesRetired: retired as ThemeId[],
      note: outcome.note,
    };
  });
}

function referencedThemes(operation: ThemeCurationOperation): string[] {
  switch (operation.kind) {
    case 'rename-theme':
    case 'split-theme':
    case 'move-topic':
      return [operation.themeId];
    case 'merge-themes':
      return [operation.sourceId, operation.targetId];
  }
}

/**
 * Theme summaries for the curated groups: an unchanged theme keeps its description; a changed
 * one gets its sizes and keywords from its topics (labels and label support stay until the next
 * analysis describes it); a new one (a split) is named by the label given, else by its largest
 * topic.
 */
function summarise(groups: readonly ThemeGroup[], before: readonly ThemeSummary[], topics: readonly TopicSummary[]): ThemeSummary[] {
  const topicById = new Map(topics.map((t) => [t.id, t]));
  return groups
    .map((g): ThemeSummary => {
      const members = g.topicIds.map((id) => topicById.get(id)).filter((t): t is TopicSummary => t !== undefined).sort((a, b) => b.size - a.size);
      const old = before.find((b) => b.id === g.id);
      const same = old !== undefined && old.topicIds.length === members.length && members.every((m) => old.topicIds.includes(m.id));
      const base: ThemeSummary = old ?? { id: g.id, label: members[0]?.label ?? g.id, labelLocked: false, topicIds: [], size: 0, customers: 0, keywords: [] };
      return {
        ...base,
        label: g.label ?? base.label,
        labelLocked: g.labelLocked ?? base.labelLocked,
        topicIds: members.map((m) => m.id),
        size: members.reduce((n, m) => n + m.size, 0),
        customers: same ? base.customers : members.reduce((n, m) => n + m.customers, 0),
        keywords: same ? base.keywords : weightedKeywords(members),
        ...(same ? {} : { labelSupport: undefined }),
      };
    })
    .filter((t) => t.topicIds.length > 0)
    .sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
}
