/** Ingest runs (one per file), their rejected rows, and analysis runs with stage timings. */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { analysisRuns, ingestRuns, rejectedRows } from '@/db/schema';

export async function listIngestRuns(db: Db, limit = 50) {
  return db
    .select({
      id: ingestRuns.id,
      file: ingestRuns.file,
      kind: ingestRuns.kind,
      status: ingestRuns.status,
      startedAt: ingestRuns.startedAt,
      durationMs: ingestRuns.durationMs,
      rowsRead: ingestRuns.rowsRead,
      inserted: ingestRuns.inserted,
      updated: ingestRuns.updated,
      unchanged: ingestRuns.unchanged,
      rejected: ingestRuns.rejected,
      deleted: ingestRuns.deleted,
      conservativeRecords: ingestRuns.conservativeRecords,
      error: ingestRuns.error,
    })
    .from(ingestRuns)
    .orderBy(desc(ingestRuns.id))
    .limit(limit);
}

export type IngestRunListItem = Awaited<ReturnType<typeof listIngestRuns>>[number];

/** One ingest run, or undefined. */
export async function getIngestRun(db: Db, runId: number) {
  const [row] = await db
    .select({
      id: ingestRuns.id,
      file: ingestRuns.file,
      kind: ingestRuns.kind,
      status: ingestRuns.status,
      rejected: ingestRuns.rejected,
      rowsRead: ingestRuns.rowsRead,
      conservativeRecords: ingestRuns.conservativeRecords,
    })
    .from(ingestRuns)
    .where(eq(ingestRuns.id, runId));
  return row;
}

export async function listRejectedRows(db: Db, runId: number, limit = 200) {
  return db
    .select({ line: rejectedRows.line, field: rejectedRows.field, reason: rejectedRows.reason, raw: rejectedRows.raw })
    .from(rejectedRows)
    .where(eq(rejectedRows.runId, runId))
    .orderBy(rejectedRows.line)
    .limit(limit);
}

/** Analysis runs, newest first, with the milliseconds each stage took. */
export async function listAnalysisRuns(db: Db, limit = 20) {
  return db
    .select({
      id: analysisRuns.id,
      mode: analysisRuns.mode,
      status: analysisRuns.status,
      startedAt: analysisRuns.startedAt,
      durationMs: analysisRuns.durationMs,
      asOf: analysisRuns.asOf,
      timeZone: analysisRuns.timeZone,
      tickets: analysisRuns.tickets,
      topics: analysisRuns.topics,
      stages: analysisRuns.stages,
      error: analysisRuns.error,
      pid: analysisRuns.pid,
      host: analysisRuns.host,
    })
    .from(analysisRuns)
    .orderBy(desc(analysisRuns.id))
    .limit(limit);
}

export type AnalysisRunListItem = Awaited<ReturnType<typeof listAnalysisRuns>>[number];

/** The newest successful analysis (its "as of" is the "now" of every finding), or undefined. */
export async function getLatestAnalysis(db: Db) {
  const [row] = await db
    .select({ id: analysisRuns.id, asOf: analysisRuns.asOf, timeZone: analysisRuns.timeZone, finishedAt: analysisRuns.finishedAt })
    .from(analysisRuns)
    .where(eq(analysisRuns.status, 'succeeded'))
    .orderBy(desc(analysisRuns.id))
    .limit(1);
  return row;
}
