import { asTopicId } from '@/lib/topic-id';
import { describe, expect, it } from 'vitest';
import { computeTeamLoad, type TeamEvent, type TeamTicket } from '@/lib/analysis/team';
import { DAY_MS } from '@/lib/time';

const AS_OF = Date.UTC(2025, 2, 28, 15, 0);
const PEOPLE = ['Ana', 'Ben', 'Cy', 'Di', 'Ed', 'Fay', 'Gus'];
let seq = 0;

function ticket(assignee: string, topicId: string, daysAgo: number, extra: Partial<TeamTicket> = {}): TeamTicket {
  const createdAt = AS_OF - daysAgo * DAY_MS - 3_600_000;
  return {
    id: `K${++seq}`, createdAt, resolvedAt: createdAt + 1_800_000, assignee, requester: null, priority: 'normal',
    escalated: false, reopened: false, statusCategory: 'solved', topicId: asTopicId(topicId), customerText: '', ...extra,
  };
}

describe('knowledge concentration', () => {
  const tickets: TeamTicket[] = [
    // SSO: six resolved tickets, all by Ana → bus factor 1.
    ...[1, 2, 3, 4, 5, 6].map((d) => ticket('Ana', 'sso', d)),
    // Exports: four by Ben — too few to say anything.
    ...[1, 2, 3, 4].map((d) => ticket('Ben', 'exports', d)),
    // Webhooks: five, but one resolved 40 days ago by someone else (outside the window) → still single.
    ...[1, 2, 3, 4, 5].map((d) => ticket('Cy', 'webhooks', d)),
    ticket('Di', 'webhooks', 40),
    // Billing: resolved by two people → not single-owner.
    ...[1, 2, 3].map((d) => ticket('Di', 'billing', d)),
    ...[4, 5, 6].map((d) => ticket('Ed', 'billing', d)),
    // Rate limits: six different people, three of whom escalated → crowded.
    ...PEOPLE.slice(0, 6).map((p, i) => ticket(p, 'rate-limits', i + 1, { escalated: i < 3 })),
    // Imports: six people too, but only two had to escalate → a common topic, not missing knowledge.
    ...PEOPLE.slice(0, 6).map((p, i) => ticket(p, 'imports', i + 1, { escalated: i < 2 })),
    // Timezones: seven people but never escalated → not crowded.
    ...PEOPLE.map((p, i) => ticket(p, 'timezones', i + 1)),
  ];

  const report = computeTeamLoad({ tickets, asOf: AS_OF, defaultTimeZone: 'UTC' });

  it('lists topics resolved by a single agent (with enough tickets)', () => {
    expect(report.singleOwnerTopics).toEqual([
      { topicId: 'sso', agent: 'Ana', tickets: 6 },
      { topicId: 'webhooks', agent: 'Cy', tickets: 5 },
    ]);
  });

  it('lists topics many different agents handle and escalate', () => {
    expect(report.crowdedTopics).toEqual([{ topicId: 'rate-limits', agents: 6, escalations: 3, tickets: 6 }]);
  });

  it('counts helpers from comment events, not only assignees', () => {
    // Five people on a topic, plus a sixth who only commented on one of its tickets.
    const five = PEOPLE.slice(0, 5).map((p, i) => ticket(p, 'sandbox', i + 1, { escalated: i < 3 }));
    const events: TeamEvent[] = five.map((t) => ({ ticketId: t.id, at: t.resolvedAt as number, author: t.assignee, role: 'agent' }));
    const withHelper = [...events, { ticketId: five[0].id, at: five[0].createdAt + 60_000, author: 'Gus', role: 'agent' as const }];
    const without = computeTeamLoad({ tickets: five, events, asOf: AS_OF, defaultTimeZone: 'UTC' });
    const helped = computeTeamLoad({ tickets: five, events: withHelper, asOf: AS_OF, defaultTimeZone: 'UTC' });
    expect(without.crowdedTopics).toEqual([]);
    expect(helped.crowdedTopics).toEqual([{ topicId: 'sandbox', agents: 6, escalations: 3, tickets: 5 }]);
  });

  it('matches assignees case-insensitively to one person', () => {
    const mixed = [1, 2, 3, 4, 5].map((d) => ticket(d % 2 ? 'Ana' : ' ana', 'mfa', d));
    expect(computeTeamLoad({ tickets: mixed, asOf: AS_OF, defaultTimeZone: 'UTC' }).singleOwnerTopics).toEqual([
      { topicId: 'mfa', agent: 'Ana', tickets: 5 },
    ]);
  });
});
