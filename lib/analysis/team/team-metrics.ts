/**
 * Team-level figures: load per person (median, IQR), how unevenly it is spread (Gini, share of
 * the top 20%), after-hours share, and a weekly history for the charts.
 */
import { dayIndexToIso } from '@/lib/time';
import type { ActivitySpan, AgentActivity } from './activity';
import type { AgentMetrics } from './agent-metrics';
import { breakdownAllowed } from './privacy';
import { gini, median, quantile, round, topShare } from './stats';
import type { TeamLoadRow, TeamWeek } from './types';

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
export function weeklyHistory(activities: readonly AgentActivity[], span: ActivitySpan): TeamWeek[] {
  const weeks: TeamWeek[] = [];
  for (let w = 0; w < span.historyWeeks; w++) {
    const weekStart = span.weekBase + 7 * w;
    const tickets = new Set<string>();
    const perAgent: number[] = [];
    let actions = 0;
    let afterHours = 0;
    let backlog = 0;
    for (const a of activities) {
      const from = Math.max(weekStart, a.firstDay) - a.firstDay;
      const last = Math.min(weekStart + 6, a.today) - a.firstDay;
      let agentActions = 0;
      for (let i = from; i <= last; i++) {
        agentActions += a.actionsByDay[i];
        afterHours += a.afterHoursByDay[i];
      }
      actions += agentActions;
      if (last >= 0 && last < a.backlogByDay.length) backlog += a.backlogByDay[last];
      const weekTickets = a.weekTickets[w];
      for (const id of weekTickets) tickets.add(id);
      if (agentActions > 0 || weekTickets.size > 0) perAgent.push(weekTickets.size);
    }
    weeks.push({
      week_start: dayIndexToIso(weekStart),
      partial: w === span.historyWeeks - 1,
      tickets: tickets.size,
      actions,
      active_agents: perAgent.length,
      load_per_agent_median: round(median(perAgent), 2),
      after_hours_share: actions === 0 ? 0 : round(afterHours / actions),
      backlog,
    });
  }
  return weeks;
}

export function computeTeamRow(
  team: string,
  roster: readonly TeamMember[],
  everyone: readonly AgentActivity[],
  span: ActivitySpan,
  minGroupSize: number,
): TeamLoadRow {
  const loads = roster.map((m) => m.metrics.tickets);
  const distinct = new Set<string>();
  let actions = 0;
  let afterHours = 0;
  for (const { metrics, activity } of roster) {
    for (const id of activity.windowTickets) distinct.add(id);
    actions += metrics.actions;
    afterHours += metrics.afterHoursShare * metrics.actions;
  }
  const imbalance = loadImbalance(loads, minGroupSize);
  return {
    team,
    size: roster.length,
    brokenDown: breakdownAllowed(roster.length, minGroupSize),
    tickets: distinct.size,
    load_per_agent_median: round(median(loads), 2),
    load_per_agent_iqr: [round(quantile(loads, 0.25), 2), round(quantile(loads, 0.75), 2)],
    after_hours_share: actions === 0 ? 0 : round(afterHours / actions),
    load_gini: imbalance.gini,
    top20_share: imbalance.top20,
    weekly: weeklyHistory(everyone, span),
  };
}
