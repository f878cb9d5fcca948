import { topicIdFor } from '@/lib/topic-id';
import { describe, expect, it } from 'vitest';
import { flagEpisodicTopics } from '@/lib/analysis/release-confounders';
import type { RecurrenceFinding } from '@/lib/analysis/recurrence';
import type { ReleaseImpact, TopicChange } from '@/lib/analysis/release-impact';

const change = (topicId: number): TopicChange => ({
  topicId: topicIdFor(topicId),
  rateRatio: 3,
  ciLow: 1.5,
  ciHigh: 6,
  pValue: 0.001,
  qValue: 0.004,
  before: 4,
  after: 12,
  method: 'before-after',
  versionEvidence: null,
  attribution: 'confident',
  evidence: '12 tickets in 14 days after vs 4 in 28 days before',
});

const impact: ReleaseImpact = {
  version: '5.4.0',
  day: '2026-02-10',
  releasedAt: Date.UTC(2026, 1, 10),
  ambiguous: false,
  ambiguousWith: [],
  beforeDaysObserved: 28,
  afterDaysObserved: 14,
  ticketsBefore: 1000,
  ticketsAfter: 500,
  regressions: [change(7), change(9)],
  improvements: [change(7)],
  newTopics: [],
};

const episodic = { topicId: topicIdFor(7), intermittent: true, episodes: [{}, {}, {}, {}], medianGapDays: 61 } as unknown as RecurrenceFinding;

describe('flagEpisodicTopics', () => {
  it('marks changes of episodic topics ambiguous and says why, leaving other topics alone', () => {
    const [flagged] = flagEpisodicTopics([impact], [episodic]);
    expect(flagged.regressions[0].attribution).toBe('ambiguous');
    expect(flagged.regressions[0].evidence).toMatch(/comes back in episodes \(4 so far, about every 61 days\)/);
    expect(flagged.improvements[0].attribution).toBe('ambiguous');
    expect(flagged.regressions[1]).toEqual(change(9));
  });

  it('ignores topics that are not intermittent', () => {
    const steady = { ...episodic, intermittent: false } as RecurrenceFinding;
    expect(flagEpisodicTopics([impact], [steady])).toEqual([impact]);
  });
});
