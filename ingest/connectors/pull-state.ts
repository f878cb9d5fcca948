/**
 * The `pull_sources` row of each configured source: its cursor, last run, status, error and
 * next scheduled run. Only the pull orchestration and the scheduler write it; the Imports page
 * reads it (lib/queries/pull-sources.ts).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { ingestRuns, pullSources, tickets } from '@/db/schema';

export type PullStateRow = typeof pullSources.$inferSelect;

/** What is stored in `cursor`: the connector's position and what it points into. */
export interface StoredCursor {
  scope: string;
  position: unknown;
}

export async function readPullState(db: Db, name: string): Promise<PullStateRow | null> {
  const [row] = await db.select().from(pullSources).where(eq(pullSources.name, name));
  return row ?? null;
}

/** Marks a pull as started (creating the row on a source's first pull); clears the last error. */
export async function markPullStarted(db: Db, name: string, kind: string, at: Date): Promise<void> {
  await db
    .insert(pullSources)
    .values({ name, kind, lastRunAt: at, lastStatus: 'running', lastError: null })
    .onConflictDoUpdate({ target: pullSources.name, set: { kind, lastRunAt: at, lastStatus: 'running', lastError: null } });
}

/** Called only after the page's records are committed: a crash before this re-fetches the page. */
export async function savePullCursor(db: Db, name: string, cursor: StoredCursor, ingestRunId: number | null): Promise<void> {
  await db
    .update(pullSources)
    .set(ingestRunId === null ? { cursor } : { cursor, lastIngestRunId: ingestRunId })
    .where(eq(pullSources.name, name));
}

/** The outcome, and which API the pull used when it said (kept from an earlier pull otherwise). */
export async function markPullFinished(db: Db, name: string, at: Date, error: string | null, endpoint: string | null = null): Promise<void> {
  const outcome = error === null ? { lastStatus: 'succeeded' as const, lastSuccessAt: at, lastError: null } : { lastStatus: 'failed' as const, lastError: error };
  await db
    .update(pullSources)
    .set(endpoint === null ? outcome : { ...outcome, endpoint })
    .where(eq(pullSources.name, name));
}

/** When the last listing of every id (the check for tickets deleted at the source) finished. */
export async function markDeletionCheck(db: Db, name: string, at: Date): Promise<void> {
  await db.update(pullSources).set({ lastDeletionCheckAt: at }).where(eq(pullSources.name, name));
}

/** External ids of the tickets whose last write came from this pull source. */
export async function storedIdsOfPullSource(db: Db, source: string, pullSource: string): Promise<string[]> {
  const rows = await db
    .select({ externalId: tickets.externalId })
    .from(tickets)
    .innerJoin(ingestRuns, eq(ingestRuns.id, tickets.ingestRunId))
    .where(and(eq(tickets.source, source), eq(ingestRuns.pullSource, pullSource)));
  return rows.map((r) => r.externalId);
}

export async function saveNextRun(db: Db, name: string, kind: string, at: Date | null): Promise<void> {
  await db
    .insert(pullSources)
    .values({ name, kind, nextRunAt: at })
    .onConflictDoUpdate({ target: pullSources.name, set: { nextRunAt: at } });
}

export async function readNextRuns(db: Db, names: string[]): Promise<Map<string, Date | null>> {
  if (names.length === 0) return new Map();
  const rows = await db.select({ name: pullSources.name, nextRunAt: pullSources.nextRunAt }).from(pullSources).where(inArray(pullSources.name, names));
  return new Map(rows.map((r) => [r.name, r.nextRunAt]));
}

/**
 * Pulls left 'running' by a process that stopped (kill -9, power loss) are marked failed. Only
 * safe where no other process can be pulling: with the embedded database, whose lock this
 * process holds.
 */
export async function markInterruptedPulls(db: Db): Promise<number> {
  const rows = await db
    .update(pullSources)
    .set({ lastStatus: 'failed', lastError: 'interrupted: the process stopped during the pull; the next pull resumes from the last committed page' })
    .where(eq(pullSources.lastStatus, 'running'))
    .returning({ name: pullSources.name });
  return rows.length;
}
