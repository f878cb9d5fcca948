/**
 * Detection then explanation, on string-keyed tickets: the spikes, recurrence and (product
 * scoped) release impact of lib/analysis, with the settings the analysis job uses, followed by
 * `explainAnomalies`. The analysis job, the benchmarks and the tests share this one path.
 */
import { detectRecurrence, type RecurrenceOptions } from '../recurrence';
import type { ReleaseImpactOptions } from '../release-impact';
import { buildDailySeries } from '../series';
import { detectSpikes, type SpikeOptions } from '../spikes';
import { explainAnomalies, type ExplanationOptions } from './explain';
import { detectScopedReleaseImpact } from './scoped-release-impact';
import { TopicKeys } from './topic-keys';
import type { ExplainRecurrence, ExplainRelease, ExplainSpike, ExplainTicket, Explanations, ScopedReleaseImpact } from './types';

export interface DetectionOptions {
  timeZone: string;
  /** "Now" for recurrence (ongoing, overdue); default the last ticket. */
  asOf?: number;
  spikes?: Omit<SpikeOptions, 'window'>;
  recurrence?: Omit<RecurrenceOptions, 'timeZone' | 'asOf'>;
  releaseImpact?: Omit<ReleaseImpactOptions, 'timeZone'>;
}

export interface Detections {
  spikes: ExplainSpike[];
  recurrence: ExplainRecurrence[];
  releaseImpacts: ScopedReleaseImpact[];
}

/** Spikes (every day with three weeks of history), recurrence and scoped release impact. */
export function detectFindings(tickets: readonly ExplainTicket[], releases: readonly ExplainRelease[], options: DetectionOptions): Detections {
  const keys = new TopicKeys();
  const events = tickets.map((t) => ({ createdAt: t.createdAt, topicId: keys.topicId(t.topic) }));
  if (events.length === 0) return { spikes: [], recurrence: [], releaseImpacts: [] };
  const daily = buildDailySeries(events, { timeZone: options.timeZone });
  const spikes = detectSpikes(daily, { ...options.spikes, window: daily.range }).map(
    (s): ExplainSpike => ({
      day: s.day,
      topic: s.topicId === null ? null : keys.key(s.topicId),
      count: s.count,
      expected: s.expected,
      pValue: s.pValue,
      adjustedPValue: s.adjustedPValue,
      evidence: s.evidence,
    }),
  );
  const asOf = options.asOf ?? events.reduce((max, e) => Math.max(max, e.createdAt), -Infinity);
  const recurrence = detectRecurrence(events, { ...options.recurrence, timeZone: options.timeZone, asOf }).map(
    (r): ExplainRecurrence => ({
      topic: keys.key(r.topicId),
      intermittent: r.intermittent,
      recurring: r.recurring,
      episodes: r.episodes,
      medianGapDays: r.medianGapDays,
      nextExpected: r.nextExpected,
      nextWindowDays: r.nextWindowDays,
      summary: r.summary,
    }),
  );
  const releaseImpacts = detectScopedReleaseImpact(tickets, releases, { ...options.releaseImpact, timeZone: options.timeZone });
  return { spikes, recurrence, releaseImpacts };
}

export interface DetectAndExplainOptions extends DetectionOptions {
  labels?: ExplanationOptions['labels'];
  explanation?: Omit<ExplanationOptions, 'timeZone' | 'labels' | 'beforeDays' | 'afterDays' | 'fdr' | 'minRateRatio'>;
}

export function detectAndExplain(
  tickets: readonly ExplainTicket[],
  releases: readonly ExplainRelease[],
  options: DetectAndExplainOptions,
): Detections & { explanations: Explanations } {
  const detections = detectFindings(tickets, releases, options);
  const explanations = explainAnomalies(
    { tickets, releases, ...detections },
    {
      ...options.explanation,
      timeZone: options.timeZone,
      labels: options.labels,
      beforeDays: options.releaseImpact?.beforeDays,
      afterDays: options.releaseImpact?.afterDays,
      fdr: options.releaseImpact?.fdr,
      minRateRatio: options.releaseImpact?.minRateRatio,
    },
  );
  return { ...detections, explanations };
}
