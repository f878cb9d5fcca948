import { topicIdFor } from '@/lib/topic-id';
import { describe, expect, it } from 'vitest';
import { breakdownAllowed, compareByRiskThenName, computeTeamLoad } from '@/lib/analysis/team';
import { AppError } from '@/db/errors';
import { pseudonymise, pseudonymiseTeamLoad } from '@/lib/privacy';
import { generateTeam } from './generate-team';

const KEY = 'test-key-0123456789';

describe('breakdownAllowed', () => {
  it('never breaks down groups under five', () => {
    expect([0, 1, 2, 3, 4].map((n) => breakdownAllowed(n))).toEqual([false, false, false, false, false]);
    expect(breakdownAllowed(5)).toBe(true);
    expect(breakdownAllowed(40)).toBe(true);
  });
});

describe('compareByRiskThenName', () => {
  it('orders by risk, then name — whatever the other fields say', () => {
    const rows = [
      { agent: 'bea', risk: 'low' as const, tickets: 900 },
      { agent: 'Al', risk: 'elevated' as const, tickets: 1 },
      { agent: 'Cy', risk: 'high' as const, tickets: 5 },
      { agent: 'Ab', risk: 'low' as const, tickets: 2 },
    ];
    expect([...rows].sort(compareByRiskThenName).map((r) => r.agent)).toEqual(['Cy', 'Al', 'Ab', 'bea']);
  });
});

describe('pseudonymise', () => {
  it('is stable, keyed and ignores case and spacing', () => {
    const a = pseudonymise('Dana Scully', KEY);
    expect(a).toMatch(/^Agent [0-9a-f]{4}$/);
    expect(pseudonymise(' dana scully ', KEY)).toBe(a);
    expect(pseudonymise('Dana Scully', 'another-key-42')).not.toBe(a);
    expect(pseudonymise('Fox Mulder', KEY)).not.toBe(a);
  });

  it('refuses a missing or trivial key', () => {
    expect(() => pseudonymise('Dana', '')).toThrow(AppError);
    expect(() => pseudonymise('Dana', 'abc')).toThrow(/too short/);
  });

  it('removes every real name from a report and keeps people apart', () => {
    const asOf = Date.UTC(2025, 2, 28, 20, 0);
    const names = ['Ana Lima', 'Ben Okafor', 'Chloé Martin', 'Dev Patel', 'Eli Cohen', 'Fay Wong'];
    const team = generateTeam(names.map((name, i) => ({ name, ticketsPerDay: 3 + i, streakDays: i === 5 ? 12 : undefined })), asOf, 5);
    // Five tickets on topic 99, all resolved by Fay: a single-owner topic that names her.
    const owned = [1, 2, 3, 4, 5].map((d) => ({
      ...team.tickets[0],
      id: `S${d}`,
      topicId: topicIdFor(99),
      assignee: 'Fay Wong',
      resolvedAt: asOf - d * 3_600_000,
    }));
    const tickets = [...team.tickets, ...owned];
    const report = computeTeamLoad({ ...team, tickets, asOf, defaultTimeZone: 'UTC' });
    expect(report.singleOwnerTopics.some((t) => t.agent === 'Fay Wong')).toBe(true);
    const masked = pseudonymiseTeamLoad(report, KEY);
    const json = JSON.stringify(masked);
    for (const name of names) for (const part of name.split(' ')) expect(json).not.toContain(part);
    expect(new Set(masked.agents.map((a) => a.agent)).size).toBe(names.length);
    expect(masked.singleOwnerTopics.find((t) => t.topicId === topicIdFor(99))?.agent).toBe(pseudonymise('Fay Wong', KEY));
    expect([...masked.agents].sort(compareByRiskThenName)).toEqual(masked.agents);
  });
});
