/**
 * Scheduled pulls in the dashboard server (started from instrumentation.ts). The server holds
 * the embedded database, so it is the process that can pull while it runs; each scheduled pull
 * goes through the same `pullAll` as the CLI, one source at a time, and its outcome lands in
 * `pull_sources` for the Imports page. Logs go to the server's stderr, prefixed "[pull]".
 */
import { access } from 'node:fs/promises';
import { getJobDatabase } from '@/lib/database';
import { getEnv } from '@/lib/env';
import { describeError } from '@/db/errors';
import { loadPullConfig, resolveConfigPath, sourceLabel } from './config';
import { describeAnalysisOutcome } from '@/analyze/run-analysis';
import { pullAll } from './pull';
import { markInterruptedPulls, readNextRuns, saveNextRun } from './pull-state';
import { PullScheduler } from './scheduler';

const GLOBAL_KEY = Symbol.for('support-trends.pull-scheduler');
type GlobalWithScheduler = typeof globalThis & { [GLOBAL_KEY]?: Promise<PullScheduler | null> };

const log = (message: string) => console.error(`[pull] ${message}`);

/**
 * Starts the scheduler once per process (hot reload in development calls register() again).
 * Does nothing without a config file or without a source that has a `schedule`; a broken config
 * is logged, not fatal: the dashboard must still start.
 */
export function startScheduledPulls(): Promise<PullScheduler | null> {
  const g = globalThis as GlobalWithScheduler;
  g[GLOBAL_KEY] ??= start().catch((error: unknown) => {
    log(`scheduled pulls are off: ${describeError(error)}`);
    return null;
  });
  return g[GLOBAL_KEY];
}

async function start(): Promise<PullScheduler | null> {
  const file = resolveConfigPath();
  const exists = await access(file).then(() => true, () => false);
  if (!exists) return null;
  const config = await loadPullConfig(file);
  const scheduled = config.sources.filter((s) => s.schedule !== undefined);
  if (scheduled.length === 0) return null;

  const database = await getJobDatabase();
  const { db } = database;
  // With the embedded database this process holds the lock: a 'running' pull is a dead one.
  if (database.kind === 'pglite') await markInterruptedPulls(db);
  const timeZone = getEnv().SUPPORT_TRENDS_TZ;
  const scheduler = new PullScheduler({
    sources: scheduled.map((s) => ({ name: s.name, kind: s.kind, schedule: s.schedule! })),
    timeZone,
    store: {
      loadNextRuns: (names) => readNextRuns(db, names),
      saveNextRun: (source, at) => saveNextRun(db, source.name, source.kind, at),
    },
    runPull: async (source) => {
      // The config is re-read for every pull, so an edited schedule-less setting (a new JQL, a
      // rotated variable name) applies without a restart; schedules change on restart.
      const current = await loadPullConfig(file);
      const { results, analysis } = await pullAll(db, current, { only: [source.name], analyze: true, timeZone, log });
      for (const r of results) {
        const label = sourceLabel(r);
        if (r.error !== null) log(`${label}: FAILED — ${describeError(r.error)}`);
        else log(`${label}: ${r.pages} page(s), ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected, ${r.deleted} deleted`);
      }
      if (analysis !== null) log(describeAnalysisOutcome(analysis));
    },
    log,
  });
  await scheduler.start();
  const next = [...scheduler.nextRuns()].map(([name, at]) => `${name} at ${new Date(at).toISOString()}`);
  log(`scheduled pulls from ${config.file}: ${next.join(', ')}`);
  return scheduler;
}
