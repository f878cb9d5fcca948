/**
 * `analyze`: topics, then the rollups the pages read, then findings and team load. Each stage
 * is timed and the run recorded, so the Imports page and the benchmark can show where time goes.
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { refreshPlannerStatistics } from '@/db/planner-statistics';
import { analysisRuns } from '@/db/schema';
import { describeError } from '@/lib/errors';
import { runFindingsStage, type FindingsCounts } from './findings-stage';
import { rebuildDailyTopicCounts } from './rollups';
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
  runId: number;
  topics: TopicStageResult;
  findings: FindingsCounts;
  teamAgents: number;
  stages: Record<string, number>;
  durationMs: number;
}

export async function runAnalysis(db: Db, options: AnalysisOptions): Promise<AnalysisResult> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const asOf = options.asOf?.getTime() ?? (await newestTicketTime(db)) ?? Date.now();
  const [run] = await db
    .insert(analysisRuns)
    .values({ mode: options.mode === 'incremental' ? 'incremental' : 'full', status: 'running', timeZone: options.timeZone, asOf: new Date(asOf) })
    .returning({ id: analysisRuns.id });
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
    // Incremental analyses redo the rollups from the oldest new ticket on, unless a rollup has
    // never been built (e.g. added by an upgrade): then all of them.
    if (topics.mode === 'full' || !(await rollupsBuilt(db))) {
      await timed('rollups', () => rebuildDailyTopicCounts(db, options.timeZone));
    } else {
      const fromDay = await firstChangedDay(db, run.id, options.timeZone);
      if (fromDay) await timed('rollups', () => rebuildDailyTopicCounts(db, options.timeZone, fromDay));
    }
    const findings = await timed('findings', () => runFindingsStage(db, { timeZone: options.timeZone, asOf, log }));
    const team = await timed('team', () => runTeamStage(db, run.id, { timeZone: options.timeZone, asOf }));
    await refreshStatistics();
    const [{ tickets }] = await queryRows<{ tickets: number }>(db, sql`select count(*)::int as tickets from tickets`);
    await db
      .update(analysisRuns)
      .set({ status: 'succeeded', mode: topics.mode, finishedAt: new Date(), durationMs: Date.now() - started, tickets, topics: topics.topics, stages })
      .where(eq(analysisRuns.id, run.id));
    return { runId: run.id, topics, findings, teamAgents: team.agents.length, stages, durationMs: Date.now() - started };
  } catch (error) {
    await db
      .update(analysisRuns)
      .set({ status: 'failed', finishedAt: new Date(), durationMs: Date.now() - started, stages, error: describeError(error) })
      .where(eq(analysisRuns.id, run.id))
      .catch(() => {});
    throw error;
  }
}

async function newestTicketTime(db: Db): Promise<number | null> {
  const [row] = await queryRows<{ newest: number | null }>(db, sql`select (extract(epoch from max(created_at)) * 1000)::float8 as newest from tickets`);
  return row?.newest ?? null;
}

/** True when every rollup has rows (or there is nothing to roll up). */
async function rollupsBuilt(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ built: boolean }>(
    db,
    sql`select (exists (select 1 from daily_topic_version_counts) and exists (select 1 from daily_ticket_counts))
               or not exists (select 1 from tickets) as built`,
  );
  return row.built;
}

/**
 * The oldest local day whose tickets were inserted or changed by an ingest since the previous
 * analysis: the rollups are redone from there. (Helpdesks never change a ticket's creation time;
 * if one did, its old day is corrected by the next full analysis.)
 */
async function firstChangedDay(db: Db, runId: number, timeZone: string): Promise<string | null> {
  const [row] = await queryRows<{ day: string | null }>(
    db,
    sql`select to_char(min(changed_from) at time zone ${timeZone}, 'YYYY-MM-DD') as day from ingest_runs
        where started_at >= coalesce((select max(started_at) from analysis_runs where status = 'succeeded' and id <> ${runId}), '-infinity')`,
  );
  return row?.day ?? null;
}
