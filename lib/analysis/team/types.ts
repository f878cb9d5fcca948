/**
 * Inputs and the JSON contract of the team-load analysis.
 *
 * Inputs are camelCase TypeScript; the result (`TeamLoadReport`) uses snake_case keys because it
 * is stored and printed as JSON by `report` and read by the Team page. The only place that turns
 * internal values into that shape is `computeTeamLoad` in ./index.ts.
 */

export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TicketStatusCategory = 'new' | 'open' | 'pending' | 'solved' | 'closed';
export type TopicId = string | number;

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
}

export type EventRole = 'agent' | 'customer' | 'system';

export interface TeamEvent {
  ticketId: string;
  /** Epoch ms. */
  at: number;
  author: string | null;
  role: EventRole;
  /** Comment text; only customer bodies are ever read (for tone). */
  body?: string;
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
  risk?: Partial<RiskThresholds>;
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
  options?: TeamLoadOptions;
}

export type RiskLevel = 'low' | 'elevated' | 'high';

export interface AgentLoadRow {
  agent: string;
  team: string;
  tickets: number;
  tickets_per_active_day: number;
  /** Actions (replies, or first response/resolution from ticket timestamps) per active day. */
  actions_per_day: number;
  /** Actions outside the agent's own shift in their zone, days off included. */
  after_hours_share: number;
  /** Actions on the agent's days off (Sat–Sun for a Mon–Fri rota, Fri–Sat for Sun–Thu). */
  weekend_share: number;
  /** Nights with off-shift actions between 22:00 and 06:00 local. */
  sleep_hour_days: number;
  max_consecutive_days: number;
  current_streak: number;
  /** Open tickets assigned now, and the median of the end-of-day values over the window. */
  open_backlog: number;
  open_backlog_median: number;
  /** Share of tickets handled that were urgent or escalated. */
  urgent_share: number;
  reopened_share: number;
  /** Null when none of the agent's tickets carries customer text. */
  negative_share: number | null;
  /** Distinct topics among the tickets handled. */
  topics: number;
  risk: RiskLevel;
  score: number;
  reasons: string[];
  suggestion: string;
  /** Where the actions came from: comment events, ticket timestamps (an estimate), or both. */
  actions_source: 'events' | 'ticket_timestamps' | 'mixed' | 'none';
}

export interface TeamWeek {
  /** Monday of the ISO week, "YYYY-MM-DD". */
  week_start: string;
  /** True for the week that contains `asOf`. */
  partial: boolean;
  tickets: number;
  actions: number;
  active_agents: number;
  load_per_agent_median: number;
  after_hours_share: number;
  /** Open tickets assigned to the team's agents at the end of the week. */
  backlog: number;
}

export interface TeamLoadRow {
  team: string;
  size: number;
  /** False when the team is too small for individual rows (privacy); only combined figures then. */
  brokenDown: boolean;
  tickets: number;
  load_per_agent_median: number;
  load_per_agent_iqr: [number, number];
  after_hours_share: number;
  /** Null for groups too small to show a distribution without exposing a person. */
  load_gini: number | null;
  top20_share: number | null;
  weekly: TeamWeek[];
}

export interface SingleOwnerTopic {
  topic_id: TopicId;
  agent: string;
  tickets: number;
}

export interface CrowdedTopic {
  topic_id: TopicId;
  agents: number;
  escalations: number;
  tickets: number;
}

export interface TeamLoadReport {
  asOf: string;
  windowDays: number;
  agents: AgentLoadRow[];
  teams: TeamLoadRow[];
  load_gini: number | null;
  top20_share: number | null;
  single_owner_topics: SingleOwnerTopic[];
  crowded_topics: CrowdedTopic[];
  disclaimer: string;
}
