import { describe, expect, it } from 'vitest';
import type { Schedule } from '@/ingest/connectors/config';
import { nextRunAfterPull, nextRunAt, PullScheduler, type ScheduledSource, type SchedulerClock } from '@/ingest/connectors/scheduler';

const T = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

/** A clock the test moves by hand; due timers fire in order as it passes them. */
class FakeClock implements SchedulerClock {
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  constructor(public time: number) {}
  now = () => this.time;
  setTimer = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimer = (handle: unknown) => {
    this.timers.delete(handle as number);
  };
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.at).sort((a, b) => a - b);
  }
  /** Moves to `to`, firing timers that fall due on the way (and letting their work settle). */
  async advanceTo(to: number): Promise<void> {
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
      await settle();
    }
    this.time = to;
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function memoryStore(initial: Record<string, string> = {}) {
  const saved = new Map<string, Date | null>(Object.entries(initial).map(([k, v]) => [k, new Date(v)]));
  return {
    saved,
    loadNextRuns: async (names: string[]) => new Map(names.filter((n) => saved.has(n)).map((n) => [n, saved.get(n)!])),
    saveNextRun: async (source: ScheduledSource, at: Date) => {
      saved.set(source.name, at);
    },
  };
}

describe('next run times', () => {
  it('adds the interval for everyMinutes', () => {
    expect(iso(nextRunAt({ everyMinutes: 15 }, T('2026-03-10T12:00:00Z'), 'UTC'))).toBe('2026-03-10T12:15:00.000Z');
  });

  it('finds the next wall-clock time for dailyAt, in the schedule\'s or the default zone', () => {
    const nightly: Schedule = { dailyAt: '02:30' };
    expect(iso(nextRunAt(nightly, T('2026-03-10T10:00:00Z'), 'Europe/Paris'))).toBe('2026-03-11T01:30:00.000Z');
    expect(iso(nextRunAt(nightly, T('2026-03-11T01:00:00Z'), 'Europe/Paris'))).toBe('2026-03-11T01:30:00.000Z'); // later the same night
    expect(iso(nextRunAt(nightly, T('2026-03-11T01:30:00Z'), 'Europe/Paris'))).toBe('2026-03-12T01:30:00.000Z'); // strictly after
    expect(iso(nextRunAt({ dailyAt: '02:30', timeZone: 'America/New_York' }, T('2026-03-10T10:00:00Z'), 'Europe/Paris'))).toBe('2026-03-11T06:30:00.000Z');
    // Across DST: 02:30 in summer time is 00:30 UTC; the skipped 02:30 of the spring night is 01:30 CET (00:30 UTC).
    expect(iso(nextRunAt(nightly, T('2026-03-29T12:00:00Z'), 'Europe/Paris'))).toBe('2026-03-30T00:30:00.000Z');
    expect(iso(nextRunAt(nightly, T('2026-03-28T12:00:00Z'), 'Europe/Paris'))).toBe('2026-03-29T00:30:00.000Z');
    expect(iso(nextRunAt(nightly, T('2026-10-24T12:00:00Z'), 'Europe/Paris'))).toBe('2026-10-25T01:30:00.000Z'); // the second (CET) of the doubled 02:30s
  });

  it('after a pull that overran its slot, waits a full period from its end instead of running back to back', () => {
    const every = { everyMinutes: 15 };
    expect(iso(nextRunAfterPull(every, T('2026-03-10T12:00:00Z'), T('2026-03-10T12:02:00Z'), 'UTC'))).toBe('2026-03-10T12:15:00.000Z');
    expect(iso(nextRunAfterPull(every, T('2026-03-10T12:00:00Z'), T('2026-03-10T12:20:00Z'), 'UTC'))).toBe('2026-03-10T12:35:00.000Z');
  });
});

describe('PullScheduler', () => {
  const every15: ScheduledSource = { name: 'zendesk', kind: 'zendesk', schedule: { everyMinutes: 15 } };
  const nightly: ScheduledSource = { name: 'jira', kind: 'jira', schedule: { dailyAt: '02:30' } };
  const start = T('2026-03-10T12:00:00Z');

  it('starts frequent sources now, nightly ones at their time, catches up a missed run once, and keeps next runs stored', async () => {
    const clock = new FakeClock(start);
    const store = memoryStore({ github: '2026-03-10T06:00:00Z' }); // missed while the server was down
    const github: ScheduledSource = { name: 'github', kind: 'github', schedule: { everyMinutes: 60 } };
    const pulled: string[] = [];
    const scheduler = new PullScheduler({
      sources: [every15, nightly, github],
      timeZone: 'UTC',
      store,
      clock,
      runPull: async (s) => {
        pulled.push(`${s.name}@${iso(clock.now())}`);
      },
    });
    await scheduler.start();
    expect(iso(store.saved.get('jira')!.getTime())).toBe('2026-03-11T02:30:00.000Z');
    await clock.advanceTo(start);
    expect(pulled).toEqual(['github@2026-03-10T12:00:00.000Z', 'zendesk@2026-03-10T12:00:00.000Z']); // oldest due first
    expect(iso(store.saved.get('zendesk')!.getTime())).toBe('2026-03-10T12:15:00.000Z');
    expect(iso(store.saved.get('github')!.getTime())).toBe('2026-03-10T13:00:00.000Z');

    await clock.advanceTo(T('2026-03-11T02:30:00Z'));
    expect(pulled.filter((p) => p.startsWith('zendesk'))).toHaveLength(1 + 58); // every 15 min until 02:30 next day
    expect(pulled.filter((p) => p.startsWith('jira'))).toEqual(['jira@2026-03-11T02:30:00.000Z']);
    await scheduler.stop();
    expect(clock.pending()).toEqual([]);
  });

  it('brings a stored next run forward when the schedule got shorter', async () => {
    const clock = new FakeClock(start);
    const store = memoryStore({ zendesk: '2026-03-12T00:00:00Z' });
    const scheduler = new PullScheduler({ sources: [every15], timeZone: 'UTC', store, clock, runPull: async () => {} });
    await scheduler.start();
    expect(iso(scheduler.nextRuns().get('zendesk')!)).toBe('2026-03-10T12:15:00.000Z');
    await scheduler.stop();
  });

  it('runs one pull at a time: a source due during a pull waits, and a second trigger joins the running round', async () => {
    const clock = new FakeClock(start);
    let active = 0;
    let maxActive = 0;
    const order: string[] = [];
    const releases: (() => void)[] = [];
    const scheduler = new PullScheduler({
      sources: [every15, { ...nightly, schedule: { everyMinutes: 5 } }],
      timeZone: 'UTC',
      store: memoryStore(),
      clock,
      runPull: async (s) => {
        active++;
        maxActive = Math.max(maxActive, active);
        order.push(`start ${s.name}`);
        await new Promise<void>((resolve) => releases.push(resolve));
        order.push(`end ${s.name}`);
        active--;
      },
    });
    await scheduler.start();
    await clock.advanceTo(start); // the timer fires: the first pull starts and blocks
    expect(order).toEqual(['start zendesk']);
    const again = scheduler.runDue(); // e.g. the timer or a "pull now" while busy
    await settle();
    expect(order).toEqual(['start zendesk']);
    releases.shift()!();
    await settle();
    expect(order).toEqual(['start zendesk', 'end zendesk', 'start jira']);
    releases.shift()!();
    await again;
    expect(order).toEqual(['start zendesk', 'end zendesk', 'start jira', 'end jira']);
    expect(maxActive).toBe(1);
    await scheduler.stop();
  });

  it('logs a failed pull and keeps the source on its schedule', async () => {
    const clock = new FakeClock(start);
    const logs: string[] = [];
    let calls = 0;
    const scheduler = new PullScheduler({
      sources: [every15],
      timeZone: 'UTC',
      store: memoryStore(),
      clock,
      log: (m) => logs.push(m),
      runPull: async () => {
        calls++;
        throw new Error('zendesk "acme": the API rejected the credentials (401)');
      },
    });
    await scheduler.start();
    await clock.advanceTo(T('2026-03-10T12:30:00Z'));
    expect(calls).toBe(3);
    expect(logs[0]).toBe('scheduled pull of "zendesk" failed: zendesk "acme": the API rejected the credentials (401)');
    expect(clock.pending()).toEqual([T('2026-03-10T12:45:00Z')]);
    await scheduler.stop();
  });
});
