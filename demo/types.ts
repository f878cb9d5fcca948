/**
 * What the demo generator planted: the ground truth that tests and benchmarks check the
 * analyses against. Dates are "YYYY-MM-DD" (UTC days), instants ISO-8601 UTC.
 */

export interface PlantedTopic {
  key: string;
  label: string;
  /** Tickets generated for this topic. */
  tickets: number;
}

export interface DemoPlants {
  seed: number;
  /** First and last day of ticket creation (UTC). */
  start: string;
  end: string;
  /** The instant the "export" was taken: nothing in the files happens after it. */
  exportedAt: string;
  /** Every generating topic, including the planted ones; noise tickets have topic `noiseKey`. */
  topics: PlantedTopic[];
  noiseKey: string;
  noiseTickets: number;
  /** (1) A release introduces a topic that did not exist before. */
  newProblem: {
    topic: string;
    release: string;
    releaseDate: string;
    /** The patch release that fixed it (its volume falls to a trickle afterwards). */
    hotfixRelease: string;
    hotfixDate: string;
    firstTicketAt: string | null;
    tickets: number;
    /** Of those, tickets whose `version` is the introducing release or newer. */
    ticketsOnNewVersion: number;
  };
  /** (2) A release fixes an existing topic. */
  fixed: { topic: string; release: string; releaseDate: string; rateFactorAfter: number };
  /** (3) A release makes an existing topic regress. */
  regression: { topic: string; release: string; releaseDate: string; rateFactorAfter: number };
  /** (4) An intermittent problem: short episodes, quiet in between, always the same fix. */
  intermittent: {
    topic: string;
    /** The canonical fix its resolutions paraphrase. */
    fix: string;
    episodes: { start: string; end: string; tickets: number }[];
  };
  /** (5) An outage day: one topic at several times the normal daily volume. */
  outage: { topic: string; date: string; startAt: string; endAt: string; tickets: number; dayTickets: number };
  /** (6) Topics trending over the last `windowDays` days (rate factor reached at the end). */
  trends: { windowDays: number; growing: { topic: string; factor: number }[]; shrinking: { topic: string; factor: number }[] };
  /** Short random bursts in ordinary topics (realistic noise for spike detection). */
  bursts: { topic: string; start: string; days: number; factor: number }[];
  agents: {
    /** ≈ 2× the median load, late-evening replies, works every day from `noDaysOffFrom`. */
    overloaded: string;
    noDaysOffFrom: string;
    partTime: string;
    /** The only agent who handles `nicheTopic` (bus factor 1). */
    nicheOwner: string;
    nicheTopic: string;
  };
}
