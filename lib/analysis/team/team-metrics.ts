/**
 * Team-level figures: load per person (median, IQR), how unevenly it is spread (Gini, share of
 * the top 20%), after-hours share, and a weekly history for the charts.
 */
import { dayIndexToIso } from '@/lib/time';
import type { ActivitySpan, AgentActivity } from './activity';
import type { AgentMetrics } from './agent-metrics';
import { breakdownAllowed } from './privacy';
import type { ResponseWeek } from './response-times';
import { gini, median, quantile, round, topShare } from './stats';
import { afterHoursChange } from './team-findings';
import type { HoursSource, TeamLoadRow, TeamWeek, WorkingHoursCounts, WorkingHoursSource } from './types';

export interface TeamMember {
  metrics: AgentMetrics;
  activity: AgentActivity;
}

/**
 * Imbalance of the tickets handled in the window across people: Gini and the share carried by the
 * top 20%. Null for groups too small to show a distribution without exposing someone.
 */
export function loadImbalance(
  ticketsPerPerson: readonly number[],
  minGroupSize: number,
): { gini: number | null; top20: number | null } {
  if (!breakdownAllowed(ticketsPerPerson.length, minGroupSize)) return { gini: null, top20: null };
  return { gini: round(gini(ticketsPerPerson)), top20: round(topShare(ticketsPerPerson, 0.2)) };
}

/**
 * One point per ISO week (Monday start) for the `historyWeeks` weeks ending with the week of
 * `asOf`. Each agent's days are their own local days; weeks are calendar weeks, so a Monday in
 * Tokyo and a Monday in New York land in the same week.
 */
export function weeklyHistory(
  activities: readonly AgentActivity[],
  span: ActivitySpan,
  responses: readonly ResponseWeek[] = [],
): TeamWeek[] {
  const weeks: TeamWeek[] = [];
  for (let w = 0; w < span.historyWeeks; w++) {
    const weekStart = span.weekBase + 7 * w;
    const tickets = new Set<string>();
    const perAgent: number[] = [];
    let actions = 0;
    let weight = 0;
    let afterHours = 0;
    let backlog = 0;
    for (const a of activities) {
      const from = Math.max(weekStart, a.firstDay) - a.firstDay;
      const last = Math.min(weekStart + 6, a.today) - a.firstDay;
      let agentActions = 0;
      for (let i = from; i <= last; i++) {
        agentActions += a.actionsByDay[i];
        weight += a.weightByDay[i];
        afterHours += a.afterHoursWeightByDay[i];
      }
      actions += agentActions;
      if (last >= 0 && last < a.backlogByDay.length) backlog += a.backlogByDay[last];
      const weekTickets = a.weekTickets[w];
      for (const id of weekTickets) tickets.add(id);
      if (agentActions > 0 || weekTickets.size > 0) perAgent.push(weekTickets.size);
    }
    weeks.push({
      weekStart: dayIndexToIso(weekStart),
      partial: w === span.historyWeeks - 1,
      tickets: tickets.size,
      actions,
      activeAgents: perAgent.length,
      loadPerAgentMedian: round(median(perAgent), 2),
      afterHoursShare: weight === 0 ? 0 : round(afterHours / weight),
      backlog,
      firstResponses: responses[w]?.firstResponses ?? 0,
      firstResponseHoursMedian: responses[w]?.firstResponseHoursMedian ?? null,
      resolutions: responses[w]?.resolutions ?? 0,
      resolutionHoursMedian: responses[w]?.resolutionHoursMedian ?? null,
    });
  }
  return weeks;
}

/** One source for everyone, `mixed` otherwise; null for nobody. */
export function combineSources(sources: readonly HoursSource[]): WorkingHoursSource | null {
  if (sources.length === 0) return null;
  return sources.every((s) => s === sources[0]) ? sources[0] : 'mixed';
}

export function countSources(sources: readonly HoursSource[]): WorkingHoursCounts {
  const counts: WorkingHoursCounts = { agentsFile: 0, inferred: 0, default: 0 };
  // The JSON contract spells the file's key agents_file (lib/analysis/team/json-contract.ts).
  for (const s of sources) counts[s === 'agents_file' ? 'agentsFile' : s]++;
  return counts;
}

export interface TeamRowOptions {
  minGroupSize: number;
  /** Fewer actions than this in a window make its after-hours share too noisy to compare. */
  minActionsForShares: number;
  responses?: readonly ResponseWeek[];
}

/**
 * The team's row. Every figure is over the team as a whole, so teams too small to be broken down
 * still get them (their spread and imbalance stay null).
 */
export function computeTeamRow(
  team: string,
  roster: readonly TeamMember[],
  everyone: readonly AgentActivity[],
  span: ActivitySpan,
  options: TeamRowOptions,
): TeamLoadRow {
  const { minGroupSize } = options;
  const loads = roster.map((m) => m.metrics.tickets);
  const distinct = new Set<string>();
  let weight = 0;
  let afterHoursWeight = 0;
  let dayOffWeight = 0;
  let workActions = 0;
  let afterHoursActions = 0;
  let previousWork = 0;
  let previousAfterHours = 0;
  let sleepNights = 0;
  let bulkBursts = 0;
  let bulkActions = 0;
  const hourOfWeek = new Array<number>(168).fill(0);
  for (const { metrics, activity } of roster) {
    for (const id of activity.windowTickets) distinct.add(id);
    const from = activity.windowStart - activity.firstDay;
    const to = activity.today - activity.firstDay;
    for (let i = from; i <= to; i++) {
      weight += activity.weightByDay[i];
      afterHoursWeight += activity.afterHoursWeightByDay[i];
      dayOffWeight += activity.dayOffWeightByDay[i];
    }
    workActions += metrics.workActions;
    afterHoursActions += metrics.afterHoursActions;
    previousWork += metrics.previousWorkActions;
    previousAfterHours += metrics.previousAfterHoursActions;
    sleepNights += metrics.sleepHourDays;
    bulkBursts += metrics.bulkBursts;
    bulkActions += metrics.bulkActions;
    for (let h = 0; h < 168; h++) hourOfWeek[h] += activity.hourOfWeek[h];
  }
  const sources = roster.map((m) => m.metrics.schedule.hoursSource);
  const runs = roster.map((m) => m.metrics.maxConsecutiveDays);
  const imbalance = loadImbalance(loads, minGroupSize);
  return {
    team,
    size: roster.length,
    brokenDown: breakdownAllowed(roster.length, minGroupSize),
    tickets: distinct.size,
    loadPerAgentMedian: round(median(loads), 2),
    loadPerAgentIqr: [round(quantile(loads, 0.25), 2), round(quantile(loads, 0.75), 2)],
    afterHoursShare: weight === 0 ? 0 : round(afterHoursWeight / weight),
    loadGini: imbalance.gini,
    top20Share: imbalance.top20,
    weekly: weeklyHistory(everyone, span, options.responses),
    workingHoursSource: combineSources(sources),
    workingHoursPeople: countSources(sources),
    actions: workActions,
    weekendShare: weight === 0 ? 0 : round(dayOffWeight / weight),
    sleepHourNights: sleepNights,
    longestStreak: runs.length === 0 ? 0 : Math.max(...runs),
    longestStreakMedian: median(runs),
    afterHoursChange: afterHoursChange(afterHoursActions, workActions, previousAfterHours, previousWork, options.minActionsForShares),
    hourOfWeek: hourOfWeek,
    bulkBursts: bulkBursts,
    bulkActions: bulkActions,
  };
}
