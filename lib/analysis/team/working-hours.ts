/**
 * Each agent's working hours, in their own zone, and a fast classifier for action instants.
 *
 * Offsets come from `zoneOffsetMs` (cached per UTC hour), so an action at 09:30 in New York is
 * 09:30 on both sides of the March and November DST changes.
 */
import { DAY_MS, weekdayOfDayIndex, zoneOffsetMs } from '@/lib/time';
import type { AgentConfig } from './types';

export const DEFAULT_WORK_START = '09:00';
export const DEFAULT_WORK_END = '18:00';
export const DEFAULT_WORK_DAYS: readonly number[] = [1, 2, 3, 4, 5];

/** 22:00–06:00 local: the "sleep hours" of PagerDuty's interruption metrics. */
export const SLEEP_START_MINUTE = 22 * 60;
export const SLEEP_END_MINUTE = 6 * 60;

const MINUTE_MS = 60_000;

export interface WorkSchedule {
  name: string;
  team: string;
  timeZone: string;
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
  /** Index = weekday (0 = Sunday). */
  workDays: readonly boolean[];
}

/** "HH:MM" → minutes after midnight, or null when malformed. "24:00" is allowed as an end. */
export function parseClock(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (minutes > 59) return null;
  if (hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

export function resolveSchedule(
  config: AgentConfig,
  defaults: { timeZone: string; team: string },
): WorkSchedule {
  const days = config.workDays ?? DEFAULT_WORK_DAYS;
  const workDays = Array.from({ length: 7 }, (_, d) => days.includes(d));
  return {
    name: config.name,
    team: config.team ?? defaults.team,
    timeZone: config.timeZone ?? defaults.timeZone,
    startMinute: parseClock(config.workStart ?? DEFAULT_WORK_START) ?? 9 * 60,
    endMinute: parseClock(config.workEnd ?? DEFAULT_WORK_END) ?? 18 * 60,
    workDays,
  };
}

/** Where one action falls in its author's week. Reused (mutated) to avoid garbage in hot loops. */
export interface ActionSlot {
  /** Local day number (days since 1970-01-01 in the agent's zone). */
  dayIndex: number;
  /** Outside the agent's shift, including their days off. */
  afterHours: boolean;
  /** On one of the agent's days off (their "weekend": Fri–Sat for a Sun–Thu rota). */
  dayOff: boolean;
  /**
   * Local day on which the night containing this action began (a 01:00 reply belongs to the
   * previous evening's night), or -1 when not in sleep hours or inside the agent's own shift.
   */
  sleepNight: number;
}

export function newActionSlot(): ActionSlot {
  return { dayIndex: 0, afterHours: false, dayOff: false, sleepNight: -1 };
}

/** True when local minute `minute` of local day `dayIndex` is inside the agent's shift. */
export function isWithinShift(schedule: WorkSchedule, dayIndex: number, minute: number): boolean {
  const { startMinute: start, endMinute: end, workDays } = schedule;
  if (start < end) return workDays[weekdayOfDayIndex(dayIndex)] && minute >= start && minute < end;
  // A shift across midnight: the early-morning part belongs to the shift that began the day before.
  if (minute >= start) return workDays[weekdayOfDayIndex(dayIndex)];
  if (minute < end) return workDays[weekdayOfDayIndex(dayIndex - 1)];
  return false;
}

/** Classifies instant `utcMs` for `schedule` into `out` (no allocation). */
export function classifyAction(schedule: WorkSchedule, utcMs: number, out: ActionSlot): ActionSlot {
  const local = utcMs + zoneOffsetMs(utcMs, schedule.timeZone);
  const dayIndex = Math.floor(local / DAY_MS);
  const minute = Math.floor((local - dayIndex * DAY_MS) / MINUTE_MS);
  const inShift = isWithinShift(schedule, dayIndex, minute);
  out.dayIndex = dayIndex;
  out.afterHours = !inShift;
  out.dayOff = !schedule.workDays[weekdayOfDayIndex(dayIndex)];
  // Someone rostered for nights is working, not losing sleep: only off-shift night actions count.
  if (!inShift && minute >= SLEEP_START_MINUTE) out.sleepNight = dayIndex;
  else if (!inShift && minute < SLEEP_END_MINUTE) out.sleepNight = dayIndex - 1;
  else out.sleepNight = -1;
  return out;
}
