import { describe, expect, it } from 'vitest';
import { computeTeamLoad, type TeamTicket } from '@/lib/analysis/team';
import { teamLoadToJson } from '@/lib/analysis/team';
import { teamLoadReportSchema } from '@/lib/analysis/team/schema';
import { DAY_MS, weekdayOfDayIndex } from '@/lib/time';
import { HOSTILE_TEXTS } from './generate-team';

// Friday 28 March 2025, 20:00 UTC.
const AS_OF = Date.UTC(2025, 2, 28, 20, 0);
const HOUR = 3_600_000;
const DEVS = ['Ada', 'Bo', 'Cy', 'Di', 'Ed'];

/**
 * Eight weeks of a small development team: five people close two issues each weekday around
 * midday; Zed closes eight a day, every day of the last three weeks, and is the one who is
 * "2.9× the team median" with "20 consecutive days" on timestamps alone. No comments, no channels.
 */
function tracker(requesterOf: (i: number, assignee: string) => string): TeamTicket[] {
  const tickets: TeamTicket[] = [];
  const today = Math.floor(AS_OF / DAY_MS);
  let n = 0;
  const add = (assignee: string, resolvedAt: number) => {
    const i = n++;
    tickets.push({
      id: `BUG-${i}`, createdAt: resolvedAt - 5 * HOUR, resolvedAt, assignee, requester: requesterOf(i, assignee),
      priority: 'normal', escalated: false, reopened: false, statusCategory: 'closed', topicId: null,
      customerText: HOSTILE_TEXTS[i % HOSTILE_TEXTS.length], channel: null,
    });
  };
  for (let day = today - 55; day < today; day++) {
    const weekday = weekdayOfDayIndex(day) !== 0 && weekdayOfDayIndex(day) !== 6;
    if (weekday) for (const dev of DEVS) for (const h of [11, 14]) add(dev, day * DAY_MS + h * HOUR);
    if (weekday || day >= today - 21) for (let k = 0; k < 8; k++) add('Zed', day * DAY_MS + (10 + k) * HOUR);
  }
  return tickets;
}

describe('an issue-tracker-shaped export', () => {
  // Reporters are the developers themselves.
  const report = computeTeamLoad({ tickets: tracker((i, assignee) => DEVS.find((d) => d !== assignee && i % 2 === 0) ?? 'Zed'), asOf: AS_OF, defaultTimeZone: 'UTC' });

  it('is recognised, and says its team-load signals are weak', () => {
    expect(() => teamLoadReportSchema.parse(teamLoadToJson(report))).not.toThrow();
    expect(report.exportShape).toMatchObject({ kind: 'issue_tracker', teamSignals: 'weak', ticketsWithChannel: 0, customerMessages: 0 });
    expect(report.exportShape.requestedByTeam).toBe(report.exportShape.ticketsWithRequester);
    expect(report.warnings.join(' ')).toMatch(/looks like an issue tracker.*nobody is rated above low without replies to customers/);
  });

  it('rates nobody above low, and keeps the reasons with the note why', () => {
    expect(report.agents).toHaveLength(6);
    for (const row of report.agents) expect(row.risk, `${row.agent}: ${row.reasons.join('; ')}`).toBe('low');
    const zed = report.agents.find((a) => a.agent === 'Zed');
    expect(zed?.reasons.some((r) => /team median of tickets per active day/.test(r))).toBe(true);
    expect(zed?.reasons.some((r) => /consecutive active days/.test(r))).toBe(true);
    expect(zed?.riskNote).toMatch(/^Held at low: this export is not a support desk/);
  });

  it('does not read bug reports as customer tone', () => {
    for (const row of report.agents) expect(row.negativeShare).toBeNull();
  });

  it('counts a bug filed by a colleague who was not active lately as the team\'s, when the configuration names them', () => {
    // Ex-colleagues Fay and Gil filed every bug but did nothing in the window: without knowing
    // them, their bugs look like customers' tickets and the export like a support desk.
    const filedByAlumni = (i: number) => (i % 2 === 0 ? 'Fay' : 'Gil');
    const unknown = computeTeamLoad({ tickets: tracker(filedByAlumni), asOf: AS_OF, defaultTimeZone: 'UTC' });
    expect(unknown.exportShape.kind).toBe('support_desk');
    const known = computeTeamLoad({
      tickets: tracker(filedByAlumni),
      agents: [{ name: 'Fay' }, { name: 'Gil' }],
      asOf: AS_OF,
      defaultTimeZone: 'UTC',
    });
    expect(known.exportShape).toMatchObject({ kind: 'issue_tracker', teamSignals: 'weak' });
    expect(known.exportShape.requestedByTeam).toBe(known.exportShape.ticketsWithRequester);
    for (const row of known.agents) expect(row.risk, row.agent).toBe('low');
  });

  it('rates the same work above low when the reporters are customers (a support desk)', () => {
    const desk = computeTeamLoad({ tickets: tracker((i) => `customer-${i % 40}`), asOf: AS_OF, defaultTimeZone: 'UTC' });
    expect(desk.exportShape.kind).toBe('support_desk');
    expect(desk.agents.find((a) => a.agent === 'Zed')?.risk).toBe('high');
    expect(desk.agents.find((a) => a.agent === 'Zed')?.negativeShare).not.toBeNull();
  });
});

describe('exports without people', () => {
  it('says "no people in this export" instead of showing zeros', () => {
    const tickets: TeamTicket[] = Array.from({ length: 50 }, (_, i) => ({
      id: `H-${i}`, createdAt: AS_OF - i * DAY_MS, resolvedAt: AS_OF - i * DAY_MS + HOUR, assignee: null, requester: null,
      priority: null, escalated: false, reopened: false, statusCategory: 'closed', topicId: null, customerText: 'NPE in the scheduler',
    }));
    const report = computeTeamLoad({ tickets, asOf: AS_OF, defaultTimeZone: 'UTC' });
    expect(() => teamLoadReportSchema.parse(teamLoadToJson(report))).not.toThrow();
    expect(report.state).toBe('no_people');
    expect(report.teams).toEqual([]);
    expect(report.agents).toEqual([]);
    expect(report.workingHoursSource).toBeNull();
    expect(report.warnings).toEqual([expect.stringMatching(/^No people in this export/)]);
  });

  it('tells a quiet window apart from an export without people', () => {
    const old: TeamTicket = {
      id: 'OLD', createdAt: AS_OF - 200 * DAY_MS, resolvedAt: AS_OF - 199 * DAY_MS, assignee: 'Ada', requester: 'customer-1',
      priority: null, escalated: false, reopened: false, statusCategory: 'closed', topicId: null, customerText: '',
    };
    const report = computeTeamLoad({ tickets: [old], asOf: AS_OF, defaultTimeZone: 'UTC' });
    expect(report.state).toBe('no_activity');
    expect(report.warnings[0]).toMatch(/^Nobody on the team has tickets or actions in the 28 days/);
  });
});
