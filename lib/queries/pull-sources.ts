import { asc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { pullSources } from '@/db/schema';

/** Each API source's last pull, its outcome and the next scheduled one (Imports page). */
export async function listPullSources(db: Db) {
  return db
    .select({
      name: pullSources.name,
      kind: pullSources.kind,
      lastRunAt: pullSources.lastRunAt,
      lastSuccessAt: pullSources.lastSuccessAt,
      lastStatus: pullSources.lastStatus,
      lastError: pullSources.lastError,
      lastIngestRunId: pullSources.lastIngestRunId,
      nextRunAt: pullSources.nextRunAt,
      endpoint: pullSources.endpoint,
    })
    .from(pullSources)
    .orderBy(asc(pullSources.name));
}

export type PullSourceListItem = Awaited<ReturnType<typeof listPullSources>>[number];
