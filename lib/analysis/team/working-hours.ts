/**
 * Each agent's working hours, in their own zone, and a fast classifier for action instants.
 *
 * Offsets come from `zoneOffsetMs` (cached per UTC hour), so an action at 09:30 in New York is
 * 09:30 on both sides of the March and November DST changes.
 */
import { DAY_MS, weekdayOfDayIndex, zoneOffsetMs } from '@/lib/time';
import { formatUtcOffset, inferWorkingHours, type HoursEvidence } from './infer-hours';
import type { AgentConfig, HoursSource, ZoneSource } from './types';

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
  hoursSource: HoursSource;
  zoneSource: ZoneSource;
  /** The zone as people read it: the IANA name, or "UTC−08:00" for an inferred offset. */
  zoneLabel: string;
  /** The inferred fixed offset in minutes, when the zone was inferred. */
  inferredOffsetMinutes: number | null;
  /** What the hours were inferred from (or found too little of); null for agents-file hours. */
  evidence: HoursEvidence | null;
  /** Share of the person's work-day half-hours inside inferred hours; null otherwise. */
  coverage: number | null;
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
  const timeZone = config.timeZone ?? defaults.timeZone;
  return {
    name: config.name,
    team: config.team ?? defaults.team,
    timeZone,
    startMinute: parseClock(config.workStart ?? DEFAULT_WORK_START) ?? 9 * 60,
    endMinute: parseClock(config.workEnd ?? DEFAULT_WORK_END) ?? 18 * 60,
    workDays,
    hoursSource: hasConfiguredHours(config) ? 'agents_file' : 'default',
    zoneSource: config.timeZone ? 'agents_file' : 'default',
    zoneLabel: timeZone,
    inferredOffsetMinutes: null,
    evidence: null,
    coverage: null,
  };
}

function hasConfiguredHours(config: AgentConfig): boolean {
  return config.workStart !== undefined || config.workEnd !== undefined;
}

/**
 * A person's schedule: hours from the agents file when it sets them; otherwise inferred from the
 * instants of their own (non-bulk) actions, in the zone of the agents file, else the zone the
 * export declares, else an inferred one; with too little history, 09:00–18:00 Mon–Fri in that
 * zone or the default one — an assumption, marked `default`.
 */
export function scheduleFor(
  config: AgentConfig,
  declaredZone: string | undefined,
  instants: readonly number[],
  defaults: { timeZone: string; team: string },
): WorkSchedule {
  const base = resolveSchedule(config, defaults);
  if (hasConfiguredHours(config)) return base;
  const knownZone = config.timeZone ?? declaredZone ?? null;
  const knownSource: ZoneSource = config.timeZone ? 'agents_file' : declaredZone ? 'export' : 'default';
  const inference = inferWorkingHours(instants, knownZone);
  if (!inference.ok) {
    const timeZone = knownZone ?? defaults.timeZone;
    return { ...base, timeZone, zoneLabel: timeZone, zoneSource: knownSource, evidence: inference.evidence };
  }
  const h = inference.hours;
  const workDays = config.workDays
    ? base.workDays
    : Array.from({ length: 7 }, (_, d) => h.workDays.includes(d));
  return {
    ...base,
    timeZone: h.timeZone,
    zoneLabel: h.offsetMinutes === null || !h.timeZone.startsWith('Etc/') ? h.timeZone : formatUtcOffset(h.offsetMinutes),
    zoneSource: h.offsetMinutes === null ? knownSource : 'inferred',
    inferredOffsetMinutes: h.offsetMinutes,
    startMinute: h.startMinute,
    endMinute: h.endMinute,
    workDays,
    hoursSource: 'inferred',
    evidence: h.evidence,
    coverage: h.coverage,
  };
}

/** "HH:MM" of minutes after midnight. */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Where one action falls in its author's week. Reused (mutated) to avoid garbage in hot loops. */
export interface ActionSlot {
  /** Local day number (days since 1970-01-01 in the agent's zone). */
  dayIndex: number;
  /** Local minute of the day. */
  minute: number;
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
  return { dayIndex: 0, minute: 0, afterHours: false, dayOff: false, sleepNight: -1 };
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
  out.minute = minute;
  out.afterHours = !inShift;
  out.dayOff = !schedule.workDays[weekdayOfDayIndex(dayIndex)];
  // Someone rostered for nights is working, not losing sleep: only off-shift night actions count.
  if (!inShift && minute >= SLEEP_START_MINUTE) out.sleepNight = dayIndex;
  else if (!inShift && minute < SLEEP_END_MINUTE) out.sleepNight = dayIndex - 1;
  else out.sleepNight = -1;
  return out;
}
