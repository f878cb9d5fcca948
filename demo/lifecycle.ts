/**
 * One ticket's life: the conversation events (customer message, agent replies, internal notes,
 * follow-ups, reopen) with their instants, then the status as seen at export time. Planning
 * the whole life first and cutting it at the export instant is what makes the last few days
 * naturally full of new / open / pending tickets while older ones are solved or closed.
 */
import type { Agent } from '@/demo/agents';
import type { Dispatcher } from '@/demo/dispatch';
import type { Rng } from '@/demo/prng';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A ticket has at most this many comments (customer message included). */
export const MAX_COMMENTS = 6;

export type EventKind =
  | 'first' // the customer's message (= description)
  | 'note' // internal note
  | 'escalation' // internal note when handing over to Tier 2
  | 'ask' // agent asks for details
  | 'ack' // agent acknowledges, investigation ongoing
  | 'incident-ack' // outage macro
  | 'followup' // customer answers
  | 'waiting' // customer chases an update
  | 'fix' // agent states the fix and solves
  | 'no-reply' // agent solves after the customer went quiet
  | 'dismiss' // agent closes noise with a one-liner
  | 'thanks' // customer thanks after the fix
  | 'reopen'; // customer says it is back

export interface PlannedEvent {
  atMs: number;
  kind: EventKind;
  byAgent: boolean;
  isPublic: boolean;
}

export type Status = 'new' | 'open' | 'pending' | 'solved' | 'closed';

export interface TicketLife {
  /** Null while the ticket is still unassigned (status new). */
  assignee: Agent | null;
  /** The events visible at export time, in order. */
  events: PlannedEvent[];
  status: Status;
  firstResponseMs: number | null;
  resolvedMs: number | null;
  updatedMs: number;
  reopened: boolean;
}

export interface LifeInput {
  createdMs: number;
  exportMs: number;
  agent: Agent;
  /** < 1 for urgent work. */
  speed: number;
  kind: 'regular' | 'noise' | 'outage';
  escalated: boolean;
  /** For outage tickets: when the incident was over. */
  incidentEndMs: number;
  /** Chance that a solved ticket comes back. */
  reopenChance: number;
}

/** Plans the life of one ticket and reads it at export time. */
export function planTicketLife(rng: Rng, dispatcher: Dispatcher, input: LifeInput): TicketLife {
  const { createdMs, agent, speed } = input;
  const events: PlannedEvent[] = [{ atMs: createdMs, kind: 'first', byAgent: false, isPublic: true }];
  const agentSays = (atMs: number, kind: EventKind, isPublic = true) => events.push({ atMs, kind, byAgent: true, isPublic });
  const customerSays = (atMs: number, kind: EventKind) => events.push({ atMs, kind, byAgent: false, isPublic: true });
  const reply = (afterMs: number, factor = 1) => Math.max(afterMs + MINUTE_MS, dispatcher.replyAt(rng, agent, afterMs, speed * factor));
  const firstReply = reply(createdMs);
  // Half the desks route automatically; otherwise the agent takes the ticket when answering it.
  const assignedMs = rng.chance(0.5) ? Math.min(firstReply, createdMs + Math.max(MINUTE_MS, rng.logNormal(15 * MINUTE_MS, 1))) : firstReply - MINUTE_MS;
  let solvedMs: number | null = null;
  let closeDelayMs = rng.range(3.5, 5) * DAY_MS;

  if (input.kind === 'noise') {
    agentSays(firstReply, 'dismiss', rng.chance(0.35));
    solvedMs = firstReply;
    closeDelayMs = rng.range(0.5, 4) * DAY_MS;
  } else if (input.kind === 'outage') {
    const during = firstReply < input.incidentEndMs;
    if (during && rng.chance(0.6)) agentSays(firstReply, 'incident-ack');
    // After the incident, agents bulk-solve the pile with the incident macro.
    solvedMs = Math.max(firstReply, input.incidentEndMs) + rng.logNormal(50 * MINUTE_MS, 0.7);
    agentSays(solvedMs, 'fix');
  } else {
    // Notes are written while working on the ticket, i.e. right around the first reply.
    if (input.escalated) agentSays(firstReply + rng.range(2, 30) * MINUTE_MS, 'escalation', false);
    else if (rng.chance(0.15)) agentSays(Math.max(createdMs + MINUTE_MS, firstReply - rng.range(1, 15) * MINUTE_MS), 'note', false);
    const path = rng.next();
    if (path < 0.38) {
      agentSays(firstReply, 'fix');
      solvedMs = firstReply;
    } else if (path < 0.84) {
      agentSays(firstReply, 'ask');
      if (rng.chance(0.86)) {
        const answered = firstReply + Math.max(2 * MINUTE_MS, rng.logNormal(4 * HOUR_MS, 1.1));
        customerSays(answered, 'followup');
        if (rng.chance(0.015)) {
          // Falls through the cracks: stays open until someone notices.
        } else {
          solvedMs = reply(answered, 1.5);
          agentSays(solvedMs, 'fix');
        }
      } else {
        solvedMs = reply(firstReply + rng.range(4, 7) * DAY_MS);
        agentSays(solvedMs, 'no-reply');
      }
    } else {
      agentSays(firstReply, 'ack');
      const fixedMs = firstReply + Math.max(HOUR_MS, rng.logNormal(1.5 * DAY_MS, 0.8));
      if (rng.chance(0.4)) {
        const chase = firstReply + rng.range(0.4, 0.9) * (fixedMs - firstReply);
        customerSays(chase, 'waiting');
      }
      solvedMs = reply(fixedMs, 1);
      agentSays(solvedMs, 'fix');
    }
    if (solvedMs !== null && events.length < MAX_COMMENTS - 1 && rng.chance(input.reopenChance)) {
      const back = solvedMs + rng.range(0.5, 7) * DAY_MS;
      customerSays(back, 'reopen');
      solvedMs = reply(back);
      agentSays(solvedMs, 'fix');
    } else if (solvedMs !== null && events.length < MAX_COMMENTS && rng.chance(0.12)) {
      customerSays(solvedMs + Math.max(2 * MINUTE_MS, rng.logNormal(HOUR_MS, 1)), 'thanks');
    }
  }

  events.sort((a, b) => a.atMs - b.atMs);
  if (events.length > MAX_COMMENTS) events.length = MAX_COMMENTS;
  // Exports carry whole seconds; every event is at least a minute after the previous step.
  for (const e of events) e.atMs = Math.floor(e.atMs / 1000) * 1000;
  return readAtExport(events, input.exportMs, agent, assignedMs, closeDelayMs);
}

const SOLVING: ReadonlySet<EventKind> = new Set(['fix', 'no-reply', 'dismiss']);

/** What the helpdesk shows at `exportMs`: only events up to then count. */
function readAtExport(all: PlannedEvent[], exportMs: number, agent: Agent, assignedMs: number, closeDelayMs: number): TicketLife {
  const events = all.filter((e) => e.atMs <= exportMs);
  let solvedMs: number | null = null;
  let reopened = false;
  let firstResponseMs: number | null = null;
  let lastPublic: PlannedEvent | null = null;
  for (const e of events) {
    if (SOLVING.has(e.kind)) solvedMs = e.atMs;
    if (e.kind === 'reopen') {
      reopened = true;
      solvedMs = null;
    }
    if (e.byAgent && e.isPublic && firstResponseMs === null) firstResponseMs = e.atMs;
    if (e.isPublic && e.kind !== 'thanks') lastPublic = e;
  }
  let updatedMs = events[events.length - 1].atMs;
  let status: Status;
  if (solvedMs !== null) {
    const closedMs = solvedMs + closeDelayMs;
    if (closedMs <= exportMs) {
      status = 'closed';
      updatedMs = Math.max(updatedMs, Math.floor(closedMs / 1000) * 1000);
    } else status = 'solved';
  } else if (lastPublic && lastPublic.byAgent) {
    status = lastPublic.kind === 'ask' ? 'pending' : 'open';
  } else {
    status = assignedMs <= exportMs ? 'open' : 'new';
  }
  if (status === 'open' && assignedMs <= exportMs) updatedMs = Math.max(updatedMs, Math.floor(assignedMs / 1000) * 1000);
  return {
    assignee: status === 'new' ? null : agent,
    events,
    status,
    firstResponseMs,
    resolvedMs: status === 'solved' || status === 'closed' ? solvedMs : null,
    updatedMs,
    reopened,
  };
}
