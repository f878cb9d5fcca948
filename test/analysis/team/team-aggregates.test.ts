/**
 * The figures the manager's page shows per team, on a hand-made week whose every number can be
 * counted by hand — for a team of two, which is never broken down into people but still gets
 * all of its team figures.
 */
import { describe, expect, it } from 'vitest';
import { computeTeamLoad, type AgentConfig, type TeamEvent, type TeamTicket } from '@/lib/analysis/team';
import { teamLoadToJson } from '@/lib/analysis/team';
import { teamLoadReportSchema } from '@/lib/analysis/team/schema';

const AS_OF = Date.UTC(2025, 2, 28, 20, 0); // Friday 28 March 2025
const at = (day: number, hour: number, minute = 0) => Date.UTC(2025, 2, day, hour, minute);
const agents: AgentConfig[] = ['Ana', 'Ben'].map((name) => ({ name, team: 'Billing', timeZone: 'UTC', workStart: '09:00', workEnd: '18:00' }));

function ticket(id: string, assignee: string, createdAt: number, resolvedAt: number): TeamTicket {
  return {
    id, createdAt, resolvedAt, assignee, requester: `customer-${id}`, priority: 'normal', escalated: false, reopened: false,
    statusCategory: 'solved', topicId: null, customerText: 'Where is my invoice?', channel: 'email',
  };
}
const reply = (ticketId: string, author: string, when: number): TeamEvent => ({ ticketId, at: when, author, role: 'agent' });

// Week of Monday 17 March: T1 answered in 1 h and solved in 8 h; T2 answered in 2 h, solved at
// 23:30 two days later (61.5 h); T3 answered in 5 h, solved on Saturday (75 h).
const tickets = [
  ticket('T1', 'Ana', at(18, 9), at(18, 17)),
  ticket('T2', 'Ben', at(18, 10), at(20, 23, 30)),
  ticket('T3', 'Ana', at(19, 8), at(22, 11)),
];
const events = [
  reply('T1', 'Ana', at(18, 10)), reply('T1', 'Ana', at(18, 17)),
  reply('T2', 'Ben', at(18, 12)), reply('T2', 'Ben', at(20, 23, 30)),
  reply('T3', 'Ana', at(19, 13)), reply('T3', 'Ana', at(22, 11)),
];

describe('team aggregates for the manager', () => {
  const report = computeTeamLoad({ tickets, events, agents, asOf: AS_OF, defaultTimeZone: 'UTC' });
  const billing = report.teams[0];

  it('are there for a team too small to break down', () => {
    expect(() => teamLoadReportSchema.parse(teamLoadToJson(report))).not.toThrow();
    expect(report.state).toBe('ok');
    expect(report.agents).toEqual([]);
    expect(billing).toMatchObject({ team: 'Billing', size: 2, brokenDown: false, workingHoursSource: 'agents_file' });
    expect(billing.workingHoursPeople).toEqual({ agentsFile: 2, inferred: 0, default: 0 });
  });

  it('count after-hours, weekend, sleep-hour and streak figures for the team as a whole', () => {
    expect(billing.actions).toBe(6);
    expect(billing.afterHoursShare).toBeCloseTo(2 / 6, 3); // Thursday 23:30 and Saturday 11:00
    expect(billing.weekendShare).toBeCloseTo(1 / 6, 3);
    expect(billing.sleepHourNights).toBe(1);
    expect(billing.longestStreak).toBe(2); // Ana: Tuesday and Wednesday
    expect(billing.longestStreakMedian).toBe(1.5);
    expect(billing.afterHoursChange).toBeNull(); // nothing in the four weeks before
    expect(billing.bulkBursts).toBe(0);
  });

  it('lays the actions out by hour of the week, Monday 00:00 first', () => {
    expect(billing.hourOfWeek).toHaveLength(168);
    const cell = (weekday: number, hour: number) => billing.hourOfWeek[(weekday - 1) * 24 + hour]; // 1 = Monday
    expect([cell(2, 10), cell(2, 12), cell(2, 17), cell(3, 13), cell(4, 23), cell(6, 11)]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(billing.hourOfWeek.reduce((a, b) => a + b, 0)).toBe(billing.actions);
  });

  it('give weekly first-response and resolution medians', () => {
    const week = billing.weekly.find((w) => w.weekStart === '2025-03-17');
    expect(week).toMatchObject({ firstResponses: 3, firstResponseHoursMedian: 2, resolutions: 3, resolutionHoursMedian: 61.5 });
    const quiet = billing.weekly.find((w) => w.weekStart === '2025-03-10');
    expect(quiet).toMatchObject({ firstResponses: 0, firstResponseHoursMedian: null, resolutions: 0, resolutionHoursMedian: null });
  });
});
