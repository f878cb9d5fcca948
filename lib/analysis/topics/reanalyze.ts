/**
 * A re-analysis that keeps what people know about the topics and themes: discover afresh, match
 * the new topics to the previous ones (ids, locked labels, merged parts), replay every topic
 * curation operation, then do the same one level up — group the final topics into themes, match
 * them to the previous themes and replay the theme curation. The lead stores the returned model,
 * assignments, reports and operation outcomes.
 */
import { describeThemes, type ThemeGroup } from '@/lib/analysis/themes/describe';
import { replayThemeCuration, unfoldThemeCuration, type ThemeCurationOperation, type ThemeCurationOutcome } from '@/lib/analysis/themes/curate';
import { matchThemes, type ThemeMatchOptions, type ThemeMatchReport } from '@/lib/analysis/themes/match';
import { themeIdFor, ticketThemeIds } from '@/lib/analysis/themes/model';
import { replayCuration, type CurationOperation, type CurationOutcome } from './curate';
import { discoverTopics, type DiscoverOptions, type DiscoveryStats, type TopicInput } from './discover';
import { accountStems } from './hygiene';
import { matchTopics, type MatchOptions, type MatchReport, type TopicAssignmentSnapshot } from './match';
import type { TopicModel, TopicSummary } from './model';
import { recountTopics } from './summaries';

export interface PreviousAnalysis extends TopicAssignmentSnapshot {
  model: TopicModel;
}

export interface TopicAnalysis extends TopicAssignmentSnapshot {
  model: TopicModel;
  /** Theme id per ticket (null = unclustered), in input order. */
  themeIds: (string | null)[];
  /** Null on a first analysis. */
  match: MatchReport | null;
  curation: CurationOutcome[];
  /** Null when there were no previous themes (a first analysis, or a model saved before themes). */
  themeMatch: ThemeMatchReport | null;
  themeCuration: ThemeCurationOutcome[];
  stats: DiscoveryStats;
}

export interface ReanalyzeOptions extends DiscoverOptions {
  match?: MatchOptions;
  themeMatch?: ThemeMatchOptions;
  /** Stored theme curation, replayed after the themes are matched. */
  themeCuration?: readonly ThemeCurationOperation[];
}

export function reanalyzeTopics(
  input: TopicInput,
  previous: PreviousAnalysis | null,
  operations: readonly CurationOperation[] = [],
  options: ReanalyzeOptions = {},
): TopicAnalysis {
  const discovery = discoverTopics(input, { ...options, describeThemes: false });
  const current = { model: discovery.model, ticketIds: input.ids, topicIds: discovery.topicIds };
  const matched = previous ? matchTopics(withSplitsFolded(previous, operations), current, options.match) : null;
  const { state, outcomes } = replayCuration(
    {
      model: matched?.model ?? discovery.model,
      ticketIds: input.ids,
      topicIds: matched?.topicIds ?? discovery.topicIds,
      corpus: discovery.corpus,
      customers: input.customers,
    },
    operations,
  );
  // A split target folded into its source for matching is recreated by the replay: not retired.
  const report = matched?.report
    ? { ...matched.report, retired: matched.report.retired.filter((id) => !state.model.topics.some((t) => t.id === id)) }
    : null;
  // Sizes and distinct customers from the final assignment (merged parts were only summed).
  const ruleTargets = new Set(state.model.splitRules.map((r) => r.toTopicId));
  const topics = recountTopics(state.model.topics, input.ids, state.topicIds, input.customers, (t) => ruleTargets.has(t.id));

  if (options.themes === false) {
    return {
      model: { ...state.model, topics, themes: [] },
      ticketIds: input.ids,
      topicIds: state.topicIds,
      themeIds: state.topicIds.map(() => null),
      match: report,
      curation: outcomes,
      themeMatch: null,
      themeCuration: [],
      stats: discovery.stats,
    };
  }

  // Themes over the final topics.
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const fresh = themesOfFinalTopics(topics, state.topicIds, discovery.themeIds, state.model);
  const previousThemes = previous?.model.themes;
  const themeOperations = options.themeCuration ?? [];
  const matchedThemes = previousThemes
    ? matchThemes(
        { themes: unfoldThemeCuration(previousThemes, themeOperations).map((g) => labelOf(g, previousThemes)), nextThemeNumber: previous!.model.nextThemeNumber ?? 1 },
        fresh,
        new Map(topics.map((t) => [t.id, t.size])),
        options.themeMatch,
      )
    : null;
  const firstThemes = matchedThemes ? null : numbered(fresh, new Map(topics.map((t) => [t.id, t.size])));
  const themeReplay = replayThemeCuration(
    { groups: matchedThemes?.groups ?? firstThemes!.groups, nextThemeNumber: matchedThemes?.nextThemeNumber ?? firstThemes!.nextThemeNumber },
    themeOperations,
  );
  const themes = describeThemes(
    {
      corpus: discovery.corpus,
      texts: input.texts,
      clean: discovery.clean,
      topicIds: state.topicIds,
      customers: input.customers,
      topics,
      hidden: accountStems(state.model.hygiene ?? { handles: [], boilerplate: [] }, discovery.corpus),
      seed: options.seed,
    },
    themeReplay.state.groups,
  );
  const themeMilliseconds = Math.round(performance.now() - started);
  const themeCpu = process.cpuUsage(startedCpu);

  return {
    model: { ...state.model, topics, themes, nextThemeNumber: themeReplay.state.nextThemeNumber },
    ticketIds: input.ids,
    topicIds: state.topicIds,
    themeIds: ticketThemeIds(state.topicIds, themes),
    match: report,
    curation: outcomes,
    themeMatch: matchedThemes?.report ?? null,
    themeCuration: themeReplay.outcomes,
    stats: {
      ...discovery.stats,
      timings: { ...discovery.stats.timings, themes: (discovery.stats.timings.themes ?? 0) + themeMilliseconds },
      cpu: { ...discovery.stats.cpu, themes: (discovery.stats.cpu.themes ?? 0) + Math.round((themeCpu.user + themeCpu.system) / 1000) },
    },
  };
}

/**
 * The discovery's themes carried onto the final topics: each topic joins the theme most of its
 * tickets had in the discovery (matching renamed topics, curation merged and split them); a
 * topic without tickets (a keyword split nothing matched yet) joins its source's theme.
 */
function themesOfFinalTopics(
  topics: readonly TopicSummary[],
  topicIds: readonly (string | null)[],
  discoveryThemeIds: readonly (string | null)[],
  model: TopicModel,
): ThemeGroup[] {
  const votes = new Map<string, Map<string, number>>();
  topicIds.forEach((topic, i) => {
    const theme = discoveryThemeIds[i];
    if (topic === null || theme === null) return;
    let counts = votes.get(topic);
    if (!counts) votes.set(topic, (counts = new Map()));
    counts.set(theme, (counts.get(theme) ?? 0) + 1);
  });
  const themeOf = new Map<string, string>();
  for (const topic of topics) {
    const counts = votes.get(topic.id);
    if (!counts) continue;
    const [best] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    themeOf.set(topic.id, best);
  }
  for (const topic of topics) {
    if (themeOf.has(topic.id)) continue;
    const rule = model.splitRules.find((r) => r.toTopicId === topic.id);
    const source = rule ? themeOf.get(rule.fromTopicId) : undefined;
    themeOf.set(topic.id, source ?? `alone:${topic.id}`);
  }
  const groups = new Map<string, string[]>();
  for (const topic of topics) {
    const key = themeOf.get(topic.id)!;
    const list = groups.get(key);
    if (list) list.push(topic.id);
    else groups.set(key, [topic.id]);
  }
  return [...groups].map(([id, topicIds]) => ({ id, topicIds }));
}

/** First themes: numbered th1… by decreasing tickets. */
function numbered(groups: readonly ThemeGroup[], topicSize: ReadonlyMap<string, number>): { groups: ThemeGroup[]; nextThemeNumber: number } {
  const size = (g: ThemeGroup) => g.topicIds.reduce((n, t) => n + (topicSize.get(t) ?? 0), 0);
  const ordered = [...groups].sort((a, b) => size(b) - size(a));
  return { groups: ordered.map((g, i) => ({ ...g, id: themeIdFor(i + 1) })), nextThemeNumber: groups.length + 1 };
}

function labelOf(group: ThemeGroup, themes: readonly { id: string; label: string; labelLocked: boolean }[]) {
  const theme = themes.find((t) => t.id === group.id);
  return { ...group, label: theme?.label ?? '', labelLocked: theme?.labelLocked ?? false };
}

/**
 * The previous assignment with every keyword split undone: tickets a split moved out of a topic
 * count for that topic again while the new clustering is matched. Otherwise a split that took
 * most of a topic would hand the whole new cluster to the split's id and retire the original;
 * the split itself is replayed right after the match.
 */
function withSplitsFolded(previous: PreviousAnalysis, operations: readonly CurationOperation[]): PreviousAnalysis {
  const sourceOf = new Map<string, string>();
  for (const op of operations) if (op.kind === 'split' && op.newTopicId) sourceOf.set(op.newTopicId, op.topicId);
  if (sourceOf.size === 0) return previous;
  const fold = (id: string | null) => {
    const seen = new Set<string>();
    let current = id;
    while (current !== null && sourceOf.has(current) && !seen.has(current)) {
      seen.add(current);
      current = sourceOf.get(current)!;
    }
    return current;
  };
  return { ...previous, topicIds: previous.topicIds.map(fold) };
}
