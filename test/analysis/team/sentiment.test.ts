import { describe, expect, it } from 'vitest';
import { computeTeamLoad, customerTone, isNegativeTone, type TeamEvent } from '@/lib/analysis/team';
import { generateTeam, HOSTILE_TEXTS } from './generate-team';

describe('isNegativeTone', () => {
  it('flags hostility but not a plain problem report', () => {
    expect(isNegativeTone('My card payment failed at checkout, please help me fix it.')).toBe(false);
    expect(isNegativeTone('Error 500 when exporting, the sync is broken and files are missing.')).toBe(false);
    expect(isNegativeTone('This is ridiculous. Worst service ever, I hate this useless app.')).toBe(true);
    // One strong word is not diluted by a long message.
    const long = `I have been trying to export ${'the monthly invoice report '.repeat(6)} and it is a joke, what the hell.`;
    expect(isNegativeTone(long)).toBe(true);
    expect(isNegativeTone('')).toBe(false);
  });

  it('limits negation to the next three words', () => {
    // natural alone negates everything after "not": "not sure … terrible" would turn positive.
    expect(customerTone('I am not sure why, but your app is terrible').strongest).toBe(-3);
    expect(customerTone('not good').mean).toBeLessThan(0);
    expect(customerTone("this isn't bad at all").mean).toBeGreaterThanOrEqual(0);
  });
});

describe('negative_share reads customers only', () => {
  const asOf = Date.UTC(2025, 2, 28, 20, 0);
  const team = generateTeam(['Ana', 'Ben', 'Cy', 'Di', 'Ed'].map((name) => ({ name, ticketsPerDay: 3, hostileShare: 0.2 })), asOf, 3);
  const base = computeTeamLoad({ ...team, asOf, defaultTimeZone: 'UTC' });
  const anaBase = base.agents.find((a) => a.agent === 'Ana')?.negativeShare;
  const anaTickets = team.tickets.filter((t) => t.assignee === 'Ana' && !HOSTILE_TEXTS.includes(t.customerText)).slice(-10);

  const withComments = (role: TeamEvent['role']) =>
    computeTeamLoad({
      ...team,
      events: [
        ...team.events,
        ...anaTickets.map(
          (t): TeamEvent => ({
            ticketId: t.id,
            at: (t.resolvedAt as number) - 60_000,
            author: role === 'agent' ? 'Ana' : 'someone',
            role,
            body: HOSTILE_TEXTS[0],
          }),
        ),
      ],
      asOf,
      defaultTimeZone: 'UTC',
    }).agents.find((a) => a.agent === 'Ana');

  it('an angry agent reply does not change negative_share', () => {
    expect(anaBase).toBeGreaterThan(0);
    expect(withComments('agent')?.negativeShare).toBe(anaBase);
  });

  it('an angry customer comment does', () => {
    const ana = withComments('customer');
    // Ten calm tickets became hostile ones: the share rises by exactly 10 / tickets.
    expect(ana?.negativeShare as number).toBeCloseTo((anaBase as number) + 10 / (ana?.tickets as number), 2);
  });
});
