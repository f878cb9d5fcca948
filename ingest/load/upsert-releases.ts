import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { ReleaseRecord } from '@/ingest/sources/types';
import type { UpsertCounts } from './upsert-tickets';

/** Releases are keyed by version: re-importing a calendar only changes dates or notes that differ. */
export async function upsertReleases(db: Db, source: string, runId: number, records: ReleaseRecord[]): Promise<UpsertCounts> {
  const byVersion = new Map(records.map((r) => [r.version, r]));
  const payload = JSON.stringify(
    [...byVersion.values()].map((r) => ({ version: r.version, released_at: r.releasedAt, notes: r.notes, product: r.product })),
  );
  const returned = await queryRows<{ inserted: boolean }>(
    db,
    sql`
    insert into releases (version, released_at, notes, product, source, ingest_run_id)
    select i.version, i.released_at, i.notes, i.product, ${source}, ${runId}
    from json_to_recordset(${payload}::json) as i(version text, released_at timestamptz, notes text, product text)
    on conflict (version) do update set
      released_at = excluded.released_at, notes = excluded.notes, product = excluded.product, source = excluded.source,
      ingest_run_id = excluded.ingest_run_id
    where (releases.released_at, releases.notes, releases.product) is distinct from (excluded.released_at, excluded.notes, excluded.product)
    returning (xmax = 0) as inserted`,
  );
  const inserted = returned.filter((r) => r.inserted).length;
  const updated = returned.length - inserted;
  return { inserted, updated, unchanged: records.length - inserted - updated };
}
