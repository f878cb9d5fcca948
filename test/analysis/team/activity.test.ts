import { describe, expect, it } from 'vitest';
import { computeTeamLoad, type TeamTicket } from '@/lib/analysis/team';
import { streaks } from '@/lib/analysis/team/agent-metrics';
import { collectActivity } from '@/lib/analysis/team/activity';
import { DAY_MS, localDayIndex, weekStartDayIndex } from '@/lib/time';

// Friday 28 March 2025, 12:00 UTC; day offsets below are whole days before that noon.
const AS_OF = Date.UTC(2025, 2, 28, 12, 0);
const at = (daysAgo: number, hour = 12, minute = 0) => AS_OF - daysAgo * DAY_MS + (hour - 12) * 3_600_000 + minute * 60_000;

function ticket(id: string, assignee: string, createdAt: number, resolvedAt: number | null, extra: Partial<TeamTicket> = {}): TeamTicket {
  return {
    id, createdAt, resolvedAt, assignee, requester: null, priority: 'normal', escalated: false, reopened: false,
    statusCategory: resolvedAt === null ? 'open' : 'solved', topicId: null, customerText: '', ...extra,
  };
}

/** Four quiet colleagues, so that the fifth person's row is shown. */
function colleagues(): TeamTicket[] {
  return ['Bo', 'Cy', 'Di', 'Ed'].flatMap((name) => [ticket(`${name}-1`, name, at(3, 9), at(3, 10))]);
}

function rowOf(tickets: TeamTicket[], name: string) {
  const report = computeTeamLoad({ tickets, asOf: AS_OF, defaultTimeZone: 'UTC' });
  return report.agents.find((a) => a.agent === name);
}

describe('streaks', () => {
  it('finds the longest run and the one still going', () => {
    expect(streaks([1, 1, 0, 1, 1, 1])).toEqual({ longest: 3, current: 3 });
    // Nothing yet today: the run up to yesterday is still current.
    expect(streaks([1, 1, 1, 1, 0, 2, 2, 0])).toEqual({ longest: 4, current: 2 });
    expect(streaks([1, 0, 0])).toEqual({ longest: 1, current: 0 });
    expect(streaks([])).toEqual({ longest: 0, current: 0 });
  });
});

describe('ticket timestamps when there are no events', () => {
  it("never counts the customer's creation time as the agent's night work", () => {
    // Created at 03:00 by a customer, answered and resolved at 11:00.
    const tickets = [...colleagues(), ...[1, 2, 3].map((d) => ticket(`A${d}`, 'Ana', at(d, 3), at(d, 11), { firstResponseAt: at(d, 10) }))];
    const ana = rowOf(tickets, 'Ana');
    expect(ana?.sleepHourDays).toBe(0);
    expect(ana?.afterHoursShare).toBe(0);
    expect(ana?.actionsSource).toBe('ticket_timestamps');
    expect(ana?.actionsPerDay).toBe(2); // first response + resolution, three days
  });

  it('counts a resolution at 23:30 as a sleep-hour day', () => {
    const tickets = [...colleagues(), ticket('A1', 'Ana', at(2, 9), at(2, 23, 30)), ticket('A2', 'Ana', at(1, 9), at(1, 10))];
    const ana = rowOf(tickets, 'Ana');
    expect(ana?.sleepHourDays).toBe(1);
    expect(ana?.afterHoursShare).toBe(0.5);
  });
});

describe('open backlog reconstruction', () => {
  it('replays created/resolved times into the backlog at the end of each day', () => {
    const tickets = [
      ...colleagues(),
      ticket('old-open', 'Ana', at(60), null), // open for the whole window
      ticket('recent-open', 'Ana', at(5), null), // open for the last 6 days
      ticket('closed-in-window', 'Ana', at(40), at(10)), // open for the first 18 days
      ticket('same-day', 'Ana', at(4, 9), at(4, 15)), // never open at a day's end
      ticket('resolved-later', 'Ana', at(2), AS_OF + DAY_MS), // resolved after asOf: open now
      ticket('solved-no-time', 'Ana', at(20), null, { statusCategory: 'solved' }), // unknown stay: left out
    ];
    const ana = rowOf(tickets, 'Ana');
    expect(ana?.openBacklog).toBe(3);
    // End-of-day values over the 28 days: 2 on the first 17 (old-open + closed-in-window), 1 on
    // the next 5, 2 on the next 3 (recent-open), 3 on the last 3 (resolved-later) → median 2.
    expect(ana?.openBacklogMedian).toBe(2);
    // Handled in the window = assigned (created) in it or acted on in it: all but old-open.
    expect(ana?.tickets).toBe(5);

    const span = { asOf: AS_OF, windowDays: 28, historyWeeks: 1, weekBase: weekStartDayIndex(localDayIndex(AS_OF)) };
    const activity = collectActivity(tickets, [], [], span, { timeZone: 'UTC', team: 'Support' }).agents.get('ana');
    const backlog = Array.from(activity?.backlogByDay ?? []);
    expect(backlog).toEqual([...Array(17).fill(2), ...Array(5).fill(1), ...Array(3).fill(2), ...Array(3).fill(3)]);
  });
});
