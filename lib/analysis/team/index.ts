/**
 * Team load and burnout-risk metrics over a rolling window (28 local days ending on `asOf`),
 * with a weekly history for charts. Pure: arrays in, a `TeamLoadReport` out (its JSON spelling:
 * ./json-contract.ts).
 *
 * The risk part is a proxy for redistributing work — not a diagnosis, not a performance rating
 * (see ./risk.ts and the report's `disclaimer`). Individual rows appear only for teams of at
 * least five people and are ordered by risk then name (./privacy.ts).
 */
import { AppError } from '@/db/errors';
import { DAY_MS, isValidTimeZone, localDayIndex, weekStartDayIndex } from '@/lib/time';
import { agentKey, collectActivity, type ActivitySpan, type AgentActivity } from './activity';
import { computeAgentMetrics, type AgentMetrics } from './agent-metrics';
import type { BulkBurst } from './bulk-actions';
import { detectExportShape } from './export-shape';
import type { HoursEvidence } from './infer-hours';
import { findCrowdedTopics, findSingleOwnerTopics } from './knowledge';
import { compareByRiskThenName, MIN_GROUP_SIZE } from './privacy';
import { assessRisk, DEFAULT_RISK_THRESHOLDS, DISCLAIMER, type RiskReference } from './risk';
import { responseWeeksByTeam } from './response-times';
import { median, round } from './stats';
import { findTeamSignals } from './team-findings';
import { combineSources, computeTeamRow, loadImbalance, type TeamMember } from './team-metrics';
import type {
  AgentLoadRow,
  ExportShape,
  TeamFinding,
  TeamLoadInput,
  TeamLoadReport,
  TeamLoadState,
  TeamTicket,
} from './types';
import { formatClock } from './working-hours';

export * from './types';
export { parseAgentsCsv, parseWorkDays } from './agents-config';
export { teamLoadFromJson, teamLoadToJson, type TeamLoadJson } from './json-contract';
export { breakdownAllowed, compareByRiskThenName, MIN_GROUP_SIZE } from './privacy';
export { DEFAULT_RISK_THRESHOLDS, DISCLAIMER } from './risk';
export { customerTone, isNegativeTone } from './sentiment';
export { gini, topShare, median, quantile } from './stats';
export { inferWorkingHours, inferUtcOffset, formatUtcOffset } from './infer-hours';
export { findBulkBursts, toColumns, type BulkBurst, type PersonAction } from './bulk-actions';

export const DEFAULT_WINDOW_DAYS = 28;
export const DEFAULT_HISTORY_WEEKS = 12;
export const DEFAULT_TEAM = 'Support';
export const DEFAULT_MIN_TOPIC_TICKETS = 5;
export const DEFAULT_CROWDED_TOPIC_AGENTS = 6;
/** Half a year of a person's own activity to read their usual hours from. */
export const DEFAULT_INFERENCE_LOOKBACK_DAYS = 182;
/** Teams smaller than this are compared with everyone's medians: a median of two says little. */
const MIN_TEAM_FOR_OWN_REFERENCE = 3;

/**
 * Per person, how their hours were set and which bulk bursts were collapsed: for the audited
 * individual view and the benchmark. Never part of the stored report — it names people whatever
 * the size of their team.
 */
export interface PersonDiagnostics {
  name: string;
  team: string;
  hoursSource: AgentLoadRow['workingHours']['source'];
  zoneSource: AgentLoadRow['workingHours']['zoneSource'];
  timeZone: string;
  /** The inferred UTC offset, when the zone itself was inferred. */
  utcOffsetMinutes: number | null;
  start: string;
  end: string;
  workDays: number[];
  evidence: HoursEvidence | null;
  coverage: number | null;
  /** Every burst in the data read (not only in the window). */
  bursts: BulkBurst[];
  /** In the roster of the window (has tickets, actions or backlog in it). */
  inWindow: boolean;
}

export interface TeamLoadDetails {
  report: TeamLoadReport;
  people: PersonDiagnostics[];
}

/** Computes the team-load report for the window ending at `input.asOf`. */
export function computeTeamLoad(input: TeamLoadInput): TeamLoadReport {
  return computeTeamLoadDetails(input).report;
}

/** The report, and per person how their hours were set and what was collapsed as bulk. */
export function computeTeamLoadDetails(input: TeamLoadInput): TeamLoadDetails {
  const o = input.options ?? {};
  const windowDays = o.windowDays ?? DEFAULT_WINDOW_DAYS;
  const historyWeeks = o.historyWeeks ?? DEFAULT_HISTORY_WEEKS;
  const minGroupSize = o.minGroupSize ?? MIN_GROUP_SIZE;
  const thresholds = { ...DEFAULT_RISK_THRESHOLDS, ...o.risk };
  const defaults = { timeZone: input.defaultTimeZone, team: o.defaultTeam ?? DEFAULT_TEAM };
  const lookbackDays = o.inferenceLookbackDays ?? DEFAULT_INFERENCE_LOOKBACK_DAYS;
  checkInput(input, windowDays, historyWeeks, lookbackDays);

  const today = localDayIndex(input.asOf, input.defaultTimeZone);
  const span: ActivitySpan = {
    asOf: input.asOf,
    windowDays,
    historyWeeks,
    weekBase: weekStartDayIndex(today) - 7 * (historyWeeks - 1),
  };
  const events = input.events ?? [];
  const { agents, customerBodies, teamKeys, firstAgentReply } = collectActivity(input.tickets, events, input.agents ?? [], span, defaults, {
    declaredTimeZones: input.declaredTimeZones,
    inferenceLookbackDays: lookbackDays,
  });
  const exportShape = detectExportShape(input.tickets, events, teamKeys);
  const weakSignals = exportShape.teamSignals === 'weak';
  const ticketsById = new Map<string, TeamTicket>(input.tickets.map((t) => [t.id, t]));
  const lookup = { byId: ticketsById, customerBodies, toneEnabled: !weakSignals, teamKeys };

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
  const responses = responseWeeksByTeam(
    input.tickets,
    firstAgentReply,
    (assignee) => agents.get(agentKey(assignee))?.schedule.team ?? null,
    span,
    input.defaultTimeZone,
  );

  const rows: AgentLoadRow[] = [];
  const findings: TeamFinding[] = [];
  const teamRows = [...teams.keys()].sort((a, b) => a.localeCompare(b)).map((team) => {
    const members = teams.get(team) ?? [];
    const row = computeTeamRow(team, members, everyoneByTeam.get(team) ?? [], span, {
      minGroupSize,
      minActionsForShares: thresholds.minActionsForShares,
      responses: responses.get(team),
    });
    const signals = findTeamSignals({
      team,
      members: members.map((m) => m.metrics),
      brokenDown: row.brokenDown,
      windowDays,
      thresholds,
      weakSignals,
    });
    findings.push(...signals.findings);
    if (row.brokenDown) {
      const reference =
        members.length >= MIN_TEAM_FOR_OWN_REFERENCE ? referenceOf(members.map((m) => m.metrics)) : overallReference;
      const context = { teamSignals: signals.medians, weakSignals };
      for (const { metrics } of members) rows.push(toRow(metrics, assessRisk(metrics, reference, thresholds, context)));
    }
    return row;
  });
  rows.sort(compareByRiskThenName);

  const overall = loadImbalance(roster.map((m) => m.metrics.tickets), minGroupSize);
  const displayName = (assignee: string) => agents.get(agentKey(assignee))?.schedule.name ?? assignee.trim();
  const state: TeamLoadState = agents.size === 0 ? 'no_people' : roster.length === 0 ? 'no_activity' : 'ok';
  const workingHoursSource = combineSources(roster.map((m) => m.metrics.schedule.hoursSource));
  const bulkBursts = roster.reduce((s, m) => s + m.metrics.bulkBursts, 0);
  const bulkActions = roster.reduce((s, m) => s + m.metrics.bulkActions, 0);
  const report: TeamLoadReport = {
    asOf: new Date(input.asOf).toISOString(),
    windowDays,
    agents: rows,
    teams: teamRows,
    loadGini: overall.gini,
    top20Share: overall.top20,
    singleOwnerTopics: findSingleOwnerTopics(input.tickets, {
      fromMs: input.asOf - windowDays * DAY_MS,
      toMs: input.asOf,
      minTickets: o.minTopicTickets ?? DEFAULT_MIN_TOPIC_TICKETS,
      displayName,
      keyOf: agentKey,
    }),
    crowdedTopics: findCrowdedTopics(
      roster.map((m) => ({ key: m.activity.key, tickets: m.activity.windowTickets })),
      ticketsById,
      o.crowdedTopicAgents ?? DEFAULT_CROWDED_TOPIC_AGENTS,
    ),
    disclaimer: DISCLAIMER,
    state,
    workingHoursSource: workingHoursSource,
    exportShape: exportShape,
    teamFindings: findings,
    bulkBursts: bulkBursts,
    bulkActions: bulkActions,
    warnings: warningsOf({ state, roster: roster.map((m) => m.metrics), exportShape, bulkBursts, bulkActions, windowDays, defaultTimeZone: input.defaultTimeZone }),
  };
  return { report, people: [...agents.values()].map((a) => diagnosticsOf(a, roster)) };
}

/** The sentences a reader needs before the figures: no people, assumed or inferred hours, weak signals, bulk. */
function warningsOf(input: {
  state: TeamLoadState;
  roster: readonly AgentMetrics[];
  exportShape: ExportShape;
  bulkBursts: number;
  bulkActions: number;
  windowDays: number;
  defaultTimeZone: string;
}): string[] {
  const { state, roster, exportShape } = input;
  if (state === 'no_people') {
    return ['No people in this export: no ticket has an assignee and no comment is written by an agent, so there is no team load to show.'];
  }
  if (state === 'no_activity') return [`Nobody on the team has tickets or actions in the ${input.windowDays} days before the analysis date.`];
  const warnings: string[] = [];
  const count = (source: string) => roster.filter((m) => m.schedule.hoursSource === source).length;
  const people = (n: number) => (n === 1 ? '1 person' : `${n} people`);
  const inferred = count('inferred');
  const assumed = count('default');
  if (inferred > 0) {
    warnings.push(
      `Working hours of ${people(inferred)} were inferred from their own activity (the hours holding most of it over at least 4 weeks); add an agents file to set them.`,
    );
  }
  if (assumed > 0) {
    warnings.push(
      `Working hours of ${people(assumed)} are assumed (09:00–18:00 Mon–Fri, ${input.defaultTimeZone} unless the export gives their zone): too little history to infer them; add an agents file to set them.`,
    );
  }
  if (exportShape.note) warnings.push(exportShape.note);
  if (input.bulkBursts > 0) {
    warnings.push(
      `${input.bulkActions} bulk actions (mass status changes or templated comments within minutes) were counted as ${input.bulkBursts} ` +
        `action${input.bulkBursts === 1 ? '' : 's'}, and never as after-hours or sleep-hour work.`,
    );
  }
  return warnings;
}

function diagnosticsOf(activity: AgentActivity, roster: readonly TeamMember[]): PersonDiagnostics {
  const s = activity.schedule;
  return {
    name: s.name,
    team: s.team,
    hoursSource: s.hoursSource,
    zoneSource: s.zoneSource,
    timeZone: s.zoneLabel,
    utcOffsetMinutes: s.inferredOffsetMinutes,
    start: formatClock(s.startMinute),
    end: formatClock(s.endMinute),
    workDays: s.workDays.flatMap((on, d) => (on ? [d] : [])),
    evidence: s.evidence,
    coverage: s.coverage === null ? null : round(s.coverage),
    bursts: activity.bursts,
    inWindow: roster.some((m) => m.activity === activity),
  };
}

function checkInput(input: TeamLoadInput, windowDays: number, historyWeeks: number, lookbackDays: number): void {
  const invalid = (message: string, hint?: string) => new AppError('InvalidInput', message, { hint });
  if (!Number.isFinite(input.asOf)) throw invalid(`asOf must be an instant, got ${input.asOf}`);
  if (!Number.isInteger(windowDays) || windowDays < 1) {
    throw invalid(`windowDays must be a positive whole number, got ${windowDays}`);
  }
  if (!Number.isInteger(historyWeeks) || historyWeeks < 1) {
    throw invalid(`historyWeeks must be a positive whole number, got ${historyWeeks}`);
  }
  if (!Number.isInteger(lookbackDays) || lookbackDays < 0) {
    throw invalid(`inferenceLookbackDays must be a whole number of days, got ${lookbackDays}`);
  }
  const zones = [input.defaultTimeZone, ...(input.agents ?? []).map((a) => a.timeZone), ...(input.declaredTimeZones ?? []).map((d) => d.timeZone)];
  for (const zone of zones) {
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
    ticketsPerActiveDay: round(m.ticketsPerActiveDay, 2),
    actionsPerDay: round(m.actionsPerDay, 2),
    afterHoursShare: round(m.afterHoursShare),
    weekendShare: round(m.weekendShare),
    sleepHourDays: m.sleepHourDays,
    maxConsecutiveDays: m.maxConsecutiveDays,
    currentStreak: m.currentStreak,
    openBacklog: m.openBacklog,
    openBacklogMedian: round(m.openBacklogMedian, 1),
    urgentShare: round(m.urgentShare),
    reopenedShare: round(m.reopenedShare),
    negativeShare: m.negativeShare === null ? null : round(m.negativeShare),
    topics: m.topics,
    risk: risk.risk,
    score: risk.score,
    reasons: risk.reasons,
    suggestion: risk.suggestion,
    actionsSource: m.actionsSource,
    workingHours: {
      source: m.schedule.hoursSource,
      zoneSource: m.schedule.zoneSource,
      timeZone: m.schedule.zoneLabel,
      start: formatClock(m.schedule.startMinute),
      end: formatClock(m.schedule.endMinute),
      workDays: m.schedule.workDays.flatMap((on, d) => (on ? [d] : [])),
    },
    bulkBursts: m.bulkBursts,
    riskNote: risk.note,
  };
}
