/**
 * A re-analysis that keeps what people know about the topics: discover afresh, match the new
 * topics to the previous ones (ids, locked labels, merged parts), then replay every curation
 * operation. The lead stores the returned model, assignments, report and operation outcomes.
 */
import { replayCuration, type CurationOperation, type CurationOutcome } from './curate';
import { discoverTopics, type DiscoverOptions, type DiscoveryStats, type TopicInput } from './discover';
import { matchTopics, type MatchOptions, type MatchReport, type TopicAssignmentSnapshot } from './match';
import type { TopicModel } from './model';
import { recountTopics } from './summaries';

export interface PreviousAnalysis extends TopicAssignmentSnapshot {
  model: TopicModel;
}

export interface TopicAnalysis extends TopicAssignmentSnapshot {
  model: TopicModel;
  /** Null on a first analysis. */
  match: MatchReport | null;
  curation: CurationOutcome[];
  stats: DiscoveryStats;
}

export function reanalyzeTopics(
  input: TopicInput,
  previous: PreviousAnalysis | null,
  operations: readonly CurationOperation[] = [],
  options: DiscoverOptions & { match?: MatchOptions } = {},
): TopicAnalysis {
  const discovery = discoverTopics(input, options);
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
  return {
    model: { ...state.model, topics },
    ticketIds: input.ids,
    topicIds: state.topicIds,
    match: report,
    curation: outcomes,
    stats: discovery.stats,
  };
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
