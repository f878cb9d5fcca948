/**
 * A person's usual working hours, and their time zone when nobody says it, read from their own
 * activity — so that without an agents file people in Tokyo and New York are not "after hours"
 * for working their own day.
 *
 * Evidence: the distinct half-hours in which the person acted (a burst of twenty replies in one
 * half-hour is one vote, so a busy evening weighs like a quiet one; bulk actions are left out by
 * the caller, who also adds what else the person did, e.g. tickets they reported themselves). At least MIN_SPAN_DAYS between the first and the last active day and
 * MIN_ACTIVE_DAYS active days are needed; with less, the caller assumes the default hours.
 *
 * - Zone (only when neither the agents file nor the export gives one): the whole-hour UTC offset
 *   under which the person's half-hours are most likely under ACTIVITY_PRIOR, a plain prior of when
 *   people are awake and at work (night quiet, office hours busy, weekends quieter). The prior is
 *   not fitted to any data set; what locates the zone is the quiet night. Then the same clock with
 *   daylight saving time (US, EU… rules) replaces the fixed offset when it makes the person's days
 *   more regular. Measured against the zones people declare in the Alloy Jira export by
 *   bench/team-hours.ts.
 * - Work days: weekdays on which the person is active at least half as often as on their usual
 *   working days (the median of their five busiest weekdays), so a Sun–Thu rota keeps Fri–Sat off.
 * - Hours: the shortest block of MIN_SHIFT_HOURS to MAX_SHIFT_HOURS holding SHIFT_COVERAGE of their
 *   half-hours on work days; when even the longest block holds less, the longest block with most
 *   of them. A few late nights move nothing; habitual 13-hour days still leave hours outside
 *   the block — long days are load, not a shift.
 */
import { DAY_MS, weekdayOfDayIndex, zoneOffsetMs } from '@/lib/time';

export const MIN_SPAN_DAYS = 28;
export const MIN_ACTIVE_DAYS = 8;
export const MIN_SHIFT_HOURS = 8;
export const MAX_SHIFT_HOURS = 10;
export const SHIFT_COVERAGE = 0.95;
/** A weekday is a work day when its active rate reaches this share of the usual working day's. */
const WORK_DAY_RATE = 0.5;

const HOUR_MS = 3_600_000;
const SLOT_MS = 30 * 60_000;
const SLOTS_PER_DAY = 48;

/** Relative activity by local hour on a working day (index = hour), and the weekend factor. */
const WEEKDAY_PRIOR = [
  0.04, 0.03, 0.02, 0.02, 0.02, 0.03, 0.06, 0.2, 0.55, 1, 1, 1, 1, 1, 1, 1, 1, 0.9, 0.6, 0.45, 0.4, 0.35, 0.25, 0.12,
];
const WEEKEND_FACTOR = 0.3;
/** log prior by local hour of week (index = weekday · 24 + hour, 0 = Sunday 00:00). */
const ACTIVITY_PRIOR: Float64Array = (() => {
  const prior = new Float64Array(168);
  for (let day = 0; day < 7; day++) {
    const weekend = day === 0 || day === 6;
    for (let h = 0; h < 24; h++) prior[day * 24 + h] = Math.log(WEEKDAY_PRIOR[h] * (weekend ? WEEKEND_FACTOR : 1));
  }
  return prior;
})();

export const MIN_OFFSET_HOURS = -12;
export const MAX_OFFSET_HOURS = 14;

export interface HoursEvidence {
  activeDays: number;
  /** Days from the first to the last active day, both included. */
  spanDays: number;
  /** Distinct half-hours with activity. */
  halfHours: number;
}

export interface InferredHours {
  /**
   * The zone the hours are in: the given zone, or the inferred one — a fixed offset
   * ("Etc/GMT+8" = UTC−08:00) or a zone with daylight saving time ("America/New_York").
   */
  timeZone: string;
  /** Set when the zone itself was inferred: its (median) UTC offset over the person's activity. */
  offsetMinutes: number | null;
  /** Minutes after local midnight; the shift crosses midnight when start > end. */
  startMinute: number;
  endMinute: number;
  workDays: number[];
  /** Share of the person's work-day half-hours inside the inferred shift. */
  coverage: number;
  evidence: HoursEvidence;
}

export type HoursInference = { ok: true; hours: InferredHours } | { ok: false; evidence: HoursEvidence };

/** Distinct UTC half-hour slots (epoch ms / 30 min) of the given instants, ascending. */
export function activeSlots(instants: readonly number[]): number[] {
  const all = Float64Array.from(instants, (at) => Math.floor(at / SLOT_MS)).sort();
  const slots: number[] = [];
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) slots.push(all[i]);
  return slots;
}

function evidenceOf(slots: readonly number[], offsetOf: (utcMs: number) => number): HoursEvidence {
  const days = new Set<number>();
  for (const s of slots) {
    const at = s * SLOT_MS;
    days.add(Math.floor((at + offsetOf(at)) / DAY_MS));
  }
  const sorted = [...days].sort((a, b) => a - b);
  return {
    activeDays: sorted.length,
    spanDays: sorted.length === 0 ? 0 : sorted[sorted.length - 1] - sorted[0] + 1,
    halfHours: slots.length,
  };
}

/** Log-likelihood of the slots under the prior, with local time from `offsetOf`. */
function priorScore(slots: readonly number[], offsetOf: (utcMs: number) => number): number {
  let score = 0;
  for (const s of slots) {
    const local = s * SLOT_MS + offsetOf(s * SLOT_MS);
    const day = Math.floor(local / DAY_MS);
    const hour = Math.floor((local - day * DAY_MS) / HOUR_MS);
    score += ACTIVITY_PRIOR[weekdayOfDayIndex(day) * 24 + hour];
  }
  return score;
}

/** The whole-hour UTC offset that makes the activity most likely under the prior. */
export function inferUtcOffset(slots: readonly number[]): { offsetHours: number } {
  let best = { offsetHours: 0, score: -Infinity };
  for (let o = MIN_OFFSET_HOURS; o <= MAX_OFFSET_HOURS; o++) {
    const score = priorScore(slots, () => o * HOUR_MS);
    // Ties go to the offset nearest UTC: no evidence either way.
    if (score > best.score || (score === best.score && Math.abs(o) < Math.abs(best.offsetHours))) best = { offsetHours: o, score };
  }
  return { offsetHours: best.offsetHours };
}

/** "Etc/GMT+8" is UTC−08:00 (POSIX signs are inverted). */
export function fixedOffsetZone(offsetHours: number): string {
  if (offsetHours === 0) return 'Etc/GMT';
  return `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;
}

/** "UTC+05:00" for an offset in minutes. */
export function formatUtcOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Usual hours from the instants of a person's (non-bulk) actions. `timeZone`: the zone to use
 * when known (agents file or export); otherwise it is inferred as a fixed offset.
 */
export function inferWorkingHours(instants: readonly number[], timeZone: string | null): HoursInference {
  const slots = activeSlots(instants);
  if (timeZone !== null) {
    const shift = shiftIn(slots, (utcMs) => zoneOffsetMs(utcMs, timeZone));
    if (!shift.ok) return shift;
    return { ok: true, hours: { ...shift.hours, timeZone, offsetMinutes: null } };
  }
  const { offsetHours } = inferUtcOffset(slots);
  // The same clock with daylight saving time: a person in New York keeps 09:00 across March, so
  // under the right rules their days are more regular (a shorter block, or more of it inside).
  // Among equally regular zones the prior decides; the fixed offset comes first and wins ties.
  const candidates = [fixedOffsetZone(offsetHours), ...daylightSavingCandidates(offsetHours, slots)];
  const scored = candidates.flatMap((zone) => {
    const offsetOf = (utcMs: number) => zoneOffsetMs(utcMs, zone);
    const shift = shiftIn(slots, offsetOf);
    return shift.ok ? [{ zone, shift, prior: priorScore(slots, offsetOf) }] : [];
  });
  if (scored.length === 0) return { ok: false, evidence: evidenceOf(slots, () => offsetHours * HOUR_MS) };
  const shortest = Math.min(...scored.map((c) => c.shift.length));
  const regular = scored.filter((c) => c.shift.length === shortest);
  const mostInside = Math.max(...regular.map((c) => c.shift.hours.coverage));
  let best = regular.find((c) => c.shift.hours.coverage >= mostInside - DST_MARGIN) as (typeof scored)[number];
  for (const c of regular) if (c.shift.hours.coverage >= mostInside - DST_MARGIN && c.prior > best.prior + 1e-9) best = c;
  const offsets = slots.map((slot) => zoneOffsetMs(slot * SLOT_MS, best.zone) / 60_000).sort((x, y) => x - y);
  return { ok: true, hours: { ...best.shift.hours, timeZone: best.zone, offsetMinutes: offsets[offsets.length >> 1] } };
}

/**
 * Zones with daylight saving time, one per set of rules and standard offset (North America, Europe,
 * Israel, southern hemisphere). A person matching one keeps it as their zone: its name stands for
 * every zone on the same clock (America/New_York for Toronto too).
 */
const DAYLIGHT_SAVING_ZONES = [
  'America/Anchorage', 'America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York', 'America/Halifax',
  'America/Santiago', 'Europe/London', 'Europe/Berlin', 'Europe/Helsinki', 'Asia/Jerusalem', 'Australia/Sydney', 'Pacific/Auckland',
];
/** A DST zone must hold this much more of the person's half-hours in the same block to be preferred. */
const DST_MARGIN = 0.005;

/** DST zones whose winter or summer offset is the inferred whole-hour offset, within the data's years. */
function daylightSavingCandidates(offsetHours: number, slots: readonly number[]): string[] {
  if (slots.length === 0) return [];
  const at = slots[slots.length >> 1] * SLOT_MS;
  const year = new Date(at).getUTCFullYear();
  const january = Date.UTC(year, 0, 15);
  const july = Date.UTC(year, 6, 15);
  return DAYLIGHT_SAVING_ZONES.filter((zone) => {
    const a = zoneOffsetMs(january, zone) / HOUR_MS;
    const b = zoneOffsetMs(july, zone) / HOUR_MS;
    return a !== b && (a === offsetHours || b === offsetHours);
  });
}

type ShiftResult =
  | { ok: true; length: number; hours: Omit<InferredHours, 'timeZone' | 'offsetMinutes'> }
  | { ok: false; evidence: HoursEvidence };

/** Work days and the shift block of the slots under the given offsets. */
function shiftIn(slots: readonly number[], offsetOf: (utcMs: number) => number): ShiftResult {
  const evidence = evidenceOf(slots, offsetOf);
  if (evidence.spanDays < MIN_SPAN_DAYS || evidence.activeDays < MIN_ACTIVE_DAYS) return { ok: false, evidence };

  // Local day and half-hour of day of every slot.
  const localDay = new Float64Array(slots.length);
  const slotOfDay = new Int32Array(slots.length);
  slots.forEach((s, i) => {
    const local = s * SLOT_MS + offsetOf(s * SLOT_MS);
    localDay[i] = Math.floor(local / DAY_MS);
    slotOfDay[i] = Math.floor((local - localDay[i] * DAY_MS) / SLOT_MS);
  });
  const workDays = inferWorkDays(localDay);
  const isWorkDay = new Array<boolean>(7).fill(false);
  for (const d of workDays) isWorkDay[d] = true;

  const votes = new Float64Array(SLOTS_PER_DAY);
  let total = 0;
  for (let i = 0; i < slots.length; i++) {
    // A slot just after midnight still belongs to the evening before (a late night, not a new day).
    if (!isWorkDay[weekdayOfDayIndex(localDay[i])] && !(slotOfDay[i] < 12 && isWorkDay[weekdayOfDayIndex(localDay[i] - 1)])) continue;
    votes[slotOfDay[i]]++;
    total++;
  }
  const block = densestBlock(votes, total);
  return {
    ok: true,
    length: block.length,
    hours: {
      startMinute: block.start * 30,
      endMinute: ((block.start + block.length) % SLOTS_PER_DAY) * 30,
      workDays,
      coverage: total === 0 ? 0 : block.votes / total,
      evidence,
    },
  };
}

/** Weekdays (0 = Sunday) active at least WORK_DAY_RATE as often as the person's usual working day. */
function inferWorkDays(localDays: Float64Array): number[] {
  const days = [...new Set(localDays)].sort((a, b) => a - b);
  const first = days[0];
  const last = days[days.length - 1];
  const active = new Array<number>(7).fill(0);
  const occurrences = new Array<number>(7).fill(0);
  for (const d of days) active[weekdayOfDayIndex(d)]++;
  for (let d = first; d <= last; d++) occurrences[weekdayOfDayIndex(d)]++;
  const rates = active.map((a, w) => (occurrences[w] === 0 ? 0 : a / occurrences[w]));
  const usual = [...rates].sort((a, b) => b - a)[2]; // median of the five busiest weekdays
  return rates.flatMap((r, w) => (r >= WORK_DAY_RATE * usual && r > 0 ? [w] : []));
}

/**
 * The shortest circular block of MIN..MAX_SHIFT_HOURS half-hour slots holding SHIFT_COVERAGE of the
 * votes (the longest block when none does); among equal blocks the one centred on the activity.
 */
function densestBlock(votes: Float64Array, total: number): { start: number; length: number; votes: number } {
  const n = votes.length;
  // Circular mean of the votes, to break ties towards the middle of the activity.
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const angle = ((i + 0.5) / n) * 2 * Math.PI;
    sx += votes[i] * Math.cos(angle);
    sy += votes[i] * Math.sin(angle);
  }
  const centre = ((Math.atan2(sy, sx) / (2 * Math.PI)) * n + n) % n;
  let chosen = { start: 9 * 2, length: MIN_SHIFT_HOURS * 2, votes: 0 };
  for (let length = MIN_SHIFT_HOURS * 2; length <= MAX_SHIFT_HOURS * 2; length++) {
    let best = -1;
    let bestStart = 0;
    let bestDistance = Infinity;
    for (let start = 0; start < n; start++) {
      let sum = 0;
      for (let k = 0; k < length; k++) sum += votes[(start + k) % n];
      const middle = (start + length / 2) % n;
      const distance = Math.min(Math.abs(middle - centre), n - Math.abs(middle - centre));
      if (sum > best + 1e-9 || (Math.abs(sum - best) <= 1e-9 && distance < bestDistance)) {
        best = sum;
        bestStart = start;
        bestDistance = distance;
      }
    }
    chosen = { start: bestStart, length, votes: best };
    if (total === 0 || best >= SHIFT_COVERAGE * total) break;
  }
  return chosen;
}
