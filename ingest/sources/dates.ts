/**
 * Timestamps as helpdesks and issue trackers export them.
 *
 * Every parser goes through `parseTimestamp`, so a date that one format accepts is accepted
 * by all of them. The patterns are compiled once here: parsers call this for every row.
 * Numeric day/month orders (`03/04/2021`) are refused on purpose — they cannot be read
 * without guessing the exporter's locale.
 */
import { wallTimeToUtc } from '@/lib/time';

const MONTHS = new Map<string, number>();
['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].forEach(
  (name, i) => {
    MONTHS.set(name, i + 1);
    MONTHS.set(name.slice(0, 3), i + 1);
  },
);
MONTHS.set('sept', 9);

/** 2021-09-30, 2021-09-30T17:20:05.123Z, 2021-09-30 17:20 +0200, 2021/09/30 17:20:05+02:00 */
const ISO_LIKE =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
/** Jira: 30/Sep/21 17:20, Jira Cloud: 30/Sep/21 5:20 PM, also 30-Sep-2021 and 30 Sep 2021 17:20:05. */
const DAY_MONTH_NAME =
  /^(\d{1,2})[/ -]([A-Za-z]{3,9})\.?[/ -](\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
/** RFC 2822 (e-mail, some CSV exports): Tue, 31 Oct 2017 22:10:47 +0000 */
const RFC_2822 = /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|UT|UTC|GMT|[+-]\d{4})?$/;
/** Twitter API / `date` output: Tue Oct 31 22:10:47 +0000 2017 */
const TWITTER = /^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+([+-]\d{4})\s+(\d{4})$/;
/** Unix time in seconds (10 digits, optional fraction) or milliseconds (13 digits). */
const EPOCH = /^(\d{10})(?:\.(\d{1,3})\d*)?$|^(\d{13})$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Offset in minutes east of UTC for "Z", "+0200", "+02:00", "-05"; NaN when out of range. */
function offsetMinutes(zone: string): number {
  const c = zone.charCodeAt(0);
  if (c !== 43 && c !== 45) return 0; // Z, UTC, GMT, UT
  const digits = zone.length === 6 ? zone.slice(1, 3) + zone.slice(4) : zone.slice(1);
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) return NaN;
  const total = hours * 60 + minutes;
  return c === 45 ? -total : total;
}

function twoDigitYear(year: number): number {
  // Jira writes "21" for 2021. Exports reach back to the 1990s at most.
  return year < 70 ? 2000 + year : 1900 + year;
}

/**
 * Checks the calendar fields and turns them into epoch ms: with `offset` (minutes east of UTC,
 * written in the text) directly, otherwise as wall time in `timeZone`. NaN when a field is out
 * of range (31 February, 25:00…).
 */
function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offset: number | null,
  timeZone: string,
): number {
  if (!(year >= 1900 && year <= 2199 && month >= 1 && month <= 12 && day >= 1)) return NaN;
  if (day > DAYS_IN_MONTH[month - 1] || (month === 2 && day === 29 && !isLeap(year))) return NaN;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59)) return NaN;
  if (offset === null) return wallTimeToUtc(year, month, day, hour, minute, second, timeZone) + ms;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

function zoneOffset(zone: string | undefined): number | null {
  return zone === undefined ? null : offsetMinutes(zone);
}

/** Two ASCII digits at `i` as a number, or NaN. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/**
 * `YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|±HH[:MM]]` without a regex or substrings: this is what
 * nearly every export writes, on every row. `undefined` sends other shapes to the regexes.
 */
function parseIsoFast(s: string, timeZone: string): number | undefined {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (n === 10) return build(year, month, day, 0, 0, 0, 0, null, timeZone);
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32 && sep !== 116) || n < 16 || s.charCodeAt(13) !== 58) return undefined;
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  let second = 0;
  let ms = 0;
  let i = 16;
  if (i < n && s.charCodeAt(i) === 58) {
    second = twoDigits(s, 17);
    i = 19;
    const dot = s.charCodeAt(i);
    if (i < n && (dot === 46 || dot === 44)) {
      i++;
      let scale = 100;
      while (i < n) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        ms += d * scale;
        scale /= 10;
        i++;
      }
      ms = Math.floor(ms);
    }
  }
  if (i === n) return build(year, month, day, hour, minute, second, ms, null, timeZone);
  const z = s.charCodeAt(i);
  if ((z === 90 || z === 122) && i + 1 === n) return build(year, month, day, hour, minute, second, ms, 0, timeZone);
  if (z !== 43 && z !== 45) return undefined;
  const oh = twoDigits(s, i + 1);
  let om = 0;
  if (n === i + 5) om = twoDigits(s, i + 3);
  else if (n === i + 6 && s.charCodeAt(i + 3) === 58) om = twoDigits(s, i + 4);
  else if (n !== i + 3) return undefined;
  if (!(oh <= 23 && om <= 59)) return NaN;
  const offset = (oh * 60 + om) * (z === 45 ? -1 : 1);
  return build(year, month, day, hour, minute, second, ms, offset, timeZone);
}

const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

/** Epoch ms within the years every other form accepts (1900–2199), else NaN. */
function inRange(ms: number): number {
  return ms >= EARLIEST && ms < LATEST ? ms : NaN;
}

function fractionToMs(fraction: string | undefined): number {
  if (!fraction) return 0;
  return Number((fraction + '00').slice(0, 3));
}

function hour12(hour: number, meridiem: string | undefined): number {
  if (meridiem === undefined) return hour;
  if (hour < 1 || hour > 12) return NaN;
  const pm = meridiem.charCodeAt(0) === 80 || meridiem.charCodeAt(0) === 112; // P / p
  return (hour % 12) + (pm ? 12 : 0);
}

/**
 * Epoch milliseconds of a timestamp written the way exports write it, or NaN when it cannot be
 * read. Text without an offset (Jira's `30/Sep/21 17:20`, `2024-01-31 09:00`) is a wall time in
 * `timeZone`; a bare date is midnight there.
 */
export function parseTimestamp(text: string, timeZone: string): number {
  const s = text.trim();
  if (s.length < 6) return NaN;
  const fast = parseIsoFast(s, timeZone);
  if (fast !== undefined) return fast;
  let m = ISO_LIKE.exec(s);
  if (m) {
    return build(
      +m[1], +m[3], +m[4],
      m[5] === undefined ? 0 : +m[5], m[6] === undefined ? 0 : +m[6], m[7] === undefined ? 0 : +m[7],
      fractionToMs(m[8]), zoneOffset(m[9]), timeZone,
    );
  }
  m = DAY_MONTH_NAME.exec(s);
  if (m) {
    const month = MONTHS.get(m[2].toLowerCase());
    if (month === undefined) return NaN;
    const year = m[3].length === 2 ? twoDigitYear(+m[3]) : +m[3];
    const hour = m[4] === undefined ? 0 : hour12(+m[4], m[7]);
    return build(year, month, +m[1], hour, m[5] === undefined ? 0 : +m[5], m[6] === undefined ? 0 : +m[6], 0, null, timeZone);
  }
  m = EPOCH.exec(s);
  if (m) return inRange(m[3] !== undefined ? +m[3] : +m[1] * 1000 + fractionToMs(m[2]));
  m = RFC_2822.exec(s);
  if (m) {
    const month = MONTHS.get(m[2].toLowerCase());
    if (month === undefined) return NaN;
    return build(+m[3], month, +m[1], +m[4], +m[5], m[6] === undefined ? 0 : +m[6], 0, zoneOffset(m[7]), timeZone);
  }
  m = TWITTER.exec(s);
  if (m) {
    const month = MONTHS.get(m[1].toLowerCase());
    if (month === undefined) return NaN;
    return build(+m[7], month, +m[2], +m[3], +m[4], +m[5], 0, zoneOffset(m[6]), timeZone);
  }
  return NaN;
}

/**
 * A timestamp from a JSON field: ISO text as APIs send it, or a number of Unix seconds
 * (Zendesk's `generated_timestamp`) or milliseconds. `null` when the field is absent or null;
 * NaN when it is there but unreadable.
 */
export function parseJsonTimestamp(value: unknown, timeZone: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return parseTimestamp(value, timeZone);
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return inRange(value < 1e11 ? Math.round(value * 1000) : Math.round(value));
  }
  return NaN;
}
