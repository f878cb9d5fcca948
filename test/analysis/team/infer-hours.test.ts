import { describe, expect, it } from 'vitest';
import { computeTeamLoad, inferWorkingHours } from '@/lib/analysis/team';
import { teamLoadToJson } from '@/lib/analysis/team';
import { teamLoadReportSchema } from '@/lib/analysis/team/schema';
import { DAY_MS, localDayIndex, wallTimeToUtc, weekdayOfDayIndex, zoneOffsetMs } from '@/lib/time';
import { generateTeam, type AgentSpec } from './generate-team';

// Friday 28 March 2025, 20:00 UTC: the 8 weeks before it cross the US (9 March) and EU
// (30 March is after asOf; Europe stays on winter time) DST changes differently.
const AS_OF = Date.UTC(2025, 2, 28, 20, 0);

/** Instants at `hours` (local, fractional) on each Mon–Fri of the `days` days before asOf in `zone`. */
function workdays(zone: string, days: number, hours: number[], workDays = [1, 2, 3, 4, 5]): number[] {
  const today = localDayIndex(AS_OF, zone);
  const out: number[] = [];
  for (let day = today - days; day < today; day++) {
    if (!workDays.includes(weekdayOfDayIndex(day))) continue;
    const d = new Date(day * DAY_MS);
    for (const h of hours) {
      out.push(wallTimeToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), Math.floor(h), Math.round((h % 1) * 60), 0, zone));
    }
  }
  return out;
}

const OFFICE = [9.25, 10, 10.75, 11.5, 12.25, 13.5, 14.25, 15, 15.75, 16.5, 17.25];

describe('inferWorkingHours', () => {
  it('finds the zone and the hours of a 09–18 worker in Tokyo, New York and Berlin', () => {
    for (const zone of ['Asia/Tokyo', 'America/New_York', 'Europe/Berlin']) {
      const result = inferWorkingHours(workdays(zone, 56, OFFICE), null);
      expect(result.ok, zone).toBe(true);
      if (!result.ok) continue;
      const declared = zoneOffsetMs(AS_OF, zone) / 60_000;
      expect(Math.abs((result.hours.offsetMinutes as number) - declared), zone).toBeLessThanOrEqual(60);
      expect(result.hours.workDays, zone).toEqual([1, 2, 3, 4, 5]);
      expect(result.hours.coverage, zone).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('keeps the hours when a few late nights are added, and keeps a Sun–Thu rota', () => {
    const zone = 'Asia/Dubai';
    const regular = workdays(zone, 56, OFFICE, [0, 1, 2, 3, 4]);
    const base = inferWorkingHours(regular, zone);
    const lateNights = [3, 10, 17].map((daysAgo) => AS_OF - daysAgo * DAY_MS - 4 * 3_600_000); // ~ 23:00–00:00 in Dubai
    const withNights = inferWorkingHours([...regular, ...lateNights], zone);
    expect(base.ok && withNights.ok).toBe(true);
    if (!base.ok || !withNights.ok) return;
    expect(withNights.hours.startMinute).toBe(base.hours.startMinute);
    expect(withNights.hours.endMinute).toBe(base.hours.endMinute);
    expect(base.hours.workDays).toEqual([0, 1, 2, 3, 4]);
    expect(base.hours.offsetMinutes).toBeNull(); // the zone was given
  });

  it('does not infer from less than four weeks', () => {
    const result = inferWorkingHours(workdays('Asia/Tokyo', 20, OFFICE), null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.evidence.spanDays).toBeLessThan(28);
  });
});

describe('computeTeamLoad without an agents file', () => {
  // Two people each in Tokyo, New York and Berlin, answering 09:30–17:30 in their own day.
  const specs: AgentSpec[] = [
    ['Aiko', 'Asia/Tokyo'], ['Ren', 'Asia/Tokyo'], ['Dana', 'America/New_York'], ['Eli', 'America/New_York'],
    ['Jonas', 'Europe/Berlin'], ['Mia', 'Europe/Berlin'],
  ].map(([name, timeZone]) => ({ name, timeZone, ticketsPerDay: 4 }));
  const team = generateTeam(specs, AS_OF, 3, 70);
  const { agents: _agentsFile, ...withoutFile } = team;

  it('is not after hours in anyone’s own day, with the hours labelled as inferred', () => {
    const report = computeTeamLoad({ ...withoutFile, asOf: AS_OF, defaultTimeZone: 'UTC' });
    expect(() => teamLoadReportSchema.parse(teamLoadToJson(report))).not.toThrow();
    expect(report.workingHoursSource).toBe('inferred');
    expect(report.teams[0].workingHoursSource).toBe('inferred');
    expect(report.teams[0].workingHoursPeople).toEqual({ agentsFile: 0, inferred: 6, default: 0 });
    expect(report.warnings.join(' ')).toMatch(/Working hours of 6 people were inferred from their own activity.*add an agents file/);
    expect(report.agents).toHaveLength(6);
    for (const row of report.agents) {
      expect(row.workingHours.source, row.agent).toBe('inferred');
      expect(row.workingHours.zoneSource, row.agent).toBe('inferred');
      expect(row.afterHoursShare, row.agent).toBe(0);
      expect(row.weekendShare, row.agent).toBe(0);
      expect(row.sleepHourDays, row.agent).toBe(0);
      expect(row.risk, row.agent).toBe('low');
    }
    expect(report.teamFindings).toEqual([]);
  });

  it('assumes 09–18 in SUPPORT_TRENDS_TZ only without enough history, says so, and does not rate after-hours on it', () => {
    // Three weeks of history: too little to infer. Tokyo and New York now look "after hours".
    const report = computeTeamLoad({ ...withoutFile, asOf: AS_OF, defaultTimeZone: 'UTC', options: { inferenceLookbackDays: 21 } });
    expect(report.workingHoursSource).toBe('default');
    expect(report.warnings.join(' ')).toMatch(/Working hours of 6 people are assumed \(09:00–18:00 Mon–Fri, UTC/);
    const aiko = report.agents.find((a) => a.agent === 'Aiko');
    expect(aiko?.workingHours).toMatchObject({ source: 'default', zoneSource: 'default', timeZone: 'UTC', start: '09:00', end: '18:00' });
    expect(aiko?.afterHoursShare).toBeGreaterThan(0.5);
    for (const row of report.agents) expect(row.risk, `${row.agent}: ${row.reasons.join('; ')}`).toBe('low');
    expect(aiko?.riskNote).toMatch(/After-hours work is not rated: the working hours are assumed/);
  });

  it('uses the agents file where it sets hours, and says the mix', () => {
    const agents = team.agents.filter((a) => a.name === 'Aiko' || a.name === 'Dana').map(({ team: _team, ...a }) => a);
    const report = computeTeamLoad({ ...withoutFile, agents, asOf: AS_OF, defaultTimeZone: 'UTC' });
    expect(report.workingHoursSource).toBe('mixed');
    expect(report.teams.map((t) => [t.workingHoursSource, t.workingHoursPeople])).toEqual([
      ['mixed', { agentsFile: 2, inferred: 4, default: 0 }],
    ]);
    expect(report.agents.find((a) => a.agent === 'Aiko')?.workingHours.source).toBe('agents_file');
  });

  it('uses a zone the export declares, with hours inferred in it', () => {
    const report = computeTeamLoad({
      ...withoutFile,
      declaredTimeZones: [{ name: 'Dana', timeZone: 'America/New_York' }],
      asOf: AS_OF,
      defaultTimeZone: 'UTC',
    });
    const dana = report.agents.find((a) => a.agent === 'Dana');
    expect(dana?.workingHours).toMatchObject({ source: 'inferred', zoneSource: 'export', timeZone: 'America/New_York' });
    expect(dana?.afterHoursShare).toBe(0);
  });
});
