/**
 * The support team: twelve invented agents in three teams, with their zones and shifts, and
 * the shift arithmetic used to assign tickets and time replies.
 *
 * Each roster entry plays a part the team-load analysis should find: most are balanced, one
 * is overloaded (double load, late-evening replies, no days off lately), one works part time,
 * and one is the only person who handles a niche topic (bus factor 1).
 */
import { DAY_MS } from '@/lib/time';
import type { TeamKey } from '@/demo/topics';
import { ZoneClock } from '@/demo/zones';

export const TEAM_NAMES: Record<TeamKey, string> = {
  tier1: 'Tier 1',
  tier2: 'Tier 2',
  billing: 'Billing & Accounts',
};

export type AgentRole = 'regular' | 'overloaded' | 'part-time' | 'niche-owner';

export interface AgentSpec {
  name: string;
  team: TeamKey;
  timezone: string;
  /** Local "HH:MM". */
  workStart: string;
  workEnd: string;
  /** A day range as written in agents.csv, e.g. "Mon-Fri". */
  workDays: string;
  /** Relative share of the team's tickets while on shift. */
  capacity: number;
  role: AgentRole;
}

export const AGENTS: readonly AgentSpec[] = [
  { name: 'Priya Raman', team: 'tier1', timezone: 'Europe/London', workStart: '09:00', workEnd: '18:00', workDays: 'Mon-Fri', capacity: 2.2, role: 'overloaded' },
  { name: 'Hannah Okafor', team: 'tier1', timezone: 'Europe/London', workStart: '08:00', workEnd: '17:00', workDays: 'Mon-Fri', capacity: 1, role: 'regular' },
  { name: 'Tomás Ferreira', team: 'tier1', timezone: 'Europe/Lisbon', workStart: '10:00', workEnd: '19:00', workDays: 'Tue-Sat', capacity: 1, role: 'regular' },
  { name: 'Daniel Reyes', team: 'tier1', timezone: 'America/New_York', workStart: '10:00', workEnd: '18:30', workDays: 'Mon-Fri', capacity: 1, role: 'regular' },
  { name: 'Mei Lin Tan', team: 'tier1', timezone: 'America/Los_Angeles', workStart: '08:00', workEnd: '17:00', workDays: 'Sun-Thu', capacity: 1, role: 'regular' },
  { name: 'Oliver Grant', team: 'tier1', timezone: 'America/Chicago', workStart: '09:00', workEnd: '13:00', workDays: 'Mon-Thu', capacity: 1, role: 'part-time' },
  { name: 'Lukas Brandt', team: 'tier2', timezone: 'Europe/Berlin', workStart: '09:00', workEnd: '17:30', workDays: 'Mon-Fri', capacity: 1.4, role: 'regular' },
  { name: 'Elena Petrova', team: 'tier2', timezone: 'Europe/Berlin', workStart: '10:00', workEnd: '18:30', workDays: 'Mon-Fri', capacity: 1, role: 'niche-owner' },
  { name: 'Kwame Mensah', team: 'tier2', timezone: 'America/Toronto', workStart: '10:00', workEnd: '18:30', workDays: 'Mon-Fri', capacity: 1, role: 'regular' },
  { name: 'Aisha Karim', team: 'tier2', timezone: 'Asia/Singapore', workStart: '09:00', workEnd: '18:00', workDays: 'Mon-Fri', capacity: 0.8, role: 'regular' },
  { name: 'Sofia Marino', team: 'billing', timezone: 'Europe/Dublin', workStart: '09:00', workEnd: '17:30', workDays: 'Mon-Fri', capacity: 0.8, role: 'regular' },
  { name: 'Ravi Menon', team: 'billing', timezone: 'America/New_York', workStart: '10:00', workEnd: '18:30', workDays: 'Mon-Fri', capacity: 1, role: 'regular' },
];

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Mon-Fri" → [false, true, true, true, true, true, false] (indexed by weekday, 0 = Sunday). */
export function parseWorkDays(label: string): boolean[] {
  const days = new Array<boolean>(7).fill(false);
  for (const part of label.split(',')) {
    const [from, to = from] = part.trim().split('-');
    const a = DAY_NAMES.indexOf(from);
    const b = DAY_NAMES.indexOf(to);
    if (a < 0 || b < 0) throw new Error(`Bad work days "${label}"`);
    for (let d = a; ; d = (d + 1) % 7) {
      days[d] = true;
      if (d === b) break;
    }
  }
  return days;
}

function parseMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** An agent with the shift arithmetic precomputed. */
export class Agent {
  readonly clock: ZoneClock;
  readonly startMinute: number;
  readonly endMinute: number;
  readonly days: boolean[];
  readonly first: string;
  /** From this instant on (the last weeks of the demo) the agent also works weekends. */
  noDaysOffFromMs = Number.POSITIVE_INFINITY;

  constructor(
    readonly spec: AgentSpec,
    readonly index: number,
  ) {
    this.clock = new ZoneClock(spec.timezone);
    this.startMinute = parseMinutes(spec.workStart);
    this.endMinute = parseMinutes(spec.workEnd);
    this.days = parseWorkDays(spec.workDays);
    this.first = spec.name.split(' ')[0];
  }

  get name(): string {
    return this.spec.name;
  }

  /** True on the agent's working days (local calendar). */
  isWorkDay(utcMs: number): boolean {
    return this.worksOnDay(this.clock.localDay(utcMs), utcMs);
  }

  private worksOnDay(localDay: number, utcMs: number): boolean {
    if (utcMs >= this.noDaysOffFromMs) return true;
    return this.days[(((localDay + 4) % 7) + 7) % 7];
  }

  /** Inside the agent's contracted hours (the after-hours analysis uses the same rule). */
  isOnShift(utcMs: number): boolean {
    const local = this.clock.localMs(utcMs);
    const day = Math.floor(local / DAY_MS);
    const minute = Math.floor((local - day * DAY_MS) / 60_000);
    return minute >= this.startMinute && minute < this.endMinute && this.worksOnDay(day, utcMs);
  }

  /** The next instant ≥ `utcMs` at which the agent is on shift. */
  nextShiftStart(utcMs: number): number {
    if (this.isOnShift(utcMs)) return utcMs;
    const today = this.clock.localDay(utcMs);
    for (let day = today; day < today + 9; day++) {
      const start = this.clock.toUtc(day, this.startMinute);
      if (start >= utcMs && this.worksOnDay(day, start)) return start;
    }
    return utcMs;
  }

  /** Local "evening" instant on the local day of `utcMs`, minute in [from, to). */
  eveningOf(utcMs: number, fromMinute: number, toMinute: number, fraction: number): number {
    const day = this.clock.localDay(utcMs);
    return this.clock.toUtc(day, fromMinute + fraction * (toMinute - fromMinute));
  }
}

export function buildRoster(): Agent[] {
  return AGENTS.map((spec, i) => new Agent(spec, i));
}
