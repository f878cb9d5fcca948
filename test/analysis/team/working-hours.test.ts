import { describe, expect, it } from 'vitest';
import { computeTeamLoad, type AgentConfig, type TeamEvent, type TeamTicket } from '@/lib/analysis/team';
import { classifyAction, newActionSlot, resolveSchedule } from '@/lib/analysis/team/working-hours';
import { DAY_MS, localDayIndex, wallTimeToUtc, weekdayOfDayIndex } from '@/lib/time';

const NY = 'America/New_York';
const defaults = { timeZone: 'UTC', team: 'Support' };

function slotOf(config: AgentConfig, utcMs: number) {
  return { ...classifyAction(resolveSchedule(config, defaults), utcMs, newActionSlot()) };
}

describe('classifyAction', () => {
  const dana: AgentConfig = { name: 'Dana', timeZone: NY };

  it('keeps 09:00–18:00 local inside the shift on both sides of the March DST change', () => {
    // 2025-03-07 is a Friday in EST (UTC-5); 2025-03-10 a Monday in EDT (UTC-4).
    for (const [day, hour] of [[7, 9], [7, 17], [10, 9], [10, 17]] as const) {
      const at = wallTimeToUtc(2025, 3, day, hour, 30, 0, NY);
      expect(slotOf(dana, at).afterHours, `03-${day} ${hour}:30`).toBe(false);
    }
    // The same UTC hour is 09:30 local before the change and 10:30 after: still fine, but
    // 08:30 local after the change (12:30 UTC) is before the shift.
    expect(slotOf(dana, Date.UTC(2025, 2, 10, 12, 30)).afterHours).toBe(true);
    expect(slotOf(dana, Date.UTC(2025, 2, 7, 13, 30)).afterHours).toBe(true);
  });

  it('counts a reply at 23:30 and one at 01:00 as the same sleep-hour night', () => {
    const late = slotOf(dana, wallTimeToUtc(2025, 3, 12, 23, 30, 0, NY));
    const early = slotOf(dana, wallTimeToUtc(2025, 3, 13, 1, 0, 0, NY));
    expect(late.sleepNight).toBeGreaterThan(0);
    expect(early.sleepNight).toBe(late.sleepNight);
    expect(early.dayIndex).toBe(late.dayIndex + 1);
    expect(slotOf(dana, wallTimeToUtc(2025, 3, 12, 21, 30, 0, NY)).sleepNight).toBe(-1);
  });

  it("treats the agent's own days off as their weekend (Sun–Thu rota)", () => {
    const omar: AgentConfig = { name: 'Omar', timeZone: 'Asia/Dubai', workDays: [0, 1, 2, 3, 4] };
    const friday = slotOf(omar, wallTimeToUtc(2025, 3, 14, 11, 0, 0, 'Asia/Dubai'));
    const sunday = slotOf(omar, wallTimeToUtc(2025, 3, 16, 11, 0, 0, 'Asia/Dubai'));
    expect(friday).toMatchObject({ dayOff: true, afterHours: true });
    expect(sunday).toMatchObject({ dayOff: false, afterHours: false });
  });

  it('does not call a rostered night shift sleep-hour work', () => {
    const nina: AgentConfig = { name: 'Nina', timeZone: 'Europe/Berlin', workStart: '22:00', workEnd: '06:00' };
    // Monday 23:00 and Tuesday 03:00 are inside Monday's night shift.
    const late = slotOf(nina, wallTimeToUtc(2025, 3, 10, 23, 0, 0, 'Europe/Berlin'));
    const early = slotOf(nina, wallTimeToUtc(2025, 3, 11, 3, 0, 0, 'Europe/Berlin'));
    expect(late).toMatchObject({ afterHours: false, sleepNight: -1 });
    expect(early).toMatchObject({ afterHours: false, sleepNight: -1 });
    // Saturday 03:00 belongs to Friday's shift; Sunday 03:00 to Saturday's, which is a day off.
    expect(slotOf(nina, wallTimeToUtc(2025, 3, 15, 3, 0, 0, 'Europe/Berlin')).afterHours).toBe(false);
    expect(slotOf(nina, wallTimeToUtc(2025, 3, 16, 3, 0, 0, 'Europe/Berlin')).afterHours).toBe(true);
  });
});

describe('computeTeamLoad across the New York DST change', () => {
  // Five agents in New York answer tickets 09:00–17:59 local on working days from 24 Feb to
  // 21 Mar 2025; DST starts on Sunday 9 March.
  const asOf = wallTimeToUtc(2025, 3, 21, 20, 0, 0, NY);
  const names = ['Ava', 'Bo', 'Cy', 'Di', 'Ed'];
  const agents: AgentConfig[] = names.map((name) => ({ name, timeZone: NY }));

  function build(extra: (TeamEvent & { customerText?: string })[] = []) {
    const tickets: TeamTicket[] = [];
    const events: TeamEvent[] = [];
    const today = localDayIndex(asOf, NY);
    for (const name of names) {
      for (let day = today - 27; day <= today; day++) {
        if (weekdayOfDayIndex(day) === 0 || weekdayOfDayIndex(day) === 6) continue;
        const d = new Date(day * DAY_MS);
        for (const hour of [9, 11, 14, 17]) {
          const at = wallTimeToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), hour, hour === 17 ? 59 : 0, 0, NY);
          const id = `${name}-${day}-${hour}`;
          tickets.push({
            id, createdAt: at - 3_600_000, resolvedAt: at, assignee: name, requester: null, priority: 'normal',
            escalated: false, reopened: false, statusCategory: 'solved', topicId: null, customerText: '',
          });
          events.push({ ticketId: id, at, author: name, role: 'agent' });
        }
      }
    }
    return computeTeamLoad({ tickets, events: [...events, ...extra], agents, asOf, defaultTimeZone: 'UTC' });
  }

  it('does not flag 09–18 local work as after-hours in either offset', () => {
    const report = build();
    expect(report.agents).toHaveLength(5);
    for (const row of report.agents) {
      expect(row.afterHoursShare).toBe(0);
      expect(row.sleepHourDays).toBe(0);
      expect(row.weekendShare).toBe(0);
      expect(row.maxConsecutiveDays).toBe(5);
      expect(row.risk).toBe('low');
    }
  });

  it('counts a reply at 23:30 local (03:30 UTC next day) as one sleep-hour day', () => {
    const lateReply = wallTimeToUtc(2025, 3, 12, 23, 30, 0, NY);
    const report = build([
      { ticketId: 'Ava-x', at: lateReply, author: 'Ava', role: 'agent' },
      { ticketId: 'Ava-x', at: lateReply + 90 * 60_000, author: 'Ava', role: 'agent' },
    ]);
    const ava = report.agents.find((a) => a.agent === 'Ava');
    expect(ava?.sleepHourDays).toBe(1);
    expect(ava?.afterHoursShare).toBeCloseTo(2 / (20 * 4 + 2), 3);
    expect(report.agents.find((a) => a.agent === 'Bo')?.sleepHourDays).toBe(0);
  });
});
