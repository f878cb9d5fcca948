/**
 * Turns events and tickets into per-person day arrays in each person's own zone: actions,
 * after-hours and day-off actions, nights with sleep-hour actions, tickets handled, and the open
 * backlog at the end of every day.
 *
 * Three passes, because a person's schedule depends on their own history:
 *  1. gather every person's actions (comments and status changes from events; for tickets without
 *     events, the ticket's first response and resolution; a resolution the assignee made without
 *     a comment of theirs around it counts as a status change);
 *  2. per person: find bulk bursts (./bulk-actions.ts), settle the working hours (agents file,
 *     or inferred from their activity, or the assumed default: ./working-hours.ts), and classify
 *     each action;
 *  3. tickets assigned to each person: handled tickets and the backlog.
 * The creation time is the *customer's* action, so it never counts as agent time — it only starts
 * the ticket's stay in the assignee's backlog and counts the ticket as assigned.
 */
import { DAY_MS, localDayIndex } from '@/lib/time';
import { findBulkBursts, REPLY_WEIGHT, STATUS_WEIGHT, type BulkBurst } from './bulk-actions';
import type { AgentConfig, DeclaredTimeZone, TeamEvent, TeamTicket } from './types';
import { classifyAction, newActionSlot, scheduleFor, type WorkSchedule } from './working-hours';

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
  /** Actions as counted: every ordinary action, and each bulk burst once. */
  actionsByDay: Int32Array;
  /** Ordinary (non-bulk) actions: what makes a day active. */
  workByDay: Int32Array;
  /** Ordinary actions outside the person's hours. */
  afterHoursByDay: Int32Array;
  /** Weighted actions (a reply 1, a status change or a burst STATUS_WEIGHT) and their after-hours and day-off parts. */
  weightByDay: Float64Array;
  afterHoursWeightByDay: Float64Array;
  dayOffWeightByDay: Float64Array;
  /** Open tickets assigned to the agent at the end of each day (at `asOf` for today). */
  backlogByDay: Int32Array;
  /** Nights (local day they began) with off-shift actions in 22:00–06:00, within the window. */
  sleepNights: Set<number>;
  windowTickets: Set<string>;
  /** Tickets handled per history week (index = week slot from `weekBase`). */
  weekTickets: Set<string>[];
  /** Ordinary actions in the window by local hour of the week (Monday 00:00 first). */
  hourOfWeek: Int32Array;
  eventActions: number;
  timestampActions: number;
  /** Replies (comment events) in the window on tickets reported by someone outside the team. */
  supportReplies: number;
  /** Every burst found, and those that started in the window with the actions they stand for. */
  bursts: BulkBurst[];
  windowBursts: number;
  windowBulkActions: number;
}

export interface ActivityResult {
  agents: Map<string, AgentActivity>;
  /** Customer-written comment bodies per ticket (tone is read from customers only). */
  customerBodies: Map<string, string[]>;
  /** Everyone who is assigned tickets, writes as an agent or is in the agents configuration (by agentKey). */
  teamKeys: Set<string>;
  /** The first agent reply (comment event) on each ticket, up to asOf. */
  firstAgentReply: Map<string, number>;
}

export interface ActivityOptions {
  declaredTimeZones?: readonly DeclaredTimeZone[];
  /** Days of history before asOf used to infer working hours. */
  inferenceLookbackDays: number;
}

export function agentKey(name: string): string {
  return name.trim().toLowerCase();
}

const CLOSED = new Set(['solved', 'closed']);
/** A resolution within this of the assignee's own comment on the ticket is that comment's status change. */
const RESOLUTION_MATCH_MS = 10 * 60_000;

/** One person's actions as columns, in the order found. */
interface Person {
  key: string;
  displayName: string;
  at: number[];
  ticketId: string[];
  status: number[];
  fingerprint: (string | null)[];
  fromEvent: number[];
}

/** What pass 1 learns about each ticket. */
interface TicketInfo {
  ticket: TeamTicket | null;
  assigneeKey: string | null;
  hasAgentEvents: boolean;
  /** The assignee's own event times on it, to recognise a resolution made with a comment. */
  ownTimes: number[] | null;
}

export function collectActivity(
  tickets: readonly TeamTicket[],
  events: readonly TeamEvent[],
  configs: readonly AgentConfig[],
  span: ActivitySpan,
  defaults: { timeZone: string; team: string },
  options: ActivityOptions = { inferenceLookbackDays: 0 },
): ActivityResult {
  const configByKey = new Map(configs.map((c) => [agentKey(c.name), c]));
  const declaredByKey = new Map((options.declaredTimeZones ?? []).map((d) => [agentKey(d.name), d.timeZone]));
  // Two days of slack: no zone is more than 14 h from UTC.
  const firstDefaultDay = Math.min(span.weekBase, localDayIndex(span.asOf, defaults.timeZone) - span.windowDays);
  const earliest = Math.min((firstDefaultDay - 2) * DAY_MS, span.asOf - options.inferenceLookbackDays * DAY_MS);

  // Pass 1: everyone's actions.
  const people = new Map<string, Person>();
  const byRawName = new Map<string, Person>();
  const personFor = (rawName: string): Person => {
    let person = byRawName.get(rawName);
    if (person) return person;
    const key = agentKey(rawName);
    person = people.get(key);
    if (!person) {
      const displayName = configByKey.get(key)?.name ?? rawName.trim();
      person = { key, displayName, at: [], ticketId: [], status: [], fingerprint: [], fromEvent: [] };
      people.set(key, person);
    }
    byRawName.set(rawName, person);
    return person;
  };
  const push = (person: Person, at: number, ticketId: string, status: number, fingerprint: string | null, fromEvent: number) => {
    if (at > span.asOf || at < earliest) return;
    person.at.push(at);
    person.ticketId.push(ticketId);
    person.status.push(status);
    person.fingerprint.push(fingerprint);
    person.fromEvent.push(fromEvent);
  };

  const keys = new Map<string, string>();
  const keyOf = (rawName: string): string => {
    let key = keys.get(rawName);
    if (key === undefined) {
      key = agentKey(rawName);
      keys.set(rawName, key);
    }
    return key;
  };
  const info = new Map<string, TicketInfo>();
  for (const ticket of tickets) {
    info.set(ticket.id, { ticket, assigneeKey: ticket.assignee ? keyOf(ticket.assignee) : null, hasAgentEvents: false, ownTimes: null });
  }
  const customerBodies = new Map<string, string[]>();
  const firstAgentReply = new Map<string, number>();
  for (const event of events) {
    if (event.role === 'agent') {
      if (!event.author) continue; // an unattributed agent comment cannot be anyone's load
      let ticket = info.get(event.ticketId);
      if (!ticket) {
        ticket = { ticket: null, assigneeKey: null, hasAgentEvents: false, ownTimes: null };
        info.set(event.ticketId, ticket);
      }
      ticket.hasAgentEvents = true;
      const status = event.kind === 'status' ? 1 : 0;
      if (status === 0 && event.at <= span.asOf) {
        const first = firstAgentReply.get(event.ticketId);
        if (first === undefined || event.at < first) firstAgentReply.set(event.ticketId, event.at);
      }
      const person = personFor(event.author);
      if (person.key === ticket.assigneeKey) {
        if (ticket.ownTimes) ticket.ownTimes.push(event.at);
        else ticket.ownTimes = [event.at];
      }
      push(person, event.at, event.ticketId, status, event.fingerprint ?? null, 1);
    } else if (event.role === 'customer' && event.body && event.at <= span.asOf) {
      const bodies = customerBodies.get(event.ticketId);
      if (bodies) bodies.push(event.body);
      else customerBodies.set(event.ticketId, [event.body]);
    }
  }
  for (const ticket of tickets) {
    if (!ticket.assignee || ticket.createdAt > span.asOf) continue;
    const person = personFor(ticket.assignee);
    const known = info.get(ticket.id);
    if (!known?.hasAgentEvents) {
      if (ticket.firstResponseAt != null) push(person, ticket.firstResponseAt, ticket.id, 0, null, 0);
      if (ticket.resolvedAt != null) push(person, ticket.resolvedAt, ticket.id, 1, null, 0);
    } else if (ticket.resolvedAt != null && !madeWithComment(known.ownTimes, ticket.resolvedAt)) {
      push(person, ticket.resolvedAt, ticket.id, 1, null, 0);
    }
  }
  // The team: everyone who acts as an agent or is assigned tickets here, and everyone the agents
  // configuration names (in the team stage: every assignee or agent author the export ever had),
  // so that a bug filed by a colleague who was not active lately is not a customer's ticket.
  const teamKeys = new Set([...people.keys(), ...configByKey.keys()]);
  const supportTicket = (ticketId: string) => isSupportConversation(info.get(ticketId)?.ticket ?? undefined, teamKeys);

  // What else team members did — tickets they reported, comments on their own tickets — is not
  // load in this model, but it shows when they are at work, so it counts for their usual hours.
  const lookbackStart = span.asOf - options.inferenceLookbackDays * DAY_MS;
  const presence = new Map<string, number[]>();
  const present = (rawName: string | null, at: number) => {
    if (!rawName || at > span.asOf || at < lookbackStart) return;
    const key = keyOf(rawName);
    if (!teamKeys.has(key)) return;
    const list = presence.get(key);
    if (list) list.push(at);
    else presence.set(key, [at]);
  };
  for (const event of events) if (event.role === 'customer') present(event.author, event.at);
  for (const ticket of tickets) present(ticket.requester, ticket.createdAt);

  // Pass 2: per person, bursts, schedule and the day arrays.
  const agents = new Map<string, AgentActivity>();
  const slot = newActionSlot();
  for (const [key, person] of people) {
    const order = timeOrder(person.at);
    const columns = order === null ? person : {
      at: order.map((i) => person.at[i]),
      ticketId: order.map((i) => person.ticketId[i]),
      status: order.map((i) => person.status[i]),
      fingerprint: order.map((i) => person.fingerprint[i]),
      fromEvent: order.map((i) => person.fromEvent[i]),
    };
    const { at, ticketId, status } = columns;
    const { burstOf, bursts } = findBulkBursts(columns);
    const instants: number[] = presence.get(key) ?? [];
    for (let i = 0; i < at.length; i++) if (burstOf[i] < 0 && at[i] >= lookbackStart) instants.push(at[i]);
    const config = configByKey.get(key) ?? { name: person.displayName };
    const schedule = scheduleFor(config, declaredByKey.get(key), instants, defaults);
    const agent = newActivity(key, schedule, span);
    agent.bursts = bursts;
    agents.set(key, agent);

    for (let i = 0; i < at.length; i++) {
      const burst = burstOf[i];
      if (burst >= 0) {
        // One action at the burst's start, and no evidence of anything else.
        if (i > 0 && burstOf[i - 1] === burst) continue;
        const day = localDayIndex(at[i], schedule.timeZone);
        const index = day - agent.firstDay;
        if (index < 0 || index >= agent.actionsByDay.length) continue;
        agent.actionsByDay[index]++;
        agent.weightByDay[index] += STATUS_WEIGHT;
        if (day >= agent.windowStart) {
          agent.windowBursts++;
          agent.windowBulkActions += bursts[burst].actions;
        }
        continue;
      }
      classifyAction(schedule, at[i], slot);
      const index = slot.dayIndex - agent.firstDay;
      if (index < 0 || index >= agent.actionsByDay.length) continue;
      const weight = status[i] === 1 ? STATUS_WEIGHT : REPLY_WEIGHT;
      const fromEvent = columns.fromEvent[i] === 1;
      agent.actionsByDay[index]++;
      agent.workByDay[index]++;
      agent.weightByDay[index] += weight;
      if (slot.afterHours) {
        agent.afterHoursByDay[index]++;
        agent.afterHoursWeightByDay[index] += weight;
      }
      if (slot.dayOff) agent.dayOffWeightByDay[index] += weight;
      if (slot.dayIndex >= agent.windowStart) {
        agent.windowTickets.add(ticketId[i]);
        if (slot.sleepNight >= 0) agent.sleepNights.add(slot.sleepNight);
        agent.hourOfWeek[hourOfWeekIndex(slot.dayIndex, slot.minute)]++;
        if (fromEvent && status[i] === 0 && supportTicket(ticketId[i])) agent.supportReplies++;
      }
      addToWeek(agent, slot.dayIndex, ticketId[i], span);
      if (fromEvent) agent.eventActions++;
      else agent.timestampActions++;
    }
  }

  // Pass 3: assignment and backlog.
  for (const ticket of tickets) {
    if (!ticket.assignee || ticket.createdAt > span.asOf) continue;
    const agent = agents.get(agentKey(ticket.assignee));
    if (!agent) continue;
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
  return { agents, customerBodies, teamKeys, firstAgentReply };
}

/**
 * Indices of `at` in time order, or null when it already is. When not, a native sort of numeric
 * keys (whole seconds since the earliest action, then input order) is several times faster than a
 * comparator sort. Order within one second follows the input.
 */
function timeOrder(at: readonly number[]): number[] | null {
  const n = at.length;
  let sorted = true;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (i > 0 && at[i] < at[i - 1]) sorted = false;
    if (at[i] < min) min = at[i];
    if (at[i] > max) max = at[i];
  }
  if (sorted) return null;
  const order = new Array<number>(n);
  const seconds = Math.floor((max - min) / 1000) + 1;
  if (seconds * n >= Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => at[a] - at[b]);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = Math.floor((at[i] - min) / 1000) * n + i;
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = keys[i] % n;
  return order;
}

/** True when one of the assignee's own events on the ticket lies within RESOLUTION_MATCH_MS of its resolution. */
function madeWithComment(ownEventTimes: readonly number[] | null, resolvedAt: number): boolean {
  if (!ownEventTimes) return false;
  for (const t of ownEventTimes) if (Math.abs(t - resolvedAt) <= RESOLUTION_MATCH_MS) return true;
  return false;
}

/**
 * A support conversation: a ticket reported by someone who is not on the team. Tickets the team
 * files for itself (an issue tracker's bugs) are discussion among colleagues.
 */
export function isSupportConversation(ticket: TeamTicket | undefined, teamKeys: ReadonlySet<string>): boolean {
  return ticket !== undefined && ticket.requester !== null && !teamKeys.has(agentKey(ticket.requester));
}

/** Monday 00:00 = 0 … Sunday 23:00 = 167. */
export function hourOfWeekIndex(dayIndex: number, minute: number): number {
  const mondayBased = (((dayIndex + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (3 days after Monday)
  return mondayBased * 24 + Math.floor(minute / 60);
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
    workByDay: new Int32Array(days),
    afterHoursByDay: new Int32Array(days),
    weightByDay: new Float64Array(days),
    afterHoursWeightByDay: new Float64Array(days),
    dayOffWeightByDay: new Float64Array(days),
    backlogByDay: new Int32Array(days),
    sleepNights: new Set(),
    windowTickets: new Set(),
    weekTickets: Array.from({ length: span.historyWeeks }, () => new Set<string>()),
    hourOfWeek: new Int32Array(168),
    eventActions: 0,
    timestampActions: 0,
    supportReplies: 0,
    bursts: [],
    windowBursts: 0,
    windowBulkActions: 0,
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
