import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJsonTimestamp, parseTimestamp } from '@/ingest/sources/dates';

const utc = (s: string) => Date.parse(s);

describe('parseTimestamp', () => {
  it.each([
    ['2024-03-04T09:15:00Z', '2024-03-04T09:15:00.000Z'],
    ['2024-03-04T09:15:00.123456Z', '2024-03-04T09:15:00.123Z'],
    ['2024-03-04T09:15:00+02:00', '2024-03-04T07:15:00.000Z'],
    ['2024-03-04T09:15:00.000+0000', '2024-03-04T09:15:00.000Z'],
    ['2024-03-04 09:15:00 -0500', '2024-03-04T14:15:00.000Z'],
    ['2024/03/04 09:15', '2024-03-04T09:15:00.000Z'],
    ['2024-3-4 9:15', '2024-03-04T09:15:00.000Z'],
    ['30/Sep/21 17:20', '2021-09-30T17:20:00.000Z'],
    ['30/Sep/21 5:20 PM', '2021-09-30T17:20:00.000Z'],
    ['30/Sep/21 12:05 AM', '2021-09-30T00:05:00.000Z'],
    ['1/Oct/2021 12:00 pm', '2021-10-01T12:00:00.000Z'],
    ['15 March 2022', '2022-03-15T00:00:00.000Z'],
    ['Tue, 31 Oct 2017 22:10:47 +0000', '2017-10-31T22:10:47.000Z'],
    ['Tue Oct 31 22:10:47 +0000 2017', '2017-10-31T22:10:47.000Z'],
    ['1706781600', '2024-02-01T10:00:00.000Z'],
    ['1706781600123', '2024-02-01T10:00:00.123Z'],
    ['  2024-02-29  ', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (text, expected) => {
    expect(new Date(parseTimestamp(text, 'UTC')).toISOString()).toBe(expected);
  });

  it.each(['31/Feb/21 25:00', '2023-02-29', '2024-13-01', '2024-01-01 24:00', '2024-01-01T10:61', '30/Foo/21 10:00', '13:00 PM', '03/04/2021', 'yesterday', '', '2024-01-01T10:00:00+25:00', '0/Jan/21 10:00'])(
    'refuses %j',
    (text) => {
      expect(parseTimestamp(text, 'UTC')).toBeNaN();
    },
  );

  it('reads wall times without an offset in the given zone, DST included', () => {
    expect(parseTimestamp('30/Sep/21 17:20', 'Europe/Paris')).toBe(utc('2021-09-30T15:20:00Z'));
    expect(parseTimestamp('2024-01-15 09:00', 'America/New_York')).toBe(utc('2024-01-15T14:00:00Z'));
    expect(parseTimestamp('2024-07-15 09:00', 'America/New_York')).toBe(utc('2024-07-15T13:00:00Z'));
    // An explicit offset wins over the zone.
    expect(parseTimestamp('2024-07-15T09:00:00Z', 'America/New_York')).toBe(utc('2024-07-15T09:00:00Z'));
  });

  it('reads JSON numbers as Unix seconds or milliseconds, and says null for absent values', () => {
    expect(parseJsonTimestamp(1706781600, 'UTC')).toBe(utc('2024-02-01T10:00:00Z'));
    expect(parseJsonTimestamp(1706781600123, 'UTC')).toBe(1706781600123);
    expect(parseJsonTimestamp(null, 'UTC')).toBeNull();
    expect(parseJsonTimestamp(undefined, 'UTC')).toBeNull();
    expect(parseJsonTimestamp({}, 'UTC')).toBeNaN();
    expect(parseJsonTimestamp(true, 'UTC')).toBeNaN();
  });

  it('round-trips every valid calendar time in ISO and Jira notation (property)', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2069-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const ms = Math.floor(d.getTime() / 60_000) * 60_000; // minute resolution, as Jira writes
        const t = new Date(ms);
        const p2 = (n: number) => String(n).padStart(2, '0');
        const isoText = `${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())} ${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}`;
        const jiraText = `${p2(t.getUTCDate())}/${months[t.getUTCMonth()]}/${p2(t.getUTCFullYear() % 100)} ${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}`;
        expect(parseTimestamp(isoText, 'UTC')).toBe(ms);
        expect(parseTimestamp(jiraText, 'UTC')).toBe(ms);
        expect(parseTimestamp(t.toISOString(), 'Asia/Tokyo')).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const v = parseTimestamp(s, 'Europe/Paris');
        expect(typeof v).toBe('number');
      }),
      { numRuns: 500 },
    );
  });
});
