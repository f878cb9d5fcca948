/**
 * Writing topic rows from a topic model: used by the analysis (all topics) and by hand curation
 * (the topics it touched). Topics a model no longer has are retired, never deleted, so links to
 * them and the charts of the past keep explaining what they were.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { TopicSummary } from '@/lib/analysis/topics';

/** Inserts or updates the rows of `summaries` as active topics (`runId` = the analysis, or null). */
export async function upsertTopicRows(db: Db, summaries: readonly TopicSummary[], runId: number | null): Promise<void> {
  if (summaries.length === 0) return;
  const payload = JSON.stringify(
    summaries.map((t) => ({
      id: t.id,
      label: t.label,
      label_locked: t.labelLocked,
      keywords: t.keywords,
      representative_ids: t.representatives.map(Number),
      tickets: t.size,
      customers: t.customers,
    })),
  );
  await db.execute(sql`
    insert into topics (id, label, label_locked, keywords, representative_ids, tickets, customers, status, created_run_id, updated_run_id)
    select x.id, x.label, x.label_locked, x.keywords, x.representative_ids, x.tickets, x.customers, 'active', ${runId}, ${runId}
    from json_to_recordset(${payload}::json) as x(id text, label text, label_locked boolean, keywords jsonb,
      representative_ids integer[], tickets integer, customers integer)
    on conflict (id) do update set label = excluded.label, label_locked = excluded.label_locked,
      keywords = excluded.keywords, representative_ids = excluded.representative_ids, tickets = excluded.tickets,
      customers = excluded.customers, status = 'active', updated_run_id = coalesce(excluded.updated_run_id, topics.updated_run_id)`);
}

/** Retires the listed topics, or with `{ allBut }` every active topic not listed. */
export async function retireTopics(db: Db, which: { ids: readonly string[] } | { allBut: readonly string[] }, runId: number | null): Promise<void> {
  const condition =
    'ids' in which
      ? sql`id in (select value from json_array_elements_text(${JSON.stringify(which.ids)}::json))`
      : sql`id not in (select value from json_array_elements_text(${JSON.stringify(which.allBut)}::json))`;
  if ('ids' in which && which.ids.length === 0) return;
  await db.execute(sql`
    update topics set status = 'retired', tickets = 0, customers = 0, updated_run_id = coalesce(${runId}, updated_run_id)
    where status = 'active' and ${condition}`);
}
