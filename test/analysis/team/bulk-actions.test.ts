import { describe, expect, it } from 'vitest';
import { computeTeamLoad, findBulkBursts, toColumns, type PersonAction, type TeamEvent, type TeamTicket } from '@/lib/analysis/team';
import { DAY_MS } from '@/lib/time';
import { generateTeam, type AgentSpec } from './generate-team';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 2, 20, 21, 0);

function actions(count: number, gapMs: number, kind: PersonAction['kind'], fingerprint: (i: number) => string | null = () => null): PersonAction[] {
  return Array.from({ length: count }, (_, i) => ({ at: T0 + i * gapMs, ticketId: `T${i}`, kind, fingerprint: fingerprint(i), fromEvent: true }));
}

describe('findBulkBursts', () => {
  it('collapses 26 status changes a minute or two apart into one burst', () => {
    const marks = findBulkBursts(toColumns(actions(26, 2 * MINUTE, 'status')));
    expect(marks.bursts).toHaveLength(1);
    expect(marks.bursts[0]).toMatchObject({ actions: 26, tickets: 26, kind: 'status_changes' });
    expect([...marks.burstOf].every((b) => b === 0)).toBe(true);
  });

  it('collapses a templated comment posted on 36 tickets within seconds', () => {
    const marks = findBulkBursts(toColumns(actions(36, 100, 'reply', () => 'same-text')));
    expect(marks.bursts).toEqual([expect.objectContaining({ actions: 36, kind: 'templated_comments' })]);
  });

  it('collapses different comments at machine speed (an automation)', () => {
    const marks = findBulkBursts(toColumns(actions(8, 2_000, 'reply', (i) => `text-${i}`)));
    expect(marks.bursts).toEqual([expect.objectContaining({ actions: 8, kind: 'machine_speed' })]);
  });

  it('leaves a person working through a queue alone: different replies a minute or two apart', () => {
    expect(findBulkBursts(toColumns(actions(12, 90_000, 'reply', (i) => `text-${i}`))).bursts).toEqual([]);
  });

  it('needs five tickets, and a pause of more than three minutes ends a run', () => {
    expect(findBulkBursts(toColumns(actions(4, MINUTE, 'status'))).bursts).toEqual([]);
    const split = [...actions(4, MINUTE, 'status'), ...actions(4, MINUTE, 'status').map((a, i) => ({ ...a, at: a.at + 20 * MINUTE, ticketId: `U${i}` }))];
    expect(findBulkBursts(toColumns(split)).bursts).toEqual([]);
    // Status changes on the same ticket over and over are one ticket, not a bulk change.
    const sameTicket = actions(10, MINUTE, 'status').map((a) => ({ ...a, ticketId: 'T0' }));
    expect(findBulkBursts(toColumns(sameTicket)).bursts).toEqual([]);
  });
});

describe('bulk actions in the team report', () => {
  // Friday 28 March 2025, 20:00 UTC; six agents on 09:00–18:00 UTC.
  const AS_OF = Date.UTC(2025, 2, 28, 20, 0);
  const specs: AgentSpec[] = ['Ana', 'Ben', 'Cy', 'Di', 'Ed', 'Fay'].map((name) => ({ name, ticketsPerDay: 4 }));
  const team = generateTeam(specs, AS_OF, 4);
  const base = computeTeamLoad({ ...team, asOf: AS_OF, defaultTimeZone: 'UTC' });

  /** 30 old tickets of Ana's, still open, resolved at `resolvedAt(i)` without a comment. */
  function withResolutions(resolvedAt: (i: number) => number) {
    const old: TeamTicket[] = Array.from({ length: 30 }, (_, i) => ({
      id: `OLD${i}`, createdAt: AS_OF - 60 * DAY_MS, resolvedAt: resolvedAt(i), assignee: 'Ana', requester: 'customer-x',
      priority: 'normal', escalated: false, reopened: false, statusCategory: 'solved', topicId: null, customerText: '',
    }));
    return computeTeamLoad({ ...team, tickets: [...team.tickets, ...old], asOf: AS_OF, defaultTimeZone: 'UTC' });
  }

  it("does not raise a person's risk for one bulk-close evening", () => {
    const ana = base.agents.find((a) => a.agent === 'Ana');
    // 30 resolutions within 29 minutes, at 23:00 UTC three days ago: after hours and in sleep hours.
    const bulk = withResolutions((i) => AS_OF - 3 * DAY_MS + 3 * 3_600_000 + i * MINUTE);
    const after = bulk.agents.find((a) => a.agent === 'Ana');
    expect(after?.risk).toBe(ana?.risk);
    expect(after?.risk).toBe('low');
    expect(after?.sleepHourDays).toBe(ana?.sleepHourDays);
    expect(after?.tickets).toBe(ana?.tickets);
    expect(after?.afterHoursShare).toBeLessThanOrEqual(ana?.afterHoursShare as number);
    expect(after?.bulkBursts).toBe(1);
    expect(bulk.bulkBursts).toBe(1);
    expect(bulk.bulkActions).toBe(30);
    expect(bulk.warnings).toContainEqual(expect.stringMatching(/^30 bulk actions .* were counted as 1 action, and never as after-hours or sleep-hour work\.$/));
  });

  it('still counts the same status changes when they are night after night, not a burst', () => {
    const nightly = withResolutions((i) => AS_OF - (i % 25 + 1) * DAY_MS + 3 * 3_600_000);
    const ana = nightly.agents.find((a) => a.agent === 'Ana');
    expect(ana?.sleepHourDays).toBeGreaterThanOrEqual(20);
    expect(ana?.risk).not.toBe('low');
    expect(nightly.bulkBursts).toBe(0);
  });

  it('weighs a status change without a reply at half a reply', () => {
    const ana = base.agents.find((a) => a.agent === 'Ana');
    const replies = team.events.filter((e) => e.author === 'Ana' && e.at >= AS_OF - 28 * DAY_MS).length;
    // Ten status changes at 20:00 on ten different evenings, on her own tickets.
    const own = team.tickets.filter((t) => t.assignee === 'Ana' && t.createdAt >= AS_OF - 27 * DAY_MS).slice(0, 10);
    const statuses: TeamEvent[] = own.map((t, i) => ({ ticketId: t.id, at: AS_OF - (i + 1) * DAY_MS, author: 'Ana', role: 'agent', kind: 'status' }));
    const report = computeTeamLoad({ ...team, events: [...team.events, ...statuses], asOf: AS_OF, defaultTimeZone: 'UTC' });
    const row = report.agents.find((a) => a.agent === 'Ana');
    expect(ana?.afterHoursShare).toBe(0);
    expect(row?.afterHoursShare).toBeCloseTo(5 / (replies + 5), 3);
    expect(row?.afterHoursShare).toBeLessThan(10 / (replies + 10));
  });
});
