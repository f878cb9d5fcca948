/**
 * Window metrics for one agent, read off the day arrays built by ./activity.ts.
 */
import { isSupportConversation, type AgentActivity } from './activity';
import { isNegativeTone } from './sentiment';
import { median } from './stats';
import type { AgentLoadRow, TeamTicket, TopicId } from './types';
import type { WorkSchedule } from './working-hours';

/** An agent's figures as their row reports them (AgentLoadRow), and what rating and team rows need besides. */
export interface AgentMetrics
  extends Pick<
    AgentLoadRow,
    | 'team'
    | 'tickets'
    | 'ticketsPerActiveDay'
    | 'actionsPerDay'
    | 'afterHoursShare'
    | 'weekendShare'
    | 'sleepHourDays'
    | 'maxConsecutiveDays'
    | 'currentStreak'
    | 'openBacklog'
    | 'openBacklogMedian'
    | 'urgentShare'
    | 'reopenedShare'
    | 'negativeShare'
    | 'topics'
    | 'actionsSource'
    | 'bulkBursts'
  > {
  key: string;
  name: string;
  activeDays: number;
  actions: number;
  /** Tickets with customer text, the denominator of negativeShare. */
  toneTickets: number;
  schedule: WorkSchedule;
  /** Ordinary (non-bulk) actions in the window and those outside working hours. */
  workActions: number;
  afterHoursActions: number;
  /** The same two counts over the window before (as far as the day arrays reach). */
  previousWorkActions: number;
  previousAfterHoursActions: number;
  supportReplies: number;
  bulkActions: number;
}

export interface TicketLookup {
  byId: ReadonlyMap<string, TeamTicket>;
  customerBodies: ReadonlyMap<string, string[]>;
  /** Tone is read only on support conversations (tickets from outside the team), and not at all when false. */
  toneEnabled: boolean;
  teamKeys: ReadonlySet<string>;
}

/** Longest run of consecutive days with actions, and the run still going on `asOf`. */
export function streaks(activeByDay: ArrayLike<number>): { longest: number; current: number } {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < activeByDay.length; i++) {
    run = activeByDay[i] > 0 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  // Today is not over yet: a streak that reached yesterday is still current.
  let current = 0;
  const last = activeByDay.length - 1;
  const end = last >= 0 && activeByDay[last] > 0 ? last : last - 1;
  for (let i = end; i >= 0 && activeByDay[i] > 0; i--) current++;
  return { longest, current };
}

export function computeAgentMetrics(activity: AgentActivity, lookup: TicketLookup): AgentMetrics {
  const from = activity.windowStart - activity.firstDay;
  const to = activity.today - activity.firstDay; // inclusive
  // Days with ordinary actions only: a bulk burst alone does not make a working day.
  const windowWork = activity.workByDay.subarray(from, to + 1);
  let actions = 0;
  let weight = 0;
  let afterHoursWeight = 0;
  let dayOffWeight = 0;
  let activeDays = 0;
  let workActions = 0;
  let afterHoursActions = 0;
  for (let i = from; i <= to; i++) {
    actions += activity.actionsByDay[i];
    weight += activity.weightByDay[i];
    afterHoursWeight += activity.afterHoursWeightByDay[i];
    dayOffWeight += activity.dayOffWeightByDay[i];
    workActions += activity.workByDay[i];
    afterHoursActions += activity.afterHoursByDay[i];
    if (activity.workByDay[i] > 0) activeDays++;
  }
  let previousWorkActions = 0;
  let previousAfterHoursActions = 0;
  for (let i = Math.max(0, from - (to - from + 1)); i < from; i++) {
    previousWorkActions += activity.workByDay[i];
    previousAfterHoursActions += activity.afterHoursByDay[i];
  }
  const { longest, current } = streaks(windowWork);

  let known = 0;
  let urgent = 0;
  let reopened = 0;
  let toneTickets = 0;
  let negative = 0;
  const topics = new Set<TopicId>();
  for (const id of activity.windowTickets) {
    const ticket = lookup.byId.get(id);
    if (!ticket) continue;
    known++;
    if (ticket.priority === 'urgent' || ticket.escalated) urgent++;
    if (ticket.reopened) reopened++;
    if (ticket.topicId !== null) topics.add(ticket.topicId);
    if (!lookup.toneEnabled || (ticket.requester !== null && !isSupportConversation(ticket, lookup.teamKeys))) continue;
    if (ticket.negativeTone !== undefined && ticket.negativeTone !== null) {
      toneTickets++;
      if (ticket.negativeTone) negative++;
    } else {
      const text = customerTextOf(ticket, lookup.customerBodies.get(id));
      if (text.trim() !== '') {
        toneTickets++;
        if (isNegativeTone(text)) negative++;
      }
    }
  }

  const tickets = activity.windowTickets.size;
  const perDay = Math.max(1, activeDays);
  return {
    key: activity.key,
    name: activity.schedule.name,
    team: activity.schedule.team,
    tickets,
    activeDays,
    ticketsPerActiveDay: tickets / perDay,
    actions,
    actionsPerDay: actions / perDay,
    afterHoursShare: weight === 0 ? 0 : afterHoursWeight / weight,
    weekendShare: weight === 0 ? 0 : dayOffWeight / weight,
    sleepHourDays: activity.sleepNights.size,
    maxConsecutiveDays: longest,
    currentStreak: current,
    openBacklog: activity.backlogByDay[to] ?? 0,
    openBacklogMedian: median(Array.from(activity.backlogByDay.subarray(from, to + 1))),
    urgentShare: known === 0 ? 0 : urgent / known,
    reopenedShare: known === 0 ? 0 : reopened / known,
    negativeShare: toneTickets === 0 ? null : negative / toneTickets,
    toneTickets,
    topics: topics.size,
    actionsSource: sourceOf(activity),
    schedule: activity.schedule,
    workActions,
    afterHoursActions,
    previousWorkActions,
    previousAfterHoursActions,
    supportReplies: activity.supportReplies,
    bulkBursts: activity.windowBursts,
    bulkActions: activity.windowBulkActions,
  };
}

/** The customer's words only: the ticket's own text and comments written by the customer. */
export function customerTextOf(ticket: TeamTicket, customerBodies: readonly string[] | undefined): string {
  if (!customerBodies || customerBodies.length === 0) return ticket.customerText;
  return `${ticket.customerText}\n${customerBodies.join('\n')}`;
}

function sourceOf(activity: AgentActivity): AgentMetrics['actionsSource'] {
  if (activity.eventActions > 0 && activity.timestampActions > 0) return 'mixed';
  if (activity.eventActions > 0) return 'events';
  if (activity.timestampActions > 0) return 'ticket_timestamps';
  return 'none';
}
