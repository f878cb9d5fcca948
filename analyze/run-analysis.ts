/**
 * `analyze`: topics, then the rollups the pages read, then findings and team load. Each stage
 * is timed and the run recorded, so the Imports page and the benchmark can show where time goes.
 * One analysis runs at a time per database (db/analysis-lock.ts); every stage writes its results
 * in one transaction, so an analysis cut short leaves the previous results of the stages it had
 * not finished, and the next run redoes them.
 */
import { hostname } from 'node:os';
import { and, count, desc, eq, ne, sql } from 'drizzle-orm';
import { withAnalysisLock, type AnalysisHolder, type AnalysisLock } from '@/db/analysis-lock';
import { asDatabaseUnavailable, queryRows, type Db } from '@/db/client';
import { refreshPlannerStatistics } from '@/db/planner-statistics';
import { analysisRuns, tickets as ticketsTable } from '@/db/schema';
import { formatSince } from '@/lib/time';
import { LOST_DURING_ANALYSIS, summarizeError } from '@/lib/error-log';
import { runFindingsStage, type FindingsCounts } from './findings-stage';
import { rebuildDailyTopicCounts } from '@/lib/services/rollups';
import { runTeamStage } from './team-stage';
import { runTopicStage, type TopicStageResult } from './topic-stage';

export interface AnalysisOptions {
  mode: 'auto' | 'full' | 'incremental';
  k?: number;
  seed?: number;
  timeZone: string;
  /** "Now" for rolling windows; default: the newest ticket (an old export is analysed as of its end). */
  asOf?: Date;
  log?: (message: string) => void;
}

export interface AnalysisResult {
  status: 'succeeded';
  runId: number;
  topics: TopicStageResult;
  findings: FindingsCounts;
  teamAgents: number;
  stages: Record<string, number>;
  durationMs: number;
}

/** Another analysis ran while this one waited and already covered every change: nothing was redone. */
export interface AnalysisCovered {
  status: 'covered';
  /** The analysis whose results stand. */
  runId: number;
  message: string;
}

/**
 * Runs an analysis. If another one is running on the database, says so through `log` and waits
 * for it first.
 */
export async function runAnalysis(db: Db, options: AnalysisOptions): Promise<AnalysisResult> {
  return explainLostConnection(
    withAnalysisLock(
      db,
      (holder) => sayWaiting(db, options, holder),
      (lock) => analyse(db, options, lock),
    ),
  );
}

/**
 * What the automatic analyses (after an ingest, a pull, an upload) and `analyze` call: like
 * `runAnalysis`, but when it had to wait for another analysis that already covered every change
 * (the usual case for two imports finishing together), it stores nothing and says so.
 * `waitedForDatabase`: the caller already waited for another process to release the embedded
 * database (cli/database.ts), which counts as waiting here.
 */
export async function runAnalysisUnlessCovered(
  db: Db,
  options: AnalysisOptions & { waitedForDatabase?: boolean },
): Promise<AnalysisResult | AnalysisCovered> {
  return explainLostConnection(
    withAnalysisLock(
      db,
      (holder) => sayWaiting(db, options, holder),
      async (lock) => {
        const mayBeCovered = (lock.waited || options.waitedForDatabase) && options.mode === 'auto' && options.k === undefined && options.asOf === undefined;
        const covered = mayBeCovered ? await coveringAnalysis(db, options.timeZone) : null;
        return covered ?? analyse(db, options, lock);
      },
    ),
  );
}

/**
 * A lost connection, whether while waiting for the lock or in any stage, becomes one message
 * saying what to do, instead of the driver's error (with drizzle, every parameter of the failed
 * statement: 129 KB for one batch of assignments).
 */
async function explainLostConnection<T>(analysis: Promise<T>): Promise<T> {
  try {
    return await analysis;
  } catch (error) {
    throw asDatabaseUnavailable(error, LOST_DURING_ANALYSIS) ?? error;
  }
}

/** One line for logs and terminals: what the analysis did, or which one covered it. */
export function describeAnalysisOutcome(outcome: AnalysisResult | AnalysisCovered): string {
  if (outcome.status === 'covered') return outcome.message;
  return `Analysis #${outcome.runId} done in ${(outcome.durationMs / 1000).toFixed(1)} s.`;
}

async function sayWaiting(db: Db, options: AnalysisOptions, inProcess: Promise<AnalysisHolder | null> | null): Promise<void> {
  const runningNow = async (): Promise<AnalysisHolder | undefined> =>
    (
      await db
        .select({ runId: analysisRuns.id, startedAt: analysisRuns.startedAt, pid: analysisRuns.pid, host: analysisRuns.host })
        .from(analysisRuns)
        .where(eq(analysisRuns.status, 'running'))
        .orderBy(desc(analysisRuns.id))
        .limit(1)
    )[0];
  let holder: AnalysisHolder | null | undefined;
  if (inProcess) {
    holder = await inProcess;
  } else {
    // Another process records its run right after taking the lock: give it a moment to appear.
    holder = await runningNow();
    for (let attempt = 0; !holder && attempt < HOLDER_POLLS; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, HOLDER_POLL_MS));
      holder = await runningNow();
    }
  }
  const who = holder ? ` since ${formatSince(holder.startedAt.getTime(), options.timeZone)} (run #${holder.runId}${processOf(holder)})` : '';
  options.log?.(`An analysis is already running${who}; waiting for it to finish…`);
}

const HOLDER_POLLS = 10;
const HOLDER_POLL_MS = 200;

const processOf = (run: { pid: number | null; host: string | null }) =>
  run.pid === null ? '' : `, pid ${run.pid}${run.host && run.host !== hostname() ? ` on ${run.host}` : ''}`;

/**
 * The analysis that makes this one unnecessary: the newest run succeeded, in the same time zone,
 * and since it started no ticket awaits a topic and no ingest wrote anything (an ingest that
 * finished before it started was fully visible to it; one still running or finished later may
 * not have been). Agents files leave no ingest run: callers that configured agents use
 * `runAnalysis`, which never skips.
 */
async function coveringAnalysis(db: Db, timeZone: string): Promise<AnalysisCovered | null> {
  const [latest] = await db.select().from(analysisRuns).orderBy(desc(analysisRuns.id)).limit(1);
  if (!latest || latest.status !== 'succeeded' || latest.timeZone !== timeZone) return null;
  const [row] = await queryRows<{ changed: boolean }>(
    db,
    sql`select exists (select 1 from tickets where topic_run_id is null)
            or exists (select 1 from ingest_runs where coalesce(finished_at, 'infinity') >= ${latest.startedAt.toISOString()}::timestamptz)
            as changed`,
  );
  if (row.changed) return null;
  return {
    status: 'covered',
    runId: latest.id,
    message: `Nothing new to analyse: analysis #${latest.id}, which was running, already covered every change.`,
  };
}

/**
 * Runs left 'running' are dead: this process holds the analysis lock, which every live
 * analysis holds. Marked interrupted, naming the process, for the Imports page.
 */
async function markInterruptedAnalyses(db: Db): Promise<void> {
  const running = await db.select({ id: analysisRuns.id, pid: analysisRuns.pid, host: analysisRuns.host }).from(analysisRuns).where(eq(analysisRuns.status, 'running'));
  for (const run of running) {
    const who = run.pid === null ? 'its process' : `its process (pid ${run.pid} on ${run.host ?? 'an unknown host'})`;
    await db
      .update(analysisRuns)
      .set({ status: 'interrupted', finishedAt: sql`now()`, error: `interrupted: ${who} stopped before the analysis finished; the next analysis redid it` })
      .where(and(eq(analysisRuns.id, run.id), eq(analysisRuns.status, 'running')));
  }
}

/** The analysis itself; the caller holds the analysis lock. */
async function analyse(db: Db, options: AnalysisOptions, lock: AnalysisLock): Promise<AnalysisResult> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  await markInterruptedAnalyses(db);
  const asOf = options.asOf?.getTime() ?? (await newestTicketTime(db)) ?? Date.now();
  const [run] = await db
    .insert(analysisRuns)
    .values({
      mode: options.mode === 'incremental' ? 'incremental' : 'full',
      status: 'running',
      timeZone: options.timeZone,
      asOf: new Date(asOf),
      pid: process.pid,
      host: hostname(),
    })
    .returning({ id: analysisRuns.id, startedAt: analysisRuns.startedAt });
  lock.announce({ runId: run.id, startedAt: run.startedAt, pid: process.pid, host: hostname() });
  const stages: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const result = await work();
    stages[name] = Date.now() - t0;
    return result;
  };
  try {
    // Fresh statistics before reading the tickets an ingest just added, and after the rollups
    // and findings were rewritten for the pages (see db/planner-statistics.ts).
    const refreshStatistics = async () => {
      const t0 = Date.now();
      await refreshPlannerStatistics(db);
      stages.statistics = (stages.statistics ?? 0) + Date.now() - t0;
    };
    await refreshStatistics();
    const topics = await timed('topics', () => runTopicStage(db, run.id, { mode: options.mode, k: options.k, seed: options.seed ?? 42, log }));
    log(`topics: ${topics.mode} analysis of ${topics.tickets.toLocaleString('en-US')} tickets → ${topics.topics} topics (${topics.changed.toLocaleString('en-US')} assignments changed)`);
    // Incremental analyses redo the rollups from the oldest changed ticket on; all of them after
    // a full topic stage, when a rollup has never been built (e.g. added by an upgrade), or when
    // the previous analysis stopped half-way (its topic stage may have moved tickets of any day).
    const fromDay = topics.mode === 'full' ? 'all' : await rollupsFrom(db, run.id, options.timeZone);
    if (fromDay !== null) {
      await timed('rollups', () =>
        db.transaction((tx) => rebuildDailyTopicCounts(tx as unknown as Db, options.timeZone, fromDay === 'all' ? undefined : fromDay)),
      );
    }
    const findings = await timed('findings', () => runFindingsStage(db, { timeZone: options.timeZone, asOf, log }));
    const team = await timed('team', () => runTeamStage(db, run.id, { timeZone: options.timeZone, asOf }));
    await refreshStatistics();
    const [{ tickets }] = await db.select({ tickets: count() }).from(ticketsTable);
    await db
      .update(analysisRuns)
      .set({ status: 'succeeded', mode: topics.mode, finishedAt: sql`now()`, durationMs: Date.now() - started, tickets, topics: topics.topics, stages })
      .where(eq(analysisRuns.id, run.id));
    return { status: 'succeeded', runId: run.id, topics, findings, teamAgents: team.agents.length, stages, durationMs: Date.now() - started };
  } catch (caught) {
    const lost = asDatabaseUnavailable(caught, LOST_DURING_ANALYSIS);
    await db
      .update(analysisRuns)
      .set({ status: lost ? 'interrupted' : 'failed', finishedAt: sql`now()`, durationMs: Date.now() - started, stages, error: lost ? lost.message : summarizeError(caught) })
      .where(eq(analysisRuns.id, run.id))
      .catch(() => {
        // The database itself is what failed: the run stays 'running' until the next analysis
        // marks it interrupted.
      });
    throw caught;
  }
}

async function newestTicketTime(db: Db): Promise<number | null> {
  const [row] = await db
    .select({ newest: sql<number | null>`(extract(epoch from max(${ticketsTable.createdAt})) * 1000)::float8` })
    .from(ticketsTable);
  return row?.newest ?? null;
}

/**
 * The first local day whose rollups an incremental analysis must redo: the oldest day of a
 * ticket inserted or changed by an ingest that the previous successful analysis may not have
 * seen (one that finished after that analysis started, or has not finished); 'all' when a
 * rollup has never been built (e.g. added by an upgrade) or the analysis before this one did not
 * finish; null when nothing changed. (Helpdesks never change a ticket's creation time; if one
 * did, its old day is corrected by the next full analysis.)
 */
async function rollupsFrom(db: Db, runId: number, timeZone: string): Promise<string | 'all' | null> {
  const [previous] = await db
    .select({ status: analysisRuns.status })
    .from(analysisRuns)
    .where(ne(analysisRuns.id, runId))
    .orderBy(desc(analysisRuns.id))
    .limit(1);
  if (previous && previous.status !== 'succeeded') return 'all';
  const [row] = await queryRows<{ built: boolean; day: string | null }>(
    db,
    sql`select ((exists (select 1 from daily_topic_version_counts) and exists (select 1 from daily_ticket_counts))
                or not exists (select 1 from tickets)) as built,
               (select to_char(min(changed_from) at time zone ${timeZone}, 'YYYY-MM-DD') from ingest_runs
                 where coalesce(finished_at, 'infinity') >=
                   coalesce((select max(started_at) from analysis_runs where status = 'succeeded' and id <> ${runId}), '-infinity')) as day`,
  );
  if (!row.built) return 'all';
  return row.day;
}
