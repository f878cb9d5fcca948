/**
 * One pass over events and tickets that turns them into per-agent day arrays in each agent's own
 * zone: actions, after-hours actions, actions on days off, nights with sleep-hour actions,
 * tickets handled, and the open backlog at the end of every day.
 *
 * Actions come from agent comment events when a ticket has any; for a ticket without them the
 * agent's own ticket timestamps stand in (first response when known, and resolution). The
 * creation time is the *customer's* action, so it never counts as agent time — it only starts
 * the ticket's stay in the assignee's backlog and counts the ticket as assigned.
 */
import { DAY_MS, localDayIndex } from '@/lib/time';
import type { AgentConfig, TeamEvent, TeamTicket } from './types';
import { classifyAction, newActionSlot, resolveSchedule, type WorkSchedule } from './working-hours';

export interface ActivitySpan {
  asOf: number;
  windowDays: number;
  historyWeeks: number;
  /** Monday (local day number) of the oldest history week, from the default zone. */
  weekBase: number;
}

export interface AgentActivity {
  key: string;
  schedule: WorkSchedule;
  /** Local day of `asOf` for this agent. */
  today: number;
  /** Local day of index 0 of the day arrays. */
  firstDay: number;
  windowStart: number;
  actionsByDay: Int32Array;
  afterHoursByDay: Int32Array;
  dayOffByDay: Int32Array;
  /** Open tickets assigned to the agent at the end of each day (at `asOf` for today). */
  backlogByDay: Int32Array;
  /** Nights (local day they began) with off-shift actions in 22:00–06:00, within the window. */
  sleepNights: Set<number>;
  windowTickets: Set<string>;
  /** Tickets handled per history week (index = week slot from `weekBase`). */
  weekTickets: Set<string>[];
  eventActions: number;
  timestampActions: number;
}

export interface ActivityResult {
  agents: Map<string, AgentActivity>;
  /** Customer-written comment bodies per ticket (tone is read from customers only). */
  customerBodies: Map<string, string[]>;
}

export function agentKey(name: string): string {
  return name.trim().toLowerCase();
}

const CLOSED = new Set(['solved', 'closed']);

export function collectActivity(
  tickets: readonly TeamTicket[],
  events: readonly TeamEvent[],
  configs: readonly AgentConfig[],
  span: ActivitySpan,
  defaults: { timeZone: string; team: string },
): ActivityResult {
  const configByKey = new Map(configs.map((c) => [agentKey(c.name), c]));
  const agents = new Map<string, AgentActivity>();
  const byRawName = new Map<string, AgentActivity>();
  const slot = newActionSlot();
  // Two days of slack: no zone is more than 14 h from UTC.
  const firstDefaultDay = Math.min(span.weekBase, localDayIndex(span.asOf, defaults.timeZone) - span.windowDays);
  const earliest = (firstDefaultDay - 2) * DAY_MS;

  const agentFor = (rawName: string): AgentActivity => {
    let agent = byRawName.get(rawName);
    if (agent) return agent;
    const key = agentKey(rawName);
    agent = agents.get(key);
    if (!agent) {
      const config = configByKey.get(key) ?? { name: rawName.trim() };
      agent = newActivity(key, resolveSchedule(config, defaults), span);
      agents.set(key, agent);
    }
    byRawName.set(rawName, agent);
    return agent;
  };

  const record = (agent: AgentActivity, at: number, ticketId: string, fromEvent: boolean) => {
    if (at > span.asOf || at < earliest) return;
    classifyAction(agent.schedule, at, slot);
    const index = slot.dayIndex - agent.firstDay;
    if (index < 0) return;
    agent.actionsByDay[index]++;
    if (slot.afterHours) agent.afterHoursByDay[index]++;
    if (slot.dayOff) agent.dayOffByDay[index]++;
    if (slot.dayIndex >= agent.windowStart) {
      agent.windowTickets.add(ticketId);
      if (slot.sleepNight >= 0) agent.sleepNights.add(slot.sleepNight);
    }
    addToWeek(agent, slot.dayIndex, ticketId, span);
    if (fromEvent) agent.eventActions++;
    else agent.timestampActions++;
  };

  const ticketsWithAgentEvents = new Set<string>();
  const customerBodies = new Map<string, string[]>();
  for (const event of events) {
    if (event.role === 'agent') {
      if (!event.author) continue; // an unattributed agent comment cannot be anyone's load
      ticketsWithAgentEvents.add(event.ticketId);
      record(agentFor(event.author), event.at, event.ticketId, true);
    } else if (event.role === 'customer' && event.body && event.at <= span.asOf) {
      const bodies = customerBodies.get(event.ticketId);
      if (bodies) bodies.push(event.body);
      else customerBodies.set(event.ticketId, [event.body]);
    }
  }

  for (const ticket of tickets) {
    if (!ticket.assignee || ticket.createdAt > span.asOf) continue;
    const agent = agentFor(ticket.assignee);
    if (!ticketsWithAgentEvents.has(ticket.id)) {
      if (ticket.firstResponseAt != null) record(agent, ticket.firstResponseAt, ticket.id, false);
      if (ticket.resolvedAt != null) record(agent, ticket.resolvedAt, ticket.id, false);
    }
    const createdDay = localDayIndex(ticket.createdAt, agent.schedule.timeZone);
    // Assigned in the window counts as handled even before the first reply.
    if (createdDay >= agent.windowStart) agent.windowTickets.add(ticket.id);
    if (createdDay >= agent.firstDay) addToWeek(agent, createdDay, ticket.id, span);
    addToBacklog(agent, ticket, createdDay, span.asOf);
  }

  for (const agent of agents.values()) {
    const backlog = agent.backlogByDay;
    for (let i = 1; i < backlog.length; i++) backlog[i] += backlog[i - 1];
  }
  return { agents, customerBodies };
}

function newActivity(key: string, schedule: WorkSchedule, span: ActivitySpan): AgentActivity {
  const today = localDayIndex(span.asOf, schedule.timeZone);
  const windowStart = today - span.windowDays + 1;
  const firstDay = Math.min(span.weekBase, windowStart);
  const days = Math.max(1, today - firstDay + 1);
  return {
    key,
    schedule,
    today,
    firstDay,
    windowStart,
    actionsByDay: new Int32Array(days),
    afterHoursByDay: new Int32Array(days),
    dayOffByDay: new Int32Array(days),
    backlogByDay: new Int32Array(days),
    sleepNights: new Set(),
    windowTickets: new Set(),
    weekTickets: Array.from({ length: span.historyWeeks }, () => new Set<string>()),
    eventActions: 0,
    timestampActions: 0,
  };
}

function addToWeek(agent: AgentActivity, dayIndex: number, ticketId: string, span: ActivitySpan): void {
  const week = Math.floor((dayIndex - span.weekBase) / 7);
  if (week >= 0 && week < span.historyWeeks) agent.weekTickets[week].add(ticketId);
}

/**
 * Reconstructs the backlog as a difference array: a ticket is open at the end of local day d when
 * it was created on or before d and not yet resolved by the end of d. A ticket marked solved or
 * closed without a resolution time has an unknown stay, so it is left out rather than guessed.
 */
function addToBacklog(agent: AgentActivity, ticket: TeamTicket, createdDay: number, asOf: number): void {
  let resolvedDay = Infinity;
  if (ticket.resolvedAt != null) {
    if (ticket.resolvedAt <= asOf) resolvedDay = localDayIndex(ticket.resolvedAt, agent.schedule.timeZone);
  } else if (ticket.statusCategory && CLOSED.has(ticket.statusCategory)) {
    return;
  }
  const last = agent.today - agent.firstDay;
  const from = Math.max(createdDay, agent.firstDay) - agent.firstDay;
  const to = resolvedDay === Infinity ? last + 1 : resolvedDay - agent.firstDay;
  if (to <= from || from > last) return;
  agent.backlogByDay[from]++;
  if (to <= last) agent.backlogByDay[to]--;
}
