/**
 * Inputs and outputs of the explanation step (see explain.ts). Topics are string keys here —
 * a stored topic id ("t12") today, a theme id tomorrow — so the step does not care which level
 * of grouping the findings are made at; the detectors keep their numeric ids internally.
 */
import { EXPLANATIONS, type Explanation } from '@/db/enums';
import type { Episode } from '../recurrence';

/** Every anomaly gets exactly one of these (issue 14); declared with the other enums. */
export { EXPLANATIONS, type Explanation };

/** A ticket as the explanation step needs it; the optional fields make it sharper when known. */
export interface ExplainTicket {
  /** Creation instant, epoch ms. */
  createdAt: number;
  /** Topic (or theme) key; null = in no topic. */
  topic: string | null;
  /**
   * Who filed it (any stable key: a hash is fine). `undefined` = not read, `null` = unknown.
   * Without requesters a one-day burst cannot be told from one person filing in bulk.
   */
  requester?: string | null;
  /** Products the ticket belongs to (see `ticketProducts`); empty or absent = unknown. */
  products?: readonly string[];
  /** Versions it was fixed in (Jira Fix Version/s, a milestone). */
  fixVersions?: readonly string[];
  /** Version the customer runs, for the version split of release impact. */
  productVersion?: string | null;
  /** False while unresolved: only resolved tickets count as closed by a release. Absent = counted. */
  resolved?: boolean;
}

export interface ExplainRelease {
  version: string;
  /** Epoch ms. */
  releasedAt: number;
  /** Product shipped; null = compared with every ticket. */
  product: string | null;
}

/** A detected spike (see spikes.ts), keyed by topic string. */
export interface ExplainSpike {
  day: string;
  /** null = the overall series. */
  topic: string | null;
  count: number;
  expected: number;
  pValue: number;
  adjustedPValue: number;
  evidence: string;
}

/** A topic's recurrence model (see recurrence.ts), keyed by topic string. */
export interface ExplainRecurrence {
  topic: string;
  intermittent: boolean;
  recurring: boolean;
  episodes: Episode[];
  medianGapDays: number | null;
  nextExpected: string | null;
  nextWindowDays: number | null;
  summary: string;
}

/** What a related item points at (the report's `related`). */
export type Related = { topicId: string } | { release: string } | { incidentDate: string };

/** Who filed a burst's tickets. */
export interface Requesters {
  /** Distinct requesters among the burst's tickets. */
  distinct: number;
  /** Tickets of the few requesters (1–3) who filed most of them, when a handful did. */
  handful: number;
  handfulTickets: number;
  /** Hours between the first and the last of the handful's tickets. */
  handfulHours: number | null;
}

export type ChangeKind = 'regression' | 'improvement' | 'new_topic';

/** A spike day, explained. */
export interface ExplainedSpike {
  day: string;
  topic: string | null;
  count: number;
  expected: number;
  explanation: Explanation;
  /** Distinct requesters of the day's tickets in this series; null when the data has none. */
  requesters: number | null;
  eventId: string;
  related: Related[];
  /** For a planner: what happened, in plain words. */
  sentence: string;
  /** The statistics behind it (p-values, tests), shown under "How we know". */
  howWeKnow: string;
}

/** A before/after change in a release's windows, explained. */
export interface ExplainedChange {
  release: string;
  topic: string;
  kind: ChangeKind;
  explanation: Explanation;
  eventId: string;
  related: Related[];
  /** Tickets per day in the before and after windows (rates, not totals). */
  beforePerDay: number;
  afterPerDay: number;
  before: number;
  after: number;
  /** As the release test reported it (after/before rate ratio relative to the other topics). */
  rateRatio: number | null;
  pValue: number;
  qValue: number;
  /** The ratio once the days explained otherwise are left out (null = unbounded or not computed). */
  robustRatio: number | null;
  robustPValue: number | null;
  sentence: string;
  howWeKnow: string;
}

/** An episode of an intermittent topic, explained. */
export interface ExplainedEpisode {
  topic: string;
  start: string;
  end: string;
  tickets: number;
  explanation: Extract<Explanation, 'recurring_episode' | 'bulk_filing'>;
  requesters: number | null;
  eventId: string;
  related: Related[];
  sentence: string;
}

export interface FixedTopic {
  topic: string | null;
  tickets: number;
}

/** Everything a release page and the report say about one release. */
export interface ExplainedRelease {
  version: string;
  product: string | null;
  day: string;
  /** Tickets the release was compared with (its product's, or all). */
  scopeTickets: number;
  /** True when tickets carry products and this release was compared with its own product's only. */
  scoped: boolean;
  /** Only changes explained as `release`. */
  regressions: ExplainedChange[];
  improvements: ExplainedChange[];
  newTopics: ExplainedChange[];
  /** Changes in its windows explained otherwise (an incident, an episode, a bulk filing…). */
  coinciding: ExplainedChange[];
  /** Tickets whose fix version is this release; null when no ticket in the data has a fix version. */
  fixedTickets: number | null;
  fixedTopics: FixedTopic[];
  /**
   * Smallest rise (after/before rate ratio) the test would have found with 80% power in a topic
   * of `powerTopicTickets` tickets in the before window; null when none could be found at all.
   */
  minDetectableRatio: number | null;
  /** Smallest fall found with 80% power (a ratio below 1), or null. */
  minDetectableFall: number | null;
  powerTopicTickets: number | null;
  sentence: string;
  howWeKnow: string;
}

/** One real-world event, reported once, with the anomalies it covers. */
export interface ExplainedEvent {
  id: string;
  explanation: Explanation;
  start: string;
  end: string;
  topics: string[];
  tickets: number;
  requesters: number | null;
  related: Related[];
  sentence: string;
  howWeKnow: string;
}

export interface Explanations {
  events: ExplainedEvent[];
  spikes: ExplainedSpike[];
  episodes: ExplainedEpisode[];
  releases: ExplainedRelease[];
}

/** A release-window change as the release test reported it, keyed by topic string. */
export interface KeyedChange {
  topic: string;
  kind: ChangeKind;
  /** null = unbounded (none before) or not applicable (a new topic). */
  rateRatio: number | null;
  pValue: number;
  qValue: number;
  before: number;
  after: number;
  method: 'before-after' | 'version-share' | 'new-topic';
  /**
   * p-value of the version split when the change shows there too (share of the topic among
   * tickets on the new version vs the versions it replaces), else null.
   */
  versionPValue: number | null;
  ambiguous: boolean;
  evidence: string;
  /** 95% interval of the rate ratio (null for a new topic or when unbounded), as stored. */
  ciLow: number | null;
  ciHigh: number | null;
  /** A new topic's first day; null for other kinds. */
  firstSeen: string | null;
}

/** Release impact computed on the release's own product's tickets (see scoped-release-impact.ts). */
export interface ScopedReleaseImpact {
  version: string;
  product: string | null;
  day: string;
  releasedAt: number;
  /** Another release of the same product shipped within the after-window. */
  ambiguousWith: string[];
  beforeDaysObserved: number;
  afterDaysObserved: number;
  ticketsBefore: number;
  ticketsAfter: number;
  /** Tickets in the release's scope over all time. */
  scopeTickets: number;
  scoped: boolean;
  changes: KeyedChange[];
}
