/**
 * Where knowledge sits: topics only one person resolves (bus factor 1) and topics that many
 * different people keep picking up and escalating — both are candidates for a knowledge-transfer
 * session or a runbook ("If six different support reps ask you about the same issue… take a
 * half-hour and do a knowledge transfer", Learn to Love Support).
 *
 * These name topics, not performance: the single owner is the person to *learn from*.
 */
import { compareTopicIdsAsText } from '@/lib/topic-id';
import type { CrowdedTopic, SingleOwnerTopic, TeamTicket, TopicId } from './types';

export interface SingleOwnerOptions {
  /** Tickets resolved in (fromMs, toMs] count. */
  fromMs: number;
  toMs: number;
  /** Fewer resolved tickets than this say nothing about concentration. */
  minTickets: number;
  /** Display name of an assignee as written in the tickets. */
  displayName: (assignee: string) => string;
  /** Identity of an assignee ("Dana" and "dana " are one person). */
  keyOf: (assignee: string) => string;
}

/**
 * Topics whose resolved tickets in the window (at least `minTickets`) all went to one assignee.
 * Tickets resolved without an assignee are not evidence either way and are left out.
 */
export function findSingleOwnerTopics(tickets: readonly TeamTicket[], options: SingleOwnerOptions): SingleOwnerTopic[] {
  const byTopic = new Map<TopicId, { owners: Set<string>; tickets: number; first: string }>();
  for (const t of tickets) {
    if (t.topicId === null || t.assignee === null || t.resolvedAt === null) continue;
    if (t.resolvedAt <= options.fromMs || t.resolvedAt > options.toMs) continue;
    let entry = byTopic.get(t.topicId);
    if (!entry) {
      entry = { owners: new Set(), tickets: 0, first: t.assignee };
      byTopic.set(t.topicId, entry);
    }
    entry.owners.add(options.keyOf(t.assignee));
    entry.tickets++;
  }
  const found: SingleOwnerTopic[] = [];
  for (const [topicId, entry] of byTopic) {
    if (entry.tickets >= options.minTickets && entry.owners.size === 1) {
      found.push({ topicId: topicId, agent: options.displayName(entry.first), tickets: entry.tickets });
    }
  }
  return found.sort((a, b) => b.tickets - a.tickets || compareTopicIdsAsText(a.topicId, b.topicId));
}

export interface TopicHandler {
  key: string;
  /** Tickets this person handled in the window. */
  tickets: Iterable<string>;
}

/**
 * Topics handled by at least `minAgents` distinct people in the window with at least one
 * escalation among their tickets: the knowledge is spread thin and keeps being rediscovered.
 */
/** Distinct agents who escalated a topic's tickets before it counts as crowded. */
export const MIN_ESCALATING_AGENTS = 3;

export function findCrowdedTopics(
  handlers: Iterable<TopicHandler>,
  ticketsById: ReadonlyMap<string, TeamTicket>,
  minAgents: number,
): CrowdedTopic[] {
  const byTopic = new Map<TopicId, { agents: Set<string>; tickets: Set<string>; escalatedBy: Map<string, string> }>();
  for (const handler of handlers) {
    for (const id of handler.tickets) {
      const ticket = ticketsById.get(id);
      const topicId = ticket?.topicId;
      if (topicId === undefined || topicId === null) continue;
      let entry = byTopic.get(topicId);
      if (!entry) {
        entry = { agents: new Set(), tickets: new Set(), escalatedBy: new Map() };
        byTopic.set(topicId, entry);
      }
      entry.agents.add(handler.key);
      entry.tickets.add(id);
      if (ticket?.escalated) entry.escalatedBy.set(id, handler.key);
    }
  }
  const found: CrowdedTopic[] = [];
  for (const [topicId, entry] of byTopic) {
    if (entry.agents.size < minAgents) continue;
    let escalations = 0;
    const escalating = new Set<string>();
    for (const agent of entry.escalatedBy.values()) {
      escalations++;
      escalating.add(agent);
    }
    // "Six different reps asking about the same issue": handled by many people is normal for a
    // common topic; it signals missing knowledge when several of them had to escalate it.
    if (escalating.size < MIN_ESCALATING_AGENTS) continue;
    found.push({ topicId: topicId, agents: entry.agents.size, escalations, tickets: entry.tickets.size });
  }
  return found.sort(
    (a, b) => b.escalations - a.escalations || b.agents - a.agents || compareTopicIdsAsText(a.topicId, b.topicId),
  );
}
