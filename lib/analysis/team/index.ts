/**
 * Team load and burnout-risk metrics over a rolling window (28 local days ending on `asOf`),
 * with a weekly history for charts. Pure: arrays in, the `TeamLoadReport` JSON contract out.
 *
 * The risk part is a proxy for redistributing work — not a diagnosis, not a performance rating
 * (see ./risk.ts and the report's `disclaimer`). Individual rows appear only for teams of at
 * least five people and are ordered by risk then name (./privacy.ts).
 */
import { AppError } from '@/lib/errors';
import { DAY_MS, isValidTimeZone, localDayIndex, weekStartDayIndex } from '@/lib/time';
import { agentKey, collectActivity, type ActivitySpan } from './activity';
import { computeAgentMetrics, type AgentMetrics } from './agent-metrics';
import { findCrowdedTopics, findSingleOwnerTopics } from './knowledge';
import { compareByRiskThenName, MIN_GROUP_SIZE } from './privacy';
import { assessRisk, DEFAULT_RISK_THRESHOLDS, DISCLAIMER, type RiskReference } from './risk';
import { median, round } from './stats';
import { computeTeamRow, loadImbalance, type TeamMember } from './team-metrics';
import type { AgentLoadRow, TeamLoadInput, TeamLoadReport, TeamTicket } from './types';

export * from './types';
export { parseAgentsCsv, parseWorkDays } from './agents-config';
export { breakdownAllowed, compareByRiskThenName, MIN_GROUP_SIZE } from './privacy';
export { DEFAULT_RISK_THRESHOLDS, DISCLAIMER } from './risk';
export { customerTone, isNegativeTone } from './sentiment';
export { gini, topShare, median, quantile } from './stats';

export const DEFAULT_WINDOW_DAYS = 28;
export const DEFAULT_HISTORY_WEEKS = 12;
export const DEFAULT_TEAM = 'Support';
export const DEFAULT_MIN_TOPIC_TICKETS = 5;
export const DEFAULT_CROWDED_TOPIC_AGENTS = 6;
/** Teams smaller than this are compared with everyone's medians: a median of two says little. */
const MIN_TEAM_FOR_OWN_REFERENCE = 3;

/** Computes the team-load report for the window ending at `input.asOf`. */
export function computeTeamLoad(input: TeamLoadInput): TeamLoadReport {
  const o = input.options ?? {};
  const windowDays = o.windowDays ?? DEFAULT_WINDOW_DAYS;
  const historyWeeks = o.historyWeeks ?? DEFAULT_HISTORY_WEEKS;
  const minGroupSize = o.minGroupSize ?? MIN_GROUP_SIZE;
  const thresholds = { ...DEFAULT_RISK_THRESHOLDS, ...o.risk };
  const defaults = { timeZone: input.defaultTimeZone, team: o.defaultTeam ?? DEFAULT_TEAM };
  checkInput(input, windowDays, historyWeeks);

  const today = localDayIndex(input.asOf, input.defaultTimeZone);
  const span: ActivitySpan = {
    asOf: input.asOf,
    windowDays,
    historyWeeks,
    weekBase: weekStartDayIndex(today) - 7 * (historyWeeks - 1),
  };
  const { agents, customerBodies } = collectActivity(input.tickets, input.events ?? [], input.agents ?? [], span, defaults);
  const ticketsById = new Map<string, TeamTicket>(input.tickets.map((t) => [t.id, t]));
  const lookup = { byId: ticketsById, customerBodies };

  // The roster: people with anything in the window (a configured name with nothing is likely
  // away or gone, and would read as a zero-load colleague).
  const roster: TeamMember[] = [];
  for (const activity of agents.values()) {
    const metrics = computeAgentMetrics(activity, lookup);
    if (metrics.tickets > 0 || metrics.actions > 0 || metrics.openBacklog > 0) roster.push({ metrics, activity });
  }
  const teams = groupBy(roster, (m) => m.metrics.team);
  const everyoneByTeam = groupBy([...agents.values()], (a) => a.schedule.team);
  const overallReference = referenceOf(roster.map((m) => m.metrics));

  const rows: AgentLoadRow[] = [];
  const teamRows = [...teams.keys()].sort((a, b) => a.localeCompare(b)).map((team) => {
    const members = teams.get(team) ?? [];
    const row = computeTeamRow(team, members, everyoneByTeam.get(team) ?? [], span, minGroupSize);
    if (row.brokenDown) {
      const reference =
        members.length >= MIN_TEAM_FOR_OWN_REFERENCE ? referenceOf(members.map((m) => m.metrics)) : overallReference;
      for (const { metrics } of members) rows.push(toRow(metrics, assessRisk(metrics, reference, thresholds)));
    }
    return row;
  });
  rows.sort(compareByRiskThenName);

  const overall = loadImbalance(roster.map((m) => m.metrics.tickets), minGroupSize);
  const displayName = (assignee: string) => agents.get(agentKey(assignee))?.schedule.name ?? assignee.trim();
  return {
    asOf: new Date(input.asOf).toISOString(),
    windowDays,
    agents: rows,
    teams: teamRows,
    load_gini: overall.gini,
    top20_share: overall.top20,
    single_owner_topics: findSingleOwnerTopics(input.tickets, {
      fromMs: input.asOf - windowDays * DAY_MS,
      toMs: input.asOf,
      minTickets: o.minTopicTickets ?? DEFAULT_MIN_TOPIC_TICKETS,
      displayName,
      keyOf: agentKey,
    }),
    crowded_topics: findCrowdedTopics(
      roster.map((m) => ({ key: m.activity.key, tickets: m.activity.windowTickets })),
      ticketsById,
      o.crowdedTopicAgents ?? DEFAULT_CROWDED_TOPIC_AGENTS,
    ),
    disclaimer: DISCLAIMER,
  };
}

function checkInput(input: TeamLoadInput, windowDays: number, historyWeeks: number): void {
  const invalid = (message: string, hint?: string) => new AppError('InvalidInput', message, { hint });
  if (!Number.isFinite(input.asOf)) throw invalid(`asOf must be an instant, got ${input.asOf}`);
  if (!Number.isInteger(windowDays) || windowDays < 1) {
    throw invalid(`windowDays must be a positive whole number, got ${windowDays}`);
  }
  if (!Number.isInteger(historyWeeks) || historyWeeks < 1) {
    throw invalid(`historyWeeks must be a positive whole number, got ${historyWeeks}`);
  }
  for (const zone of [input.defaultTimeZone, ...(input.agents ?? []).map((a) => a.timeZone)]) {
    if (zone !== undefined && !isValidTimeZone(zone)) {
      throw invalid(`unknown time zone "${zone}"`, 'Use an IANA zone name such as Europe/Berlin.');
    }
  }
}

function referenceOf(metrics: readonly AgentMetrics[]): RiskReference {
  const active = metrics.filter((m) => m.activeDays > 0);
  const withTone = metrics.filter((m) => m.negativeShare !== null);
  return {
    ticketsPerActiveDayMedian: median(active.map((m) => m.ticketsPerActiveDay)),
    negativeShareMedian: withTone.length === 0 ? null : median(withTone.map((m) => m.negativeShare as number)),
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function toRow(m: AgentMetrics, risk: ReturnType<typeof assessRisk>): AgentLoadRow {
  return {
    agent: m.name,
    team: m.team,
    tickets: m.tickets,
    tickets_per_active_day: round(m.ticketsPerActiveDay, 2),
    actions_per_day: round(m.actionsPerDay, 2),
    after_hours_share: round(m.afterHoursShare),
    weekend_share: round(m.weekendShare),
    sleep_hour_days: m.sleepHourDays,
    max_consecutive_days: m.maxConsecutiveDays,
    current_streak: m.currentStreak,
    open_backlog: m.openBacklog,
    open_backlog_median: round(m.openBacklogMedian, 1),
    urgent_share: round(m.urgentShare),
    reopened_share: round(m.reopenedShare),
    negative_share: m.negativeShare === null ? null : round(m.negativeShare),
    topics: m.topics,
    risk: risk.risk,
    score: risk.score,
    reasons: risk.reasons,
    suggestion: risk.suggestion,
    actions_source: m.actionsSource,
  };
}
