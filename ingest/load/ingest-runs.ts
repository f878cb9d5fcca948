import { hostname } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { isAlive } from '@/db/lock';
import { ingestRuns, rejectedRows } from '@/db/schema';
import type { RejectedRow } from '@/ingest/sources/types';

/** Rejected rows kept per run: enough to fix a file, bounded so a garbage file cannot fill the disk. */
export const MAX_STORED_REJECTS = 10_000;
const RAW_LIMIT = 500;

export interface RunCounts {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Stored tickets removed because the source deleted them. */
  deleted: number;
}

export async function startRun(db: Db, file: string, kind: string, source: string | null, bytes: number | null, pullSource: string | null = null): Promise<number> {
  const [row] = await db
    .insert(ingestRuns)
    .values({ file, kind, source, status: 'running', bytes, pid: process.pid, host: hostname(), error: null, pullSource })
    .returning({ id: ingestRuns.id });
  return row.id;
}

/** Adds a committed batch's counts; called inside the batch's transaction so they always agree. */
export async function addToRun(
  db: Db,
  runId: number,
  counts: RunCounts,
  rejected: RejectedRow[],
  storedSoFar: number,
  /** Redactions so far in this run (a running total, not per batch). */
  redactions: Record<string, number> = {},
  /** Earliest creation time among the batch's inserted, updated or removed tickets. */
  changedFrom: Date | null = null,
  /** Records redacted conservatively so far in this run (a running total). */
  conservativeRecords = 0,
): Promise<number> {
  await db
    .update(ingestRuns)
    .set({
      rowsRead: sql`${ingestRuns.rowsRead} + ${counts.rowsRead}`,
      inserted: sql`${ingestRuns.inserted} + ${counts.inserted}`,
      updated: sql`${ingestRuns.updated} + ${counts.updated}`,
      unchanged: sql`${ingestRuns.unchanged} + ${counts.unchanged}`,
      rejected: sql`${ingestRuns.rejected} + ${counts.rejected}`,
      deleted: sql`${ingestRuns.deleted} + ${counts.deleted}`,
      redactions,
      conservativeRecords,
      ...(changedFrom
        ? { changedFrom: sql`least(${ingestRuns.changedFrom}, ${changedFrom.toISOString()}::timestamptz)` }
        : {}),
    })
    .where(eq(ingestRuns.id, runId));
  const room = Math.max(0, MAX_STORED_REJECTS - storedSoFar);
  const toStore = rejected.slice(0, room);
  if (toStore.length > 0) {
    await db.insert(rejectedRows).values(
      toStore.map((r) => ({ runId, line: r.line, field: r.field, reason: r.reason, raw: r.raw.slice(0, RAW_LIMIT) })),
    );
  }
  return storedSoFar + toStore.length;
}

/** Marks the run finished; `conservativeRecords` is the final total (batches store running totals). */
export async function finishRun(db: Db, runId: number, startedMs: number, error?: string, conservativeRecords?: number): Promise<void> {
  await db
    .update(ingestRuns)
    .set({
      ...(conservativeRecords === undefined ? {} : { conservativeRecords }),
      status: error ? 'failed' : 'succeeded',
      // The database's clock, like started_at: analysis compares these with its own start.
      finishedAt: sql`now()`,
      durationMs: Date.now() - startedMs,
      error: error ?? null,
    })
    .where(eq(ingestRuns.id, runId));
}

/**
 * A run left 'running' by a process that no longer exists was interrupted (kill -9, power
 * loss). Its committed batches are in the database; the run itself is marked failed so the
 * Imports page does not show a ghost in progress. Only runs of this host's processes can be
 * judged by pid; runs of other hosts count as interrupted only once they are a day old.
 */
export async function markInterruptedRuns(db: Db): Promise<number> {
  const running = await db
    .select({ id: ingestRuns.id, pid: ingestRuns.pid, host: ingestRuns.host, startedAt: ingestRuns.startedAt })
    .from(ingestRuns)
    .where(eq(ingestRuns.status, 'running'));
  const dayAgo = Date.now() - 86_400_000;
  const here = hostname();
  const dead = running.filter(
    (r) =>
      (r.host === here && r.pid !== null && r.pid !== process.pid && !isAlive(r.pid)) || r.startedAt.getTime() < dayAgo,
  );
  for (const r of dead) {
    await db
      .update(ingestRuns)
      .set({ status: 'failed', finishedAt: sql`now()`, error: `interrupted: the ingest process (pid ${r.pid} on ${r.host}) stopped before finishing; re-run the ingest to load the remaining rows` })
      .where(and(eq(ingestRuns.id, r.id), eq(ingestRuns.status, 'running')));
  }
  return dead.length;
}
