/**
 * Time-zone arithmetic without a date library.
 *
 * Support data is bucketed by the *local* day of the team (a ticket at 23:30 in New York is a
 * Tuesday ticket there, even though it is Wednesday in UTC). Intl knows every zone's rules,
 * but `formatToParts` is slow, so offsets are cached per UTC hour: zone offsets only change
 * on (at least) quarter-hour boundaries that fall on whole hours in every zone in use today.
 */

export const DAY_MS = 86_400_000;

/** A closed range of local days, YYYY-MM-DD. */
export interface DayRange {
  from: string;
  to: string;
}
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone name this runtime knows (e.g. "Europe/Paris"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function computeOffset(utcMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = utcFromParts(get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second'));
  // Drop the milliseconds of utcMs: the formatted wall time has whole seconds only.
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Offset of `timeZone` from UTC at instant `utcMs`, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  let cache = offsetCache.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(timeZone, cache);
  }
  const hour = Math.floor(utcMs / HOUR_MS);
  let offset = cache.get(hour);
  if (offset === undefined) {
    offset = computeOffset(hour * HOUR_MS, timeZone);
    cache.set(hour, offset);
  }
  return offset;
}

/**
 * The UTC instant of a wall-clock time in `timeZone`. For a time skipped by a DST jump the
 * result is shifted forward; for a repeated hour the earlier instant is chosen.
 */
export function wallTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  timeZone = 'UTC',
): number {
  const wall = utcFromParts(year, month, day, hour, minute, second);
  const first = wall - zoneOffsetMs(wall, timeZone);
  const second_ = wall - zoneOffsetMs(first, timeZone);
  return Math.min(first, second_);
}

/** The UTC instant a local day ("YYYY-MM-DD") starts in `timeZone`. */
export function localDayStart(isoDay: string, timeZone: string): Date {
  const [y, m, d] = isoDay.split('-').map(Number);
  return new Date(wallTimeToUtc(y, m, d, 0, 0, 0, timeZone));
}

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday, as in Date#getUTCDay. */
  weekday: number;
  /** Whole days since 1970-01-01 in local time: consecutive local days differ by exactly 1. */
  dayIndex: number;
}

/** Calendar fields of instant `utcMs` as seen on a wall clock in `timeZone`. */
export function localParts(utcMs: number, timeZone = 'UTC'): LocalParts {
  const shifted = utcMs + zoneOffsetMs(utcMs, timeZone);
  const d = new Date(shifted);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
    dayIndex: Math.floor(shifted / DAY_MS),
  };
}

/** Local day number (days since 1970-01-01 in `timeZone`). */
export function localDayIndex(utcMs: number, timeZone = 'UTC'): number {
  return Math.floor((utcMs + zoneOffsetMs(utcMs, timeZone)) / DAY_MS);
}

/** "YYYY-MM-DD" of a local day number (years past 9999 get more digits instead of toISOString's "+010000"). */
export function dayIndexToIso(dayIndex: number): string {
  const date = new Date(dayIndex * DAY_MS);
  const year = date.getUTCFullYear();
  if (year >= 0 && year <= 9999) return date.toISOString().slice(0, 10);
  return `${year}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** Local day number of a "YYYY-MM-DD" string (no time zone involved: it names a calendar day). */
export function isoToDayIndex(isoDay: string): number {
  const [y, m, d] = isoDay.split('-').map(Number);
  return Math.floor(utcFromParts(y, m, d) / DAY_MS);
}

/**
 * Epoch ms of a UTC calendar time. Unlike Date.UTC, years 0–99 are those years, not 1900–1999
 * (Date.UTC(1, 0, 1) is 1901-01-01): a URL may name the year 0001.
 */
export function utcFromParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** Weekday (0 = Sunday) of a local day number. */
export function weekdayOfDayIndex(dayIndex: number): number {
  return (((dayIndex + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** "YYYY-MM-DD" of instant `utcMs` in `timeZone`. */
export function localIsoDay(utcMs: number, timeZone = 'UTC'): string {
  return dayIndexToIso(localDayIndex(utcMs, timeZone));
}

/** Local day number of the Monday starting the ISO week that contains `dayIndex`. */
export function weekStartDayIndex(dayIndex: number): number {
  return dayIndex - ((weekdayOfDayIndex(dayIndex) + 6) % 7);
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/**
 * When something started, for "… running since 10:42 UTC": the local time of day, with the date
 * when it was not today (in `timeZone`), and the zone.
 */
export function formatSince(utcMs: number, timeZone: string, nowMs = Date.now()): string {
  const p = localParts(utcMs, timeZone);
  const time = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  const day = p.dayIndex === localDayIndex(nowMs, timeZone) ? '' : `${dayIndexToIso(p.dayIndex)} `;
  return `${day}${time} ${timeZone}`;
}
