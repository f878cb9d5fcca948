/** The URL edge of the dashboard: filter parameters, the tickets list's own parameters, the standup period. */
import { asTopicId } from '@/lib/topic-id';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/db/errors';
import { filtersToQuery, needsTicketScan, parseFilters, requireValidFilters, ticketsHref } from '@/lib/filters';
import { elapsedPeriodDays, pickMovers, previousBusinessDay, standupPeriod, type TopicMovementRow } from '@/lib/queries/standup';
import { periodEnd, periodsOf, zeroFill } from '@/lib/queries/zero-fill';
import { parseTicketQuery } from '@/lib/ticket-query';

describe('parseFilters', () => {
  it('reads every filter into typed values', () => {
    const { filters, problems } = parseFilters({
      from: '2026-10-01',
      to: '2026-10-31',
      topic: 't12',
      org: '7',
      customer: ' dana@example.com ',
      priority: 'urgent',
      channel: 'email',
      version: '5.16.1',
      granularity: 'week', // not a filter: ignored here
    });
    expect(problems).toEqual([]);
    expect(filters).toEqual({
      from: '2026-10-01',
      to: '2026-10-31',
      topic: 't12',
      org: 7,
      customer: 'dana@example.com',
      priority: 'urgent',
      channel: 'email',
      version: '5.16.1',
    });
  });

  it('drops a bad value with a sentence saying why, and keeps the rest', () => {
    const { filters, problems } = parseFilters({ from: '2026-02-30', topic: 'login', org: 'acme', priority: 'asap', to: '2026-03-01' });
    expect(filters).toEqual({ to: '2026-03-01' });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/From date "2026-02-30" is not a calendar date; it was ignored/);
    expect(problems.join(' ')).toMatch(/Topic "login" must be a topic id/);
    expect(problems.join(' ')).toMatch(/Priority "asap" must be one of low, normal, high, urgent/);
  });

  it('refuses repeated parameters and reversed dates', () => {
    expect(parseFilters({ topic: ['t1', 't2'] }).problems[0]).toMatch(/given 2 times/);
    const reversed = parseFilters({ from: '2026-05-02', to: '2026-05-01' });
    expect(reversed.filters).toEqual({});
    expect(reversed.problems[0]).toMatch(/after To date/);
  });

  it('treats empty values as absent and accepts "none" for unclustered tickets', () => {
    expect(parseFilters({ from: '', topic: 'none', priority: '' })).toEqual({ filters: { topic: null }, problems: [] });
  });

  it('turns problems into one InvalidInput error for endpoints', () => {
    expect(() => requireValidFilters(new URLSearchParams('from=2026-13-01'))).toThrow(AppError);
    const error = (() => {
      try {
        requireValidFilters({ from: 'yesterday' });
        return null;
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(error?.code).toBe('InvalidInput');
    expect(error?.message).toMatch(/From date "yesterday" must be a date written YYYY-MM-DD\./);
    expect(requireValidFilters({ priority: 'high' })).toEqual({ priority: 'high' });
  });

  it('writes filters back to a URL that parses to the same filters', () => {
    const filters = { from: '2026-10-21', to: '2026-10-21', topic: asTopicId('t4'), org: 3, channel: 'web chat', version: '5.16.0' };
    const query = filtersToQuery(filters, { granularity: 'day', empty: '' });
    expect(query).not.toMatch(/empty=/);
    const back = parseFilters(Object.fromEntries(new URLSearchParams(query)));
    expect(back).toEqual({ filters, problems: [] });
    expect(ticketsHref({ priority: 'high' }, { from: '2026-01-01', to: '2026-01-07', status: 'unresolved' })).toBe(
      '/tickets?from=2026-01-01&to=2026-01-07&priority=high&status=unresolved',
    );
    expect(ticketsHref({})).toBe('/tickets');
  });

  it('refuses ids past PostgreSQL integers and text with control characters (they were 500s)', () => {
    const { filters, problems } = parseFilters({ org: '99999999999', customer: 'a\u0000b', version: '5.1\u0000' });
    expect(filters).toEqual({});
    expect(problems).toEqual([
      'Organization "99999999999" is not an organization number; it was ignored.',
      'Customer "a\u0000b" contains control characters; it was ignored.',
      'Product version "5.1\u0000" contains control characters; it was ignored.',
    ]);
    expect(parseTicketQuery({ after: '99999999999', q: 'x\u0000' }).problems).toHaveLength(2);
  });

  it('knows which filters the rollups cannot answer', () => {
    expect(needsTicketScan({ topic: asTopicId('t1'), priority: 'low', channel: 'email', from: '2026-01-01' })).toBe(false);
    for (const f of [{ org: 1 }, { customer: 'x' }, { version: '1.0' }]) expect(needsTicketScan(f)).toBe(true);
  });
});

describe('the tickets list parameters', () => {
  it('reads status, search, sort and the keyset cursor; dates only bound when given', () => {
    const { query, page, problems } = parseTicketQuery({ status: 'engineering', q: ' 504 ', sort: 'oldest', after: '1200', page: '3', topic: 't2' });
    expect(problems).toEqual([]);
    expect(query).toMatchObject({ status: 'engineering', search: '504', sort: 'oldest', after: 1200, range: null, filters: { topic: 't2' } });
    expect(page).toBe(3);
    // An open end is the tickets' own last day; a date past the tickets is dropped, with a notice.
    const tickets = { from: '2025-06-01', to: '2026-06-30' };
    expect(parseTicketQuery({ from: '2026-01-01' }, 50, tickets).query.range).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(parseTicketQuery({ to: '9999-12-31' }, 50, tickets).query).toMatchObject({ range: null, filters: {} });
    expect(parseTicketQuery({ to: '9999-12-31' }, 50, tickets).notice).toMatch(/showing 2025-06-01 – 2026-06-30, the data's range/);
    const bad = parseTicketQuery({ status: 'waiting', sort: 'random', after: '-3' });
    expect(bad.problems).toHaveLength(3);
    expect(bad.query).toMatchObject({ status: undefined, sort: 'newest', after: undefined });
  });

  it('says what is wrong with a malformed parameter in words, never in the validator\'s (issue 17)', () => {
    const { problems } = parseTicketQuery({
      page: '0', after: '1.5', status: 'waiting', sort: 'random', q: ' ', org: '2.5', customer: '  ', version: ' ', priority: 'asap', from: '2026-1-1',
    });
    expect(problems).toHaveLength(10);
    for (const problem of problems) {
      expect(problem).not.toMatch(/too small|too big|expected|invalid (input|option)|>=|<=|received/i);
      expect(problem).toMatch(/^[A-Z][\w ()]* "[^"]*" [a-z].*; (it was|the dates were) ignored\.$/);
    }
    expect(problems).toContain('Page "0" must be 1 or more; it was ignored.');
    expect(problems).toContain('Order "random" must be newest or oldest; it was ignored.');
    expect(problems).toContain('Organization "2.5" must be a whole organization number; it was ignored.');
  });
});

describe('standup period', () => {
  it('covers the last business day to today', () => {
    // 2026-11-24 is a Tuesday, 2026-11-23 a Monday.
    expect(standupPeriod('2026-11-24', '2026-11-24')).toEqual({ from: '2026-11-23', to: '2026-11-24', anchor: 'today' });
    // On Monday the last standup was on Friday.
    expect(standupPeriod('2026-11-23', '2026-11-23')).toEqual({ from: '2026-11-20', to: '2026-11-23', anchor: 'today' });
    expect(previousBusinessDay('2026-11-29')).toBe('2026-11-27'); // Sunday → Friday
  });

  it('reports on the last days of the data when the data is old', () => {
    expect(standupPeriod('2026-11-24', '2026-06-30')).toEqual({ from: '2026-06-29', to: '2026-06-30', anchor: 'data' });
    // Yesterday's data is fresh enough.
    expect(standupPeriod('2026-11-24', '2026-11-23').anchor).toBe('today');
  });

  it('takes a chosen "since" unless it is after the end', () => {
    expect(standupPeriod('2026-11-24', '2026-11-24', '2026-11-16').from).toBe('2026-11-16');
    expect(standupPeriod('2026-11-24', '2026-11-24', '2026-12-01').from).toBe('2026-11-23');
  });
});

describe('the days of a standup period that have passed', () => {
  it('counts today only up to now, in the installation zone, so a morning is not compared with a whole day', () => {
    const period = standupPeriod('2026-11-25', '2026-11-25'); // Tue 24 – Wed 25
    // 06:00 in New York on Wednesday (11:00 UTC): one whole Tuesday and a quarter of Wednesday.
    expect(elapsedPeriodDays(period, Date.parse('2026-11-25T11:00:00Z'), 'America/New_York')).toBeCloseTo(1.25, 6);
    expect(elapsedPeriodDays(period, Date.parse('2026-11-25T11:00:00Z'), 'UTC')).toBeCloseTo(1 + 11 / 24, 6);
    // A period that ends on the data's last day (an old export) has all its days.
    expect(elapsedPeriodDays(standupPeriod('2026-11-25', '2026-10-02'), Date.parse('2026-11-25T11:00:00Z'), 'UTC')).toBe(2);
  });
});

describe('pickMovers', () => {
  const row = (id: string, recent: number, expected: number): TopicMovementRow => ({ id: asTopicId(id), label: id, recent, baseline: expected * 14, expected });

  it('keeps clear moves only, ordered by the Poisson-scaled distance', () => {
    const rows = [row('t1', 4, 1), row('t2', 45, 20), row('t3', 3, 2.5), row('t4', 0, 6), row('t5', 10, 9), row('t6', 2, 0)];
    const { up, down } = pickMovers(rows);
    // t1: +3 and ×4 (distance 2.1); t2: +25, ×2.25 (distance 5.5); t6: only +2.
    expect(up.map((r) => r.id)).toEqual(['t2', 't1']);
    expect(down.map((r) => r.id)).toEqual(['t4']);
  });
});

describe('zero-filled periods', () => {
  it('fills every day or Monday-based week of a range', () => {
    const range = { from: '2026-11-25', to: '2026-12-02' }; // Wednesday to Wednesday
    expect(periodsOf(range, 'week')).toEqual(['2026-11-23', '2026-11-30']);
    expect(zeroFill([{ period: '2026-11-27', tickets: 4 }], range, 'day').map((p) => p.tickets)).toEqual([0, 0, 4, 0, 0, 0, 0, 0]);
    expect(periodEnd('2026-11-30', 'week', range)).toBe('2026-12-02');
    expect(periodEnd('2026-11-23', 'week', range)).toBe('2026-11-29');
  });
});
