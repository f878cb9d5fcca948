import { topicIdFor } from '@/lib/topic-id';
import { describe, expect, it } from 'vitest';
import { computeTeamLoad, type AgentConfig, type TeamEvent, type TeamTicket } from '@/lib/analysis/team';
import { DAY_MS } from '@/lib/time';
import { CALM_TEXTS, HOSTILE_TEXTS, mulberry32 } from './generate-team';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];

// How long this takes is measured by `npm run bench`, not asserted here (timings vary with the machine).
describe('volume', () => {
  it('computes 1M events × 12 agents in one pass, every agent and team accounted for', () => {
    const random = mulberry32(42);
    const asOf = Date.UTC(2025, 2, 28, 20, 0);
    const days = 90;
    const agents: AgentConfig[] = Array.from({ length: 12 }, (_, i) => ({
      name: `Agent ${i}`,
      team: i < 6 ? 'Tier 1' : 'Tier 2',
      timeZone: ZONES[i % 4],
    }));
    const tickets: TeamTicket[] = [];
    const events: TeamEvent[] = [];
    const texts = [...CALM_TEXTS, ...HOSTILE_TEXTS];
    while (events.length < 1_000_000) {
      const agent = agents[Math.floor(random() * agents.length)].name;
      const createdAt = asOf - Math.floor(random() * days * DAY_MS);
      const id = `P${tickets.length}`;
      const replies = 2 + Math.floor(random() * 5);
      let at = createdAt;
      for (let r = 0; r < replies; r++) {
        at += Math.floor(random() * 8 * 3_600_000);
        events.push({ ticketId: id, at, author: r % 3 === 2 ? 'customer' : agent, role: r % 3 === 2 ? 'customer' : 'agent' });
      }
      tickets.push({
        id, createdAt, resolvedAt: at <= asOf && random() < 0.9 ? at : null, assignee: agent, requester: null,
        priority: random() < 0.1 ? 'urgent' : 'normal', escalated: random() < 0.05, reopened: random() < 0.05,
        statusCategory: 'open', topicId: topicIdFor(Math.floor(random() * 200)),
        customerText: `${texts[Math.floor(random() * texts.length)]} #${Math.floor(random() * 5000)}`,
      });
    }

    const report = computeTeamLoad({ tickets, events, agents, asOf, defaultTimeZone: 'UTC' });

    expect(report.agents).toHaveLength(12);
    expect(report.teams.map((t) => t.size)).toEqual([6, 6]);
    // Each ticket has one agent, so the agents' 28-day counts add up to the tickets of the window:
    // at least those created in its last 27 days, at most those touched in its last 29 (time zones).
    const counted = report.agents.reduce((sum, a) => sum + a.tickets, 0);
    const lastActivity = new Map<string, number>();
    for (const e of events) lastActivity.set(e.ticketId, Math.max(lastActivity.get(e.ticketId) ?? 0, e.at));
    const createdRecently = tickets.filter((t) => t.createdAt >= asOf - 27 * DAY_MS).length;
    const touchedRecently = tickets.filter((t) => Math.max(t.createdAt, lastActivity.get(t.id) ?? 0) >= asOf - 29 * DAY_MS).length;
    expect(counted).toBeGreaterThanOrEqual(createdRecently);
    expect(counted).toBeLessThanOrEqual(touchedRecently);
  });
});
