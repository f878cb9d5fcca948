/**
 * Inputs and the JSON contract of the team-load analysis.
 *
 * Everything here is camelCase TypeScript. The result (`TeamLoadReport`) is built by
 * `computeTeamLoad` in ./index.ts; its JSON (the stored snapshot, `report --json`, /api/team, the
 * team export) spells the keys in snake_case, converted in one place: ./json-contract.ts.
 */
import type { TopicId } from '@/lib/topic-id';

export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TicketStatusCategory = 'new' | 'open' | 'pending' | 'solved' | 'closed';
export type { TopicId };

export interface TeamTicket {
  id: string;
  /** Epoch ms. */
  createdAt: number;
  resolvedAt: number | null;
  /** When the source knows it (Zendesk metric sets, Freshdesk stats): the agent's first reply. */
  firstResponseAt?: number | null;
  /** The current assignee; reassignment history is not known. */
  assignee: string | null;
  requester: string | null;
  priority: TicketPriority | null;
  escalated: boolean;
  reopened: boolean;
  statusCategory: TicketStatusCategory | null;
  topicId: TopicId | null;
  /** What the customer wrote (subject + description). Never the agent's words. */
  customerText: string;
  /**
   * The tone of the customer's words when it was scored earlier (stored by analysis); when
   * present, customerText and customer comments are not scored again.
   */
  negativeTone?: boolean | null;
  /** How the ticket arrived (email, chat, phone…) when the source says; trackers have none. */
  channel?: string | null;
}

export type EventRole = 'agent' | 'customer' | 'system';

/**
 * `reply`: a comment or message (the default). `status`: a status change, resolution or field
 * edit without a reply body — seconds of work, so it weighs less (see STATUS_WEIGHT).
 */
export type EventKind = 'reply' | 'status';

export interface TeamEvent {
  ticketId: string;
  /** Epoch ms. */
  at: number;
  author: string | null;
  role: EventRole;
  /** Comment text; only customer bodies are ever read (for tone). */
  body?: string;
  kind?: EventKind;
  /**
   * A digest of an agent comment's text (never the text): the same digest on many tickets within
   * minutes marks a templated bulk comment ("closing as fixed in 1.4").
   */
  fingerprint?: string | null;
}

/** One row of the agents config; missing fields take the defaults of `TeamLoadInput`. */
export interface AgentConfig {
  name: string;
  team?: string;
  /** IANA zone, e.g. "Europe/Berlin". */
  timeZone?: string;
  /** "HH:MM" local; a shift may cross midnight (workStart > workEnd). */
  workStart?: string;
  workEnd?: string;
  /** 0 = Sunday … 6 = Saturday. */
  workDays?: number[];
}

export interface RiskThresholds {
  /** Tickets per active day relative to the team median (Maslach: exhaustion follows workload). */
  loadRatioAmber: number;
  loadRatioRed: number;
  /** Optional absolute tickets-per-active-day cap for teams that are uniformly overloaded. */
  loadCapPerActiveDay: number | null;
  /** Share of actions outside working hours (PagerDuty "off-hours interruptions"). */
  afterHoursAmber: number;
  afterHoursRed: number;
  streakAmber: number;
  streakRed: number;
  /** Nights with actions in 22:00–06:00 local (PagerDuty "sleep-hour interruptions"). */
  sleepDaysAmber: number;
  sleepDaysRed: number;
  /** Negative-tone share above the team's, in points and as a ratio (Grandey et al.). */
  hostileMarginAmber: number;
  hostileMarginRed: number;
  hostileRatio: number;
  /** Below these volumes a share or ratio is too noisy to score. */
  minTicketsForRatios: number;
  minActionsForShares: number;
}

export interface TeamLoadOptions {
  /** Rolling window in local days ending on the day of `asOf`. */
  windowDays?: number;
  /** Weeks of history for the charts (the current, partial week included). */
  historyWeeks?: number;
  /** Team of agents that are not in the config. */
  defaultTeam?: string;
  /** A topic needs this many resolved tickets in the window before "single owner" means anything. */
  minTopicTickets?: number;
  /** Distinct agents on one topic (with escalations) that suggest a knowledge-transfer session. */
  crowdedTopicAgents?: number;
  /** Smallest group whose individual rows may be shown; can be raised, never below 5. */
  minGroupSize?: number;
  /** Days of history (ending at asOf) from which each person's usual hours are inferred. */
  inferenceLookbackDays?: number;
  risk?: Partial<RiskThresholds>;
}

/** A person's time zone as the export itself declares it (Jira's user `timeZone`). */
export interface DeclaredTimeZone {
  name: string;
  timeZone: string;
}

export interface TeamLoadInput {
  tickets: readonly TeamTicket[];
  /** Ticket comments / actions; may be empty, then ticket timestamps stand in. */
  events?: readonly TeamEvent[];
  agents?: readonly AgentConfig[];
  /** Epoch ms: the end of the window. */
  asOf: number;
  /** Zone of agents without one (e.g. SUPPORT_TRENDS_TZ). */
  defaultTimeZone: string;
  /** Zones the export declares per person; used (with inferred hours) when no agents file sets one. */
  declaredTimeZones?: readonly DeclaredTimeZone[];
  options?: TeamLoadOptions;
}

/**
 * Where a person's working hours come from: the agents file, their own activity (≥ 4 weeks of
 * it), or the 09:00–18:00 default (too little history: an assumption, and said to be one).
 */
export type HoursSource = 'agents_file' | 'inferred' | 'default';
/** Over a group of people: one source for all, or `mixed`. */
export type WorkingHoursSource = HoursSource | 'mixed';
/** Where a person's time zone comes from: the agents file, the export, their activity, or SUPPORT_TRENDS_TZ. */
export type ZoneSource = 'agents_file' | 'export' | 'inferred' | 'default';

export interface WorkingHoursRow {
  source: HoursSource;
  zoneSource: ZoneSource;
  /** IANA name, or "UTC+05:00" for a zone inferred as a fixed offset. */
  timeZone: string;
  /** "HH:MM" local. */
  start: string;
  end: string;
  /** 0 = Sunday … 6 = Saturday. */
  workDays: number[];
}

export type RiskLevel = 'low' | 'elevated' | 'high';

export interface AgentLoadRow {
  agent: string;
  team: string;
  tickets: number;
  ticketsPerActiveDay: number;
  /** Actions (replies, or first response/resolution from ticket timestamps) per active day. */
  actionsPerDay: number;
  /** Actions outside the agent's own shift in their zone, days off included. */
  afterHoursShare: number;
  /** Actions on the agent's days off (Sat–Sun for a Mon–Fri rota, Fri–Sat for Sun–Thu). */
  weekendShare: number;
  /** Nights with off-shift actions between 22:00 and 06:00 local. */
  sleepHourDays: number;
  maxConsecutiveDays: number;
  currentStreak: number;
  /** Open tickets assigned now, and the median of the end-of-day values over the window. */
  openBacklog: number;
  openBacklogMedian: number;
  /** Share of tickets handled that were urgent or escalated. */
  urgentShare: number;
  reopenedShare: number;
  /** Null when none of the agent's tickets carries customer text. */
  negativeShare: number | null;
  /** Distinct topics among the tickets handled. */
  topics: number;
  risk: RiskLevel;
  score: number;
  reasons: string[];
  suggestion: string;
  /** Where the actions came from: comment events, ticket timestamps (an estimate), or both. */
  actionsSource: 'events' | 'ticket_timestamps' | 'mixed' | 'none';
  /** The hours afterHoursShare, weekendShare and sleepHourDays are measured against. */
  workingHours: WorkingHoursRow;
  /** Bursts of bulk actions (mass status changes, templated comments) counted as one action each. */
  bulkBursts: number;
  /** Why the rating was limited or compared with the team, when it was; null otherwise. */
  riskNote: string | null;
}

export interface TeamWeek {
  /** Monday of the ISO week, "YYYY-MM-DD". */
  weekStart: string;
  /** True for the week that contains `asOf`. */
  partial: boolean;
  tickets: number;
  actions: number;
  activeAgents: number;
  loadPerAgentMedian: number;
  afterHoursShare: number;
  /** Open tickets assigned to the team's agents at the end of the week. */
  backlog: number;
  /** First responses made this week (tickets assigned to the team) and their median delay in hours. */
  firstResponses: number;
  firstResponseHoursMedian: number | null;
  /** Tickets resolved this week and the median time from creation to resolution, in hours. */
  resolutions: number;
  resolutionHoursMedian: number | null;
}

export interface WorkingHoursCounts {
  agentsFile: number;
  inferred: number;
  default: number;
}

/** The team's after-hours share now against the window before, tested on action counts. */
export interface AfterHoursChange {
  previousShare: number;
  previousActions: number;
  direction: 'up' | 'down' | 'flat';
  test: 'fisher_exact';
  pValue: number;
}

export interface TeamLoadRow {
  team: string;
  size: number;
  /** False when the team is too small for individual rows (privacy); only combined figures then. */
  brokenDown: boolean;
  tickets: number;
  loadPerAgentMedian: number;
  loadPerAgentIqr: [number, number];
  afterHoursShare: number;
  /** Null for groups too small to show a distribution without exposing a person. */
  loadGini: number | null;
  top20Share: number | null;
  weekly: TeamWeek[];
  workingHoursSource: WorkingHoursSource | null;
  workingHoursPeople: WorkingHoursCounts;
  /** Actions in the window that the after-hours share is computed on (bulk bursts excluded). */
  actions: number;
  weekendShare: number;
  /** Nights with sleep-hour actions, summed over the team's people (person-nights). */
  sleepHourNights: number;
  /** The longest run of consecutive active days of anyone in the team, and the team's median run. */
  longestStreak: number;
  longestStreakMedian: number;
  /** Null when the previous window has too few actions to compare with. */
  afterHoursChange: AfterHoursChange | null;
  /**
   * Actions in the window by hour of the week in each person's own local time: 168 cells,
   * Monday 00:00–01:00 first (bulk bursts excluded).
   */
  hourOfWeek: number[];
  bulkBursts: number;
  /** Actions that the bulk bursts stand for (each burst counted as one action). */
  bulkActions: number;
}

export type TeamSignal = 'after_hours' | 'sleep_hours' | 'long_streaks';

/**
 * A risk signal shared by half or more of a team, reported once for the team (a coverage or
 * staffing matter) instead of once per person.
 */
export interface TeamFinding {
  team: string;
  signal: TeamSignal;
  size: number;
  /** People with the signal; null for teams too small to be broken down. */
  people: number | null;
  /** after_hours: the team's share; sleep_hours: person-nights; long_streaks: the longest run. */
  value: number;
  afterHoursChange: AfterHoursChange | null;
  sentence: string;
  suggestion: string;
}

export type ExportKind = 'support_desk' | 'issue_tracker' | 'unknown';

/** What kind of export the team figures come from, and the evidence for it. */
export interface ExportShape {
  kind: ExportKind;
  tickets: number;
  /** Tickets that name who reported them, and those reported by someone on the team. */
  ticketsWithRequester: number;
  requestedByTeam: number;
  ticketsWithChannel: number;
  /** Messages by customers (people not on the team) and by the team. */
  customerMessages: number;
  teamMessages: number;
  /** Weak when people are not answering customers: risk is then held at "low" without replies. */
  teamSignals: 'normal' | 'weak';
  note: string | null;
}

export type TeamLoadState = 'ok' | 'no_people' | 'no_activity';

export interface SingleOwnerTopic {
  topicId: TopicId;
  agent: string;
  tickets: number;
}

export interface CrowdedTopic {
  topicId: TopicId;
  agents: number;
  escalations: number;
  tickets: number;
}

export interface TeamLoadReport {
  asOf: string;
  windowDays: number;
  agents: AgentLoadRow[];
  teams: TeamLoadRow[];
  loadGini: number | null;
  top20Share: number | null;
  singleOwnerTopics: SingleOwnerTopic[];
  crowdedTopics: CrowdedTopic[];
  disclaimer: string;
  /** `no_people`: the export names no assignee or agent; `no_activity`: nobody acted in the window. */
  state: TeamLoadState;
  workingHoursSource: WorkingHoursSource | null;
  exportShape: ExportShape;
  teamFindings: TeamFinding[];
  bulkBursts: number;
  bulkActions: number;
  /** What a reader must know before trusting the figures (assumed hours, weak signals…). */
  warnings: string[];
}
