/**
 * A topic that comes and goes in episodes (see recurrence.ts) rises and falls around releases
 * on its own schedule: an export worker that jams every two months will look like a regression
 * of whichever release preceded the jam. Such findings are kept — the numbers are real — but
 * marked ambiguous, with the episode pattern stated, so nobody blames or credits a release for it.
 */
import type { RecurrenceFinding } from './recurrence';
import type { ReleaseImpact, TopicChange } from './release-impact';

export function flagEpisodicTopics(impacts: readonly ReleaseImpact[], recurrence: readonly RecurrenceFinding[]): ReleaseImpact[] {
  const episodic = new Map(recurrence.filter((r) => r.intermittent).map((r) => [r.topicId, r]));
  const flag = (change: TopicChange): TopicChange => {
    const pattern = episodic.get(change.topicId);
    if (!pattern) return change;
    const rhythm = pattern.medianGapDays === null ? '' : `, about every ${Math.round(pattern.medianGapDays)} days`;
    return {
      ...change,
      attribution: 'ambiguous',
      evidence: `${change.evidence}; this topic comes back in episodes (${pattern.episodes.length} so far${rhythm}), so the change may be its own cycle rather than the release`,
    };
  };
  return impacts.map((impact) => ({
    ...impact,
    regressions: impact.regressions.map(flag),
    improvements: impact.improvements.map(flag),
  }));
}
