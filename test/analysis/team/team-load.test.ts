import { describe, expect, it } from 'vitest';
import { computeTeamLoad, DISCLAIMER, type TeamLoadReport } from '@/lib/analysis/team';
import { teamLoadToJson } from '@/lib/analysis/team';
import { teamLoadReportSchema } from '@/lib/analysis/team/schema';
import { generateTeam, type AgentSpec } from './generate-team';

// Friday 28 March 2025, 20:00 UTC.
const AS_OF = Date.UTC(2025, 2, 28, 20, 0);
const BALANCED = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eli'].map((name): AgentSpec => ({ name, ticketsPerDay: 5, hostileShare: 0.1 }));

function run(specs: AgentSpec[], seed = 7): TeamLoadReport {
  const team = generateTeam(specs, AS_OF, seed);
  return computeTeamLoad({ ...team, asOf: AS_OF, defaultTimeZone: 'UTC' });
}

describe('computeTeamLoad: planted overload', () => {
  const planted: AgentSpec = { name: 'Zoe', ticketsPerDay: 10, eveningShare: 0.3, streakDays: 13, hostileShare: 0.1 };
  const report = run([...BALANCED, planted]);
  const zoe = report.agents.find((a) => a.agent === 'Zoe');

  it('flags the planted agent as high with exactly the planted reasons', () => {
    expect(zoe?.risk).toBe('high');
    expect(zoe?.reasons).toHaveLength(3);
    expect(zoe?.reasons[0]).toMatch(/^handled (1\.9|2\.\d)× the team median of tickets per active day/);
    expect(zoe?.reasons[1]).toMatch(/^\d+% of replies outside working hours$/);
    expect(zoe?.reasons[2]).toMatch(/^13 consecutive active days/);
    expect(zoe?.maxConsecutiveDays).toBe(13);
    expect(zoe?.currentStreak).toBe(13);
    expect(zoe?.sleepHourDays).toBe(0);
  });

  it('frames the suggestion as redistributing work', () => {
    expect(zoe?.suggestion).toMatch(/^Rebalance ~\d+% of this queue to the team/);
    expect(zoe?.suggestion).toContain('move after-hours coverage to a rota shared by the team');
    expect(zoe?.suggestion).toContain('schedule a day off after the current 13-day streak');
    expect(zoe?.suggestion).not.toContain('Zoe');
  });

  it('leaves everyone else low', () => {
    for (const row of report.agents.filter((a) => a.agent !== 'Zoe')) {
      expect(row.risk, `${row.agent}: ${row.reasons.join('; ')}`).toBe('low');
      expect(row.afterHoursShare).toBe(0);
    }
  });

  it('sorts rows by risk then name, not by output', () => {
    expect(report.agents.map((a) => a.agent)).toEqual(['Zoe', 'Ana', 'Ben', 'Chloé', 'Dev', 'Eli']);
  });

  it('matches the JSON contract and carries the disclaimer', () => {
    expect(() => teamLoadReportSchema.parse(teamLoadToJson(report))).not.toThrow();
    expect(report.disclaimer).toBe(DISCLAIMER);
    expect(report.disclaimer).toMatch(/not a diagnosis/);
    expect(report.windowDays).toBe(28);
    expect(report.teams[0].weekly).toHaveLength(12);
    expect(report.teams[0].weekly.at(-1)?.partial).toBe(true);
  });
});

describe('computeTeamLoad: balanced team', () => {
  const specs = [...BALANCED, ...['Fay', 'Gus', 'Hana'].map((name): AgentSpec => ({ name, ticketsPerDay: 5, hostileShare: 0.1 }))];
  const report = run(specs, 11);

  it('comes out all low with Gini near 0', () => {
    expect(report.agents).toHaveLength(8);
    for (const row of report.agents) expect(row.risk, row.reasons.join('; ')).toBe('low');
    expect(report.loadGini).not.toBeNull();
    expect(report.loadGini as number).toBeLessThan(0.1);
    expect(report.top20Share as number).toBeGreaterThanOrEqual(0.2);
    expect(report.top20Share as number).toBeLessThan(0.25);
    expect(report.agents.map((a) => a.agent)).toEqual([...specs.map((s) => s.name)].sort((a, b) => a.localeCompare(b)));
  });

  it('reports per-agent figures that follow from the generated data', () => {
    const ana = report.agents.find((a) => a.agent === 'Ana');
    // 20 working days in the 28-day window, 5 tickets and 10 replies on each.
    expect(ana?.tickets).toBe(100);
    expect(ana?.ticketsPerActiveDay).toBe(5);
    expect(ana?.actionsPerDay).toBe(10);
    expect(ana?.maxConsecutiveDays).toBe(5);
    expect(ana?.openBacklog).toBe(0);
    expect(ana?.weekendShare).toBe(0);
    expect(ana?.actionsSource).toBe('events');
  });
});

describe('computeTeamLoad: privacy', () => {
  it('does not break down teams under five people', () => {
    // Billing has an overloaded person, and still no individual rows: four people are too few.
    const small = ['Ivo', 'Jo', 'Kim'].map((name): AgentSpec => ({ name, team: 'Billing', ticketsPerDay: 4 }));
    const report = run([...BALANCED, ...small, { name: 'Max', team: 'Billing', ticketsPerDay: 12, streakDays: 14 }]);
    const billing = report.teams.find((t) => t.team === 'Billing');
    expect(billing?.size).toBe(4);
    expect(billing?.brokenDown).toBe(false);
    expect(billing?.loadGini).toBeNull();
    expect(billing?.top20Share).toBeNull();
    expect(billing?.tickets).toBeGreaterThan(0);
    expect(report.agents.some((a) => a.team === 'Billing')).toBe(false);
    const tier1 = report.teams.find((t) => t.team === 'Tier 1');
    expect(tier1?.brokenDown).toBe(true);
    expect(report.agents.filter((a) => a.team === 'Tier 1')).toHaveLength(5);
  });

  it('shows a team of exactly five', () => {
    const report = run(BALANCED);
    expect(report.teams[0].size).toBe(5);
    expect(report.agents).toHaveLength(5);
  });

  it('has no ranking or "top performer" field', () => {
    const keys = Object.keys(run(BALANCED).agents[0]);
    for (const key of keys) expect(key).not.toMatch(/rank|^top_|best|performer|percentile/i);
  });
});

describe('computeTeamLoad: other risk components', () => {
  it('flags hostile-customer exposure well above the team, framed as rotation', () => {
    const report = run([...BALANCED, { name: 'Hal', ticketsPerDay: 5, hostileShare: 0.6 }], 5);
    const hal = report.agents.find((a) => a.agent === 'Hal');
    expect(hal?.risk).toBe('elevated');
    expect(hal?.reasons).toHaveLength(1);
    expect(hal?.reasons[0]).toMatch(/^\d+% of tickets with a hostile-toned customer, vs \d+% for the team$/);
    expect(hal?.suggestion).toBe('Rotate hostile or escalated conversations across the team.');
  });

  it('counts sleep-hour nights per agent zone', () => {
    // Ira's replies fall in 09:30–17:30 UTC. Configured in UTC that is office time; configured in
    // Tokyo the same instants are 18:30–02:30 local, partly in sleep hours.
    const specs: AgentSpec[] = [...BALANCED, { name: 'Ira', ticketsPerDay: 5, timeZone: 'UTC' }];
    const team = generateTeam(specs, AS_OF, 9);
    const inUtc = computeTeamLoad({ ...team, asOf: AS_OF, defaultTimeZone: 'UTC' }).agents.find((a) => a.agent === 'Ira');
    expect(inUtc?.sleepHourDays).toBe(0);
    const agents = team.agents.map((a) => (a.name === 'Ira' ? { ...a, timeZone: 'Asia/Tokyo' } : a));
    const inTokyo = computeTeamLoad({ ...team, agents, asOf: AS_OF, defaultTimeZone: 'UTC' }).agents.find((a) => a.agent === 'Ira');
    expect(inTokyo?.sleepHourDays).toBeGreaterThanOrEqual(4);
    expect(inTokyo?.reasons).toContainEqual(expect.stringMatching(/^active in sleep hours \(22:00–06:00 local\) on \d+ days$/));
    expect(inTokyo?.risk).not.toBe('low');
  });

  it('applies an absolute load cap when the whole team is overloaded', () => {
    const team = generateTeam(BALANCED.map((s) => ({ ...s, ticketsPerDay: 30 })), AS_OF, 2);
    const capped = computeTeamLoad({ ...team, asOf: AS_OF, defaultTimeZone: 'UTC', options: { risk: { loadCapPerActiveDay: 20 } } });
    for (const row of capped.agents) {
      expect(row.reasons[0]).toBe('handled 30.0 tickets per active day, above the cap of 20');
      expect(row.suggestion).toMatch(/^Rebalance ~35% of this queue/);
    }
    const relative = computeTeamLoad({ ...team, asOf: AS_OF, defaultTimeZone: 'UTC' });
    for (const row of relative.agents) expect(row.risk).toBe('low');
  });

  it('keeps the five-person rule even when asked for less', () => {
    const team = generateTeam(BALANCED.slice(0, 3), AS_OF, 1);
    const report = computeTeamLoad({ ...team, asOf: AS_OF, defaultTimeZone: 'UTC', options: { minGroupSize: 2 } });
    expect(report.agents).toEqual([]);
    expect(report.loadGini).toBeNull();
  });
});
