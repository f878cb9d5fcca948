import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { ingestRuns, rejectedRows } from '@/db/schema';

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
      error: ingestRuns.error,
    })
    .from(ingestRuns)
    .orderBy(desc(ingestRuns.id))
    .limit(limit);
}

export type IngestRunListItem = Awaited<ReturnType<typeof listIngestRuns>>[number];

export async function listRejectedRows(db: Db, runId: number, limit = 200) {
  return db
    .select({ line: rejectedRows.line, field: rejectedRows.field, reason: rejectedRows.reason, raw: rejectedRows.raw })
    .from(rejectedRows)
    .where(eq(rejectedRows.runId, runId))
    .orderBy(rejectedRows.line)
    .limit(limit);
}
