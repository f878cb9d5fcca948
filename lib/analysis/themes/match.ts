/**
 * Keeping theme identity across re-analyses, as topics keep theirs (topics/match.ts). Topics are
 * matched first, so their ids are stable; two themes are the same when they hold the same topics,
 * weighted by how many tickets each topic has (a size-weighted Jaccard: sharing the big topic
 * counts, sharing a stray small one barely does). The optimal one-to-one assignment (Hungarian)
 * gives each new theme at most one old id; a new theme matching none, or scoring below
 * `minScore`, gets a fresh id. A locked label travels with its id.
 */
import { maxWeightMatching } from '@/lib/analysis/topics/hungarian';
import { themeIdFor, type ThemeSummary } from './model';
import type { ThemeGroup } from './describe';

export interface ThemeMatchOptions {
  /** Below this weighted overlap a theme counts as new. */
  minScore: number;
}

export const DEFAULT_THEME_MATCH_OPTIONS: ThemeMatchOptions = { minScore: 0.3 };

export interface ThemeMatchReport {
  matched: { previousId: string; id: string; score: number }[];
  created: string[];
  retired: string[];
}

export interface PreviousThemes {
  themes: readonly Pick<ThemeSummary, 'id' | 'label' | 'labelLocked' | 'topicIds'>[];
  nextThemeNumber: number;
}

/**
 * Renames `current` theme groups (fresh ids) after `previous` ones. `topicSize` weighs each
 * topic id (its tickets now; topics gone since weigh 0, new ones count only in the union).
 */
export function matchThemes(
  previous: PreviousThemes,
  current: readonly ThemeGroup[],
  topicSize: ReadonlyMap<string, number>,
  options: ThemeMatchOptions = DEFAULT_THEME_MATCH_OPTIONS,
): { groups: ThemeGroup[]; nextThemeNumber: number; report: ThemeMatchReport } {
  const K = current.length;
  const P = previous.themes.length;
  const weight = (topic: string) => Math.max(1, topicSize.get(topic) ?? 0);
  const score = new Float64Array(K * P);
  const currentSets = current.map((g) => new Set(g.topicIds));
  for (let c = 0; c < K; c++) {
    const mine = currentSets[c];
    let mineWeight = 0;
    for (const t of mine) mineWeight += weight(t);
    for (let p = 0; p < P; p++) {
      let common = 0;
      let theirs = 0;
      for (const t of previous.themes[p].topicIds) {
        // A topic gone since weighs nothing: the theme is judged on what it still holds.
        if (!topicSize.has(t)) continue;
        theirs += weight(t);
        if (mine.has(t)) common += weight(t);
      }
      const union = mineWeight + theirs - common;
      score[c * P + p] = union > 0 ? common / union : 0;
    }
  }
  const newIdOf: (string | null)[] = new Array(K).fill(null);
  const matched: ThemeMatchReport['matched'] = [];
  for (const [c, p] of maxWeightMatching(score, K, P)) {
    const s = score[c * P + p];
    if (s < options.minScore) continue;
    newIdOf[c] = previous.themes[p].id;
    matched.push({ previousId: previous.themes[p].id, id: previous.themes[p].id, score: Math.round(s * 1000) / 1000 });
  }
  let next = previous.nextThemeNumber;
  const created: string[] = [];
  for (let c = 0; c < K; c++) {
    if (newIdOf[c] === null) {
      newIdOf[c] = themeIdFor(next++);
      created.push(newIdOf[c]!);
    }
  }
  const previousById = new Map(previous.themes.map((t) => [t.id, t]));
  const groups = current.map((g, c): ThemeGroup => {
    const old = previousById.get(newIdOf[c]!);
    return old?.labelLocked ? { ...g, id: newIdOf[c]!, label: old.label, labelLocked: true } : { ...g, id: newIdOf[c]! };
  });
  const taken = new Set(newIdOf);
  return {
    groups,
    nextThemeNumber: next,
    report: { matched, created, retired: previous.themes.map((t) => t.id).filter((id) => !taken.has(id)) },
  };
}
