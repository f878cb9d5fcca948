/**
 * Hand curation of topics as a list of operations. The lead stores each operation (with who and
 * when) and every re-analysis replays the whole list, in order, on the freshly matched topics,
 * so corrections outlive the clustering that prompted them:
 *  - rename: the label is locked (matching carries it; replay re-applies it);
 *  - merge: the source's tickets, centroid rows and rules go to the target, so new tickets
 *    resembling either part land in the target and a later re-analysis keeps them together;
 *  - split: tickets of a topic containing any keyword move to a new topic, and the rule stays
 *    in the model so new tickets follow it;
 *  - move: the listed tickets are pinned to a topic (or to unclustered).
 * Operations referring to topics that no longer exist are skipped with a note, never guessed.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { reconcileThemes } from '@/lib/analysis/themes/model';
import { analyzerFor, applySplitRules } from './assign';
import { topicIdFor, type SplitRule, type TopicModel, type TopicSummary } from './model';
import { NEGATION_TOKEN } from './stop-words';
import { combineSummaries, recountTopics } from './summaries';
import { normalizeToken, tokenizeCorpus, type TokenizedCorpus } from './text';

export type CurationOperation =
  | { kind: 'rename'; topicId: string; label: string }
  | { kind: 'merge'; sourceId: string; targetId: string }
  | {
      kind: 'split';
      topicId: string;
      keywords: string[];
      /** Filled in when first applied; keep it so replays reuse the same id. */
      newTopicId?: string;
      label?: string;
    }
  | { kind: 'move'; ticketIds: string[]; topicId: string | null };

export interface CurationState {
  model: TopicModel;
  ticketIds: readonly string[];
  /** Topic id per ticket, null = unclustered. */
  topicIds: readonly (string | null)[];
  /** The tickets' tokens (TopicDiscovery.corpus) or texts; keyword splits need one of them. */
  corpus?: TokenizedCorpus;
  texts?: readonly string[];
  customers?: readonly (string | null | undefined)[];
}

export interface CurationOutcome {
  /** The operation as applied (a split gets its newTopicId): store this form. */
  operation: CurationOperation;
  applied: boolean;
  note?: string;
}

/** Stems of a keyword ("Top-ups" → "top up"); empty when it is only stop words. */
export function keywordStems(keyword: string): string {
  return keyword
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => normalizeToken(w))
    .filter((w): w is string => w !== null)
    .map((w) => (w === NEGATION_TOKEN ? w : PorterStemmer.stem(w)))
    .join(' ');
}

function topicNumber(id: string): number {
  const match = /^t(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}

function refresh(state: CurationState, model: TopicModel, topicIds: (string | null)[]): CurationState {
  // Split-off topics exist through their rule even before a ticket matches it.
  const ruleTargets = new Set(model.splitRules.map((r) => r.toTopicId));
  const topics = recountTopics(model.topics, state.ticketIds, topicIds, state.customers, (t) => ruleTargets.has(t.id));
  if (!model.themes || model.themes.length === 0) return { ...state, model: { ...model, topics }, topicIds };
  // Themes follow: a merged-away topic leaves its theme, a split-off one joins its source's.
  const { themes, nextThemeNumber } = reconcileThemes(model.themes, topics, model.splitRules, model.nextThemeNumber ?? 1);
  return { ...state, model: { ...model, topics, themes, nextThemeNumber }, topicIds };
}

/** Applies one operation; the state is not modified (a new one is returned). */
export function applyCuration(
  state: CurationState,
  operation: CurationOperation,
): { state: CurationState; outcome: CurationOutcome } {
  const exists = (id: string) => state.model.topics.some((t) => t.id === id);
  const skip = (note: string) => ({ state, outcome: { operation, applied: false, note } });

  switch (operation.kind) {
    case 'rename': {
      if (!exists(operation.topicId)) return skip(`topic ${operation.topicId} no longer exists`);
      const label = operation.label.trim();
      if (!label) return skip('empty label');
      const topics = state.model.topics.map((t) => (t.id === operation.topicId ? { ...t, label, labelLocked: true } : t));
      return { state: { ...state, model: { ...state.model, topics } }, outcome: { operation, applied: true } };
    }

    case 'merge': {
      const { sourceId, targetId } = operation;
      if (sourceId === targetId) return skip('a topic cannot be merged into itself');
      if (!exists(targetId)) return skip(`topic ${targetId} no longer exists`);
      if (!exists(sourceId)) {
        const aliased = state.model.centroids.topicIds.includes(targetId);
        return skip(aliased ? `topic ${sourceId} is already part of ${targetId}` : `topic ${sourceId} no longer exists`);
      }
      const source = state.model.topics.find((t) => t.id === sourceId)!;
      const target = state.model.topics.find((t) => t.id === targetId)!;
      const merged: TopicSummary = { ...combineSummaries(target, source), id: targetId };
      if (target.labelLocked) Object.assign(merged, { label: target.label, labelLocked: true });
      const redirect = (id: string) => (id === sourceId ? targetId : id);
      const model: TopicModel = {
        ...state.model,
        topics: state.model.topics.filter((t) => t.id !== sourceId).map((t) => (t.id === targetId ? merged : t)),
        centroids: { ...state.model.centroids, topicIds: state.model.centroids.topicIds.map(redirect) },
        splitRules: state.model.splitRules
          .map((r) => ({ ...r, fromTopicId: redirect(r.fromTopicId), toTopicId: redirect(r.toTopicId) }))
          .filter((r) => r.fromTopicId !== r.toTopicId),
      };
      const topicIds = state.topicIds.map((id) => (id === sourceId ? targetId : id));
      return { state: refresh(state, model, topicIds), outcome: { operation, applied: true } };
    }

    case 'split': {
      const { topicId } = operation;
      if (!exists(topicId)) return skip(`topic ${topicId} no longer exists`);
      const stems = [...new Set(operation.keywords.map(keywordStems).filter((s) => s.length > 0))];
      if (stems.length === 0) return skip('no usable keyword (only stop words or empty)');
      const newTopicId = operation.newTopicId ?? topicIdFor(state.model.nextTopicNumber);
      if (newTopicId === topicId) return skip('a topic cannot be split into itself');
      const corpus = state.corpus ?? (state.texts ? tokenizeCorpus(state.texts, analyzerFor(state.model)) : null);
      if (!corpus) return skip('split needs the tickets’ texts or corpus');
      const rule: SplitRule = { fromTopicId: topicId, toTopicId: newTopicId, stems };
      const topicIds = state.topicIds.slice();
      applySplitRules(topicIds, corpus, [rule]);
      const moved = topicIds.filter((id, i) => id === newTopicId && state.topicIds[i] !== newTopicId).length;
      const already = exists(newTopicId);
      const topics = already
        ? state.model.topics
        : [
            ...state.model.topics,
            {
              id: newTopicId,
              label: operation.label?.trim() || operation.keywords.join(', '),
              labelLocked: Boolean(operation.label?.trim()),
              keywords: operation.keywords.map((k, i) => ({ term: keywordStems(k), text: k, weight: 1 / (i + 1) })),
              size: 0,
              customers: 0,
              representatives: [],
            },
          ];
      const sameRule = (r: SplitRule) =>
        r.fromTopicId === rule.fromTopicId && r.toTopicId === rule.toTopicId && r.stems.join('|') === rule.stems.join('|');
      const model: TopicModel = {
        ...state.model,
        topics,
        splitRules: state.model.splitRules.some(sameRule) ? state.model.splitRules : [...state.model.splitRules, rule],
        nextTopicNumber: Math.max(state.model.nextTopicNumber, topicNumber(newTopicId) + 1),
      };
      const completed: CurationOperation = { ...operation, newTopicId };
      return {
        state: refresh({ ...state, corpus }, model, topicIds),
        outcome: { operation: completed, applied: true, note: moved === 0 ? 'no ticket contains these keywords yet' : undefined },
      };
    }

    case 'move': {
      const { topicId } = operation;
      if (topicId !== null && !exists(topicId)) return skip(`topic ${topicId} no longer exists`);
      const wanted = new Set(operation.ticketIds);
      let found = 0;
      const topicIds = state.topicIds.map((id, i) => {
        if (!wanted.has(state.ticketIds[i])) return id;
        found++;
        return topicId;
      });
      if (found === 0) return skip('none of these tickets is in this analysis');
      const note = found < wanted.size ? `${wanted.size - found} of ${wanted.size} tickets are not in this analysis` : undefined;
      return { state: refresh(state, state.model, topicIds), outcome: { operation, applied: true, note } };
    }
  }
}

/** Replays operations in order; ids that a merge retired are followed to their target. */
export function replayCuration(
  state: CurationState,
  operations: readonly CurationOperation[],
): { state: CurationState; outcomes: CurationOutcome[] } {
  const outcomes: CurationOutcome[] = [];
  const mergedInto = new Map<string, string>();
  const follow = (id: string) => {
    let current = id;
    for (let hops = 0; hops < 100 && mergedInto.has(current); hops++) current = mergedInto.get(current)!;
    return current;
  };
  let current = state;
  for (const original of operations) {
    let operation: CurationOperation = original;
    if (operation.kind === 'rename' || operation.kind === 'split') operation = { ...operation, topicId: follow(operation.topicId) };
    if (operation.kind === 'move' && operation.topicId !== null) operation = { ...operation, topicId: follow(operation.topicId) };
    if (operation.kind === 'merge') operation = { ...operation, targetId: follow(operation.targetId) };
    const result = applyCuration(current, operation);
    current = result.state;
    // Report the operation as stored (with any id it allocated), not the redirected form.
    const stored =
      original.kind === 'split' && result.outcome.operation.kind === 'split'
        ? { ...original, newTopicId: result.outcome.operation.newTopicId }
        : original;
    outcomes.push({ ...result.outcome, operation: stored });
    if (original.kind === 'merge') mergedInto.set(original.sourceId, follow(original.targetId));
  }
  return { state: current, outcomes };
}
