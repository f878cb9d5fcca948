/**
 * Runs scheduled pulls inside the server process (which holds the embedded database), one at
 * a time: a source that falls due while another pulls waits for it. Next-run times are kept in
 * `pull_sources.next_run_at` so a restart neither forgets a nightly pull nor runs every source
 * at once; a run missed while the server was down happens once, soon after it starts.
 *
 * The clock and timers are injected so the tests drive time instead of waiting for it.
 */
import { dayIndexToIso, localParts, wallTimeToUtc } from '@/lib/time';
import type { Schedule } from './config';

const MINUTE_MS = 60_000;
/** setTimeout's limit (~24.8 days); a longer wait is done in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The first scheduled time strictly after `after`: `everyMinutes` counts from `after` (the last
 * run's start); `dailyAt` is a wall time in the schedule's zone (default `timeZone`), so a
 * nightly 02:30 stays 02:30 across DST changes. A time the spring jump skips, or the autumn
 * one repeats, resolves as lib/time's `wallTimeToUtc` does (in Paris, the skipped 02:30 of the
 * spring night runs at 01:30 CET, the doubled 02:30 of the autumn night at its second, CET one).
 */
export function nextRunAt(schedule: Schedule, after: number, timeZone: string): number {
  if ('everyMinutes' in schedule) return after + schedule.everyMinutes * MINUTE_MS;
  const zone = schedule.timeZone ?? timeZone;
  const [hour, minute] = schedule.dailyAt.split(':').map(Number);
  const today = localParts(after, zone).dayIndex;
  for (let day = today; day <= today + 2; day++) {
    const [y, m, d] = dayIndexToIso(day).split('-').map(Number);
    const at = wallTimeToUtc(y, m, d, hour, minute, 0, zone);
    if (at > after) return at;
  }
  // Unreachable with real zones (a wall time recurs within two days); keep the pull going anyway.
  return after + 24 * 60 * MINUTE_MS;
}

/**
 * When a source's next run is after a pull that started at `startedAt` and ended at `finishedAt`:
 * the next slot after the start, or after the end when the pull overran its slot (no burst of
 * back-to-back catch-up pulls).
 */
export function nextRunAfterPull(schedule: Schedule, startedAt: number, finishedAt: number, timeZone: string): number {
  const next = nextRunAt(schedule, startedAt, timeZone);
  return next > finishedAt ? next : nextRunAt(schedule, finishedAt, timeZone);
}

export interface ScheduledSource {
  name: string;
  kind: string;
  schedule: Schedule;
}

export interface SchedulerStore {
  loadNextRuns(names: string[]): Promise<Map<string, Date | null>>;
  saveNextRun(source: ScheduledSource, at: Date): Promise<void>;
}

export interface SchedulerClock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const REAL_CLOCK: SchedulerClock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.(); // never keep a process alive just for the next pull
    return handle;
  },
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface PullSchedulerOptions {
  sources: ScheduledSource[];
  timeZone: string;
  /** Pulls one source; a thrown error is logged and the source keeps its schedule. */
  runPull: (source: ScheduledSource) => Promise<void>;
  store: SchedulerStore;
  clock?: SchedulerClock;
  log?: (message: string) => void;
}

export class PullScheduler {
  private readonly clock: SchedulerClock;
  private readonly due = new Map<string, number>();
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: PullSchedulerOptions) {
    this.clock = options.clock ?? REAL_CLOCK;
  }

  /**
   * Loads the stored next runs and arms the timer. A source never scheduled before runs now when
   * it pulls every few minutes, or at its next daily time; a stored time later than one period
   * from now (the schedule was shortened) is brought forward.
   */
  async start(): Promise<void> {
    const now = this.clock.now();
    const stored = await this.options.store.loadNextRuns(this.options.sources.map((s) => s.name));
    for (const source of this.options.sources) {
      const soonest = 'everyMinutes' in source.schedule ? now : nextRunAt(source.schedule, now, this.options.timeZone);
      const latest = nextRunAt(source.schedule, now, this.options.timeZone);
      const saved = stored.get(source.name)?.getTime();
      const at = saved === undefined ? soonest : Math.min(saved, latest);
      this.due.set(source.name, at);
      await this.options.store.saveNextRun(source, new Date(at));
    }
    this.arm();
  }

  /** Stops the timer and waits for a pull in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    await this.running;
  }

  /** The next run of each source (epoch ms), for tests and logs. */
  nextRuns(): Map<string, number> {
    return new Map(this.due);
  }

  /**
   * Runs every source that is due, one after the other. Called by the timer; calling it while a
   * round is in progress returns that round instead of starting a second, concurrent one.
   */
  runDue(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.round().finally(() => {
      this.running = null;
      this.arm();
    });
    return this.running;
  }

  private async round(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const now = this.clock.now();
      const source = this.options.sources
        .filter((s) => (this.due.get(s.name) ?? Infinity) <= now)
        .sort((a, b) => this.due.get(a.name)! - this.due.get(b.name)!)[0];
      if (source === undefined) return;
      const startedAt = now;
      try {
        await this.options.runPull(source);
      } catch (error) {
        this.options.log?.(`scheduled pull of "${source.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      const next = nextRunAfterPull(source.schedule, startedAt, this.clock.now(), this.options.timeZone);
      this.due.set(source.name, next);
      try {
        await this.options.store.saveNextRun(source, new Date(next));
      } catch (error) {
        this.options.log?.(`could not store the next run of "${source.name}": ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    if (this.due.size === 0) return;
    const soonest = Math.min(...this.due.values());
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, soonest - this.clock.now()));
    this.timer = this.clock.setTimer(() => {
      this.timer = null;
      void this.runDue();
    }, wait);
  }
}
