import { describe, expect, it } from 'vitest';
import { computeTeamLoad, DEFAULT_RISK_THRESHOLDS, type TeamEvent, type TeamTicket } from '@/lib/analysis/team';
import { teamLoadToJson } from '@/lib/analysis/team';
import { teamLoadReportSchema } from '@/lib/analysis/team/schema';
import { DAY_MS } from '@/lib/time';
import { generateTeam, type AgentSpec } from './generate-team';

// Friday 28 March 2025, 20:00 UTC.
const AS_OF = Date.UTC(2025, 2, 28, 20, 0);
const NAMES = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eli', 'Fay'];

function renamed(team: { tickets: TeamTicket[]; events: TeamEvent[] }, prefix: string) {
  return {
    tickets: team.tickets.map((t) => ({ ...t, id: `${prefix}${t.id}` })),
    events: team.events.map((e) => ({ ...e, ticketId: `${prefix}${e.ticketId}` })),
  };
}

describe('a team where everyone works late', () => {
  const specs: AgentSpec[] = NAMES.map((name) => ({ name, ticketsPerDay: 5, eveningShare: 0.35 }));
  const team = generateTeam(specs, AS_OF, 21);
  const report = computeTeamLoad({ ...team, asOf: AS_OF, defaultTimeZone: 'UTC' });

  it('yields one team finding, not a wall of individual ratings', () => {
    expect(() => teamLoadReportSchema.parse(teamLoadToJson(report))).not.toThrow();
    const afterHours = report.teamFindings.filter((f) => f.signal === 'after_hours');
    expect(afterHours).toHaveLength(1);
    expect(afterHours[0]).toMatchObject({ team: 'Tier 1', size: 6, people: 6 });
    expect(afterHours[0].sentence).toMatch(/^Tier 1: \d+% of replies after hours \(\d+ of \d+\).* — 6 of 6 people share it: a coverage\/staffing issue for the team, not one person's\.$/);
    for (const row of report.agents) {
      // Each would be red on the absolute cap alone…
      expect(row.afterHoursShare, row.agent).toBeGreaterThan(DEFAULT_RISK_THRESHOLDS.afterHoursRed);
      // …but is rated against the team.
      expect(row.risk, `${row.agent}: ${row.reasons.join('; ')}`).toBe('low');
      expect(row.reasons.some((r) => /outside working hours/.test(r))).toBe(false);
      expect(row.riskNote).toMatch(/After-hours work is shared by most of the team/);
    }
  });

  it('still names the person far above the team', () => {
    const withZoe = generateTeam([...specs, { name: 'Zoe', ticketsPerDay: 5, eveningShare: 0.9 }], AS_OF, 21);
    const r = computeTeamLoad({ ...withZoe, asOf: AS_OF, defaultTimeZone: 'UTC' });
    expect(r.teamFindings.filter((f) => f.signal === 'after_hours')).toHaveLength(1);
    const zoe = r.agents.find((a) => a.agent === 'Zoe');
    expect(zoe?.risk).not.toBe('low');
    expect(zoe?.reasons[0]).toMatch(/^\d+% of replies outside working hours, vs \d+% for the team$/);
    expect(r.agents.filter((a) => a.risk !== 'low').map((a) => a.agent)).toEqual(['Zoe']);
  });

  it('reports a team-wide run without days off once, too', () => {
    const streaks = generateTeam(NAMES.map((name) => ({ name, ticketsPerDay: 5, streakDays: 14 })), AS_OF, 8);
    const r = computeTeamLoad({ ...streaks, asOf: AS_OF, defaultTimeZone: 'UTC' });
    const finding = r.teamFindings.find((f) => f.signal === 'long_streaks');
    // 14 days every day, joined to the working week before them.
    expect(finding?.sentence).toMatch(/^Tier 1: 6 of 6 people worked 8 or more days in a row \(longest \d+\) — the rota leaves too few days off\.$/);
    expect(finding?.value).toBeGreaterThanOrEqual(14);
    for (const row of r.agents) expect(row.risk, row.agent).toBe('low');
  });

  it('says when after-hours work went up against the previous window, with the test', () => {
    const before = renamed(generateTeam(NAMES.map((name) => ({ name, ticketsPerDay: 5 })), AS_OF - 28 * DAY_MS, 21, 28), 'B');
    const now = renamed(generateTeam(specs, AS_OF, 21, 28), 'N');
    const r = computeTeamLoad({ tickets: [...before.tickets, ...now.tickets], events: [...before.events, ...now.events], agents: team.agents, asOf: AS_OF, defaultTimeZone: 'UTC' });
    const finding = r.teamFindings.find((f) => f.signal === 'after_hours');
    expect(finding?.afterHoursChange).toMatchObject({ direction: 'up', test: 'fisher_exact', previousShare: 0 });
    expect(finding?.afterHoursChange?.pValue).toBeLessThan(0.001);
    expect(finding?.sentence).toMatch(/, up from 0% in the previous 28 days \(Fisher's exact test p = [0-9.e-]+\) — /);
    expect(r.teams[0].afterHoursChange?.direction).toBe('up');
  });
});

describe('a small team that works late', () => {
  it('gets the team finding without saying how many people, and no individual rows', () => {
    const small = generateTeam(NAMES.slice(0, 4).map((name) => ({ name, team: 'Billing', ticketsPerDay: 5, eveningShare: 0.35 })), AS_OF, 5);
    const r = computeTeamLoad({ ...small, asOf: AS_OF, defaultTimeZone: 'UTC' });
    expect(r.agents).toEqual([]);
    const finding = r.teamFindings.find((f) => f.signal === 'after_hours');
    expect(finding).toMatchObject({ team: 'Billing', size: 4, people: null });
    expect(finding?.sentence).toMatch(/most of the team share it/);
    for (const name of NAMES.slice(0, 4)) expect(JSON.stringify(r.teamFindings)).not.toContain(name);
  });
});
