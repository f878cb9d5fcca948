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
  const matched = previous ? matchTopics(previous, current, options.match) : null;
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
  // Sizes and distinct customers from the final assignment (merged parts were only summed).
  const ruleTargets = new Set(state.model.splitRules.map((r) => r.toTopicId));
  const topics = recountTopics(state.model.topics, input.ids, state.topicIds, input.customers, (t) => ruleTargets.has(t.id));
  return {
    model: { ...state.model, topics },
    ticketIds: input.ids,
    topicIds: state.topicIds,
    match: matched?.report ?? null,
    curation: outcomes,
    stats: discovery.stats,
  };
}
