/**
 * Hand curation of themes, like topic curation (topics/curate.ts): the lead stores each
 * operation and every re-analysis replays the list, in order, on the freshly matched themes.
 *  - rename-theme: the label is locked (matching carries it; replay re-applies it);
 *  - merge-themes: the source's topics join the target;
 *  - split-theme: the listed topics leave for a new theme (its id is allocated once and kept);
 *  - move-topic: one topic goes to another existing theme.
 * Themes group topics, so these operations move topics, never tickets; topic ids are stable,
 * which is what lets a split or a move outlive the clustering that prompted it. Operations on
 * themes or topics that no longer exist are skipped with a note, never guessed.
 */
import type { ThemeGroup } from './describe';
import { themeIdFor, themeNumber } from './model';

export type ThemeCurationOperation =
  | { kind: 'rename-theme'; themeId: string; label: string }
  | {
      kind: 'merge-themes';
      sourceId: string;
      targetId: string;
      /** The source's topics when first applied (filled in then): how a re-analysis finds it again. */
      sourceTopicIds?: string[];
    }
  | {
      kind: 'split-theme';
      themeId: string;
      topicIds: string[];
      /** Filled in when first applied; keep it so replays reuse the same id. */
      newThemeId?: string;
      label?: string;
    }
  | { kind: 'move-topic'; topicId: string; themeId: string };

export interface ThemeCurationState {
  groups: ThemeGroup[];
  nextThemeNumber: number;
}

export interface ThemeCurationOutcome {
  /** The operation as applied (a split gets its newThemeId): store this form. */
  operation: ThemeCurationOperation;
  applied: boolean;
  note?: string;
}

/** Applies one operation; the state is not modified (a new one is returned). */
export function applyThemeCuration(
  state: ThemeCurationState,
  operation: ThemeCurationOperation,
): { state: ThemeCurationState; outcome: ThemeCurationOutcome } {
  const find = (id: string) => state.groups.find((g) => g.id === id);
  const skip = (note: string) => ({ state, outcome: { operation, applied: false, note } });
  const done = (groups: ThemeGroup[], nextThemeNumber = state.nextThemeNumber, applied: ThemeCurationOperation = operation, note?: string) => ({
    state: { groups: groups.filter((g) => g.topicIds.length > 0), nextThemeNumber },
    outcome: { operation: applied, applied: true, ...(note ? { note } : {}) },
  });

  switch (operation.kind) {
    case 'rename-theme': {
      if (!find(operation.themeId)) return skip(`theme ${operation.themeId} no longer exists`);
      const label = operation.label.trim();
      if (!label) return skip('empty label');
      return done(state.groups.map((g) => (g.id === operation.themeId ? { ...g, label, labelLocked: true } : g)));
    }

    case 'merge-themes': {
      const { sourceId, targetId } = operation;
      if (sourceId === targetId) return skip('a theme cannot be merged into itself');
      const source = find(sourceId);
      const target = find(targetId);
      if (!target) return skip(`theme ${targetId} no longer exists`);
      if (!source) return skip(`theme ${sourceId} no longer exists`);
      const merged = [...target.topicIds, ...source.topicIds];
      const applied = { ...operation, sourceTopicIds: operation.sourceTopicIds ?? [...source.topicIds] };
      return done(
        state.groups.filter((g) => g.id !== sourceId).map((g) => (g.id === targetId ? { ...g, topicIds: merged } : g)),
        state.nextThemeNumber,
        applied,
      );
    }

    case 'split-theme': {
      const theme = find(operation.themeId);
      if (!theme) return skip(`theme ${operation.themeId} no longer exists`);
      const leaving = new Set(operation.topicIds.filter((t) => theme.topicIds.includes(t)));
      if (leaving.size === 0) return skip(`none of these topics is in theme ${operation.themeId} any more`);
      if (leaving.size === theme.topicIds.length) return skip('a split must leave at least one topic in the theme');
      const newThemeId = operation.newThemeId ?? themeIdFor(state.nextThemeNumber);
      if (find(newThemeId) && newThemeId !== theme.id) return skip(`theme ${newThemeId} already exists`);
      if (newThemeId === theme.id) return skip('a theme cannot be split into itself');
      const label = operation.label?.trim();
      const missing = operation.topicIds.length - leaving.size;
      const groups = [
        ...state.groups.map((g) => (g.id === theme.id ? { ...g, topicIds: g.topicIds.filter((t) => !leaving.has(t)) } : g)),
        { id: newThemeId, topicIds: [...leaving], ...(label ? { label, labelLocked: true } : {}) },
      ];
      return done(
        groups,
        Math.max(state.nextThemeNumber, themeNumber(newThemeId) + 1),
        { ...operation, newThemeId },
        missing > 0 ? `${missing} of ${operation.topicIds.length} topics are no longer in the theme` : undefined,
      );
    }

    case 'move-topic': {
      const { topicId, themeId } = operation;
      const from = state.groups.find((g) => g.topicIds.includes(topicId));
      if (!from) return skip(`topic ${topicId} no longer exists`);
      if (!find(themeId)) return skip(`theme ${themeId} no longer exists`);
      if (from.id === themeId) return skip(`topic ${topicId} is already in theme ${themeId}`);
      return done(
        state.groups.map((g) =>
          g.id === from.id ? { ...g, topicIds: g.topicIds.filter((t) => t !== topicId) } : g.id === themeId ? { ...g, topicIds: [...g.topicIds, topicId] } : g,
        ),
      );
    }
  }
}

/** Replays operations in order; a theme merged away is followed to its target. */
export function replayThemeCuration(
  state: ThemeCurationState,
  operations: readonly ThemeCurationOperation[],
): { state: ThemeCurationState; outcomes: ThemeCurationOutcome[] } {
  const mergedInto = new Map<string, string>();
  const follow = (id: string) => {
    let current = id;
    for (let hops = 0; hops < 100 && mergedInto.has(current); hops++) current = mergedInto.get(current)!;
    return current;
  };
  const outcomes: ThemeCurationOutcome[] = [];
  let current = state;
  for (const original of operations) {
    let operation: ThemeCurationOperation = original;
    if (operation.kind === 'rename-theme' || operation.kind === 'split-theme') operation = { ...operation, themeId: follow(operation.themeId) };
    if (operation.kind === 'move-topic') operation = { ...operation, themeId: follow(operation.themeId) };
    if (operation.kind === 'merge-themes') operation = { ...operation, targetId: follow(operation.targetId) };
    const result = applyThemeCuration(current, operation);
    current = result.state;
    // Report the operation as stored (with what it recorded when first applied), not redirected.
    const applied = result.outcome.operation;
    const stored: ThemeCurationOperation =
      original.kind === 'split-theme' && applied.kind === 'split-theme'
        ? { ...original, newThemeId: applied.newThemeId }
        : original.kind === 'merge-themes' && applied.kind === 'merge-themes'
          ? { ...original, sourceTopicIds: applied.sourceTopicIds }
          : original;
    outcomes.push({ ...result.outcome, operation: stored });
    if (original.kind === 'merge-themes') mergedInto.set(original.sourceId, follow(original.targetId));
  }
  return { state: current, outcomes };
}

/**
 * The previous themes as the clustering had made them, before `operations` (undone latest
 * first): a split's topics go back to the theme they left, a merged source is carved out of its
 * target again. Matching a fresh clustering against these finds each theme the operations name,
 * and the replay then re-applies them; otherwise a theme merged by hand would meet its two
 * re-discovered halves, match one, and lose the other to a new id.
 */
export function unfoldThemeCuration(groups: readonly ThemeGroup[], operations: readonly ThemeCurationOperation[]): ThemeGroup[] {
  let current = groups.map((g) => ({ ...g, topicIds: [...g.topicIds] }));
  for (let i = operations.length - 1; i >= 0; i--) {
    const op = operations[i];
    if (op.kind === 'split-theme' && op.newThemeId) {
      const split = current.find((g) => g.id === op.newThemeId);
      const from = current.find((g) => g.id === op.themeId);
      if (!split || !from) continue;
      from.topicIds.push(...split.topicIds);
      current = current.filter((g) => g !== split);
    } else if (op.kind === 'merge-themes' && op.sourceTopicIds && !current.some((g) => g.id === op.sourceId)) {
      const target = current.find((g) => g.id === op.targetId);
      if (!target) continue;
      const carved = target.topicIds.filter((t) => op.sourceTopicIds!.includes(t));
      if (carved.length === 0 || carved.length === target.topicIds.length) continue;
      target.topicIds = target.topicIds.filter((t) => !carved.includes(t));
      current.push({ id: op.sourceId, topicIds: carved });
    }
  }
  return current.filter((g) => g.topicIds.length > 0);
}
