/**
 * Writing theme rows from a topic model's themes (`TopicModel.themes`): used by the analysis
 * (full and incremental), by topic curation (which regroups themes, lib/analysis/topics/curate.ts)
 * and by theme curation. Like topics, themes a model no longer has are retired, never deleted,
 * so `topics.theme_id` of a retired topic and old links keep naming what they were.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { ThemeSummary } from '@/lib/analysis/themes';

export interface WriteThemeOptions {
  /**
   * Take tickets and customers from the model (a full analysis counted them). Off for an
   * incremental run, whose model still holds the last full analysis' sizes: the counts are then
   * recounted from the topics (recountThemes).
   */
  counts: boolean;
}

/**
 * Upserts `themes` as the active themes, retires every other active one and points each member
 * topic's `theme_id` at its theme. `runId` is the analysis (null for hand curation).
 */
export async function writeThemeRows(db: Db, themes: readonly ThemeSummary[], runId: number | null, options: WriteThemeOptions): Promise<void> {
  if (themes.length > 0) {
    const payload = JSON.stringify(
      themes.map((t) => ({
        id: t.id,
        label: t.label,
        label_locked: t.labelLocked,
        keywords: t.keywords,
        tickets: t.size,
        customers: t.customers,
        label_support: t.labelSupport ?? null,
      })),
    );
    const counts = options.counts
      ? sql`tickets = excluded.tickets, customers = excluded.customers,`
      : sql``;
    await db.execute(sql`
      insert into themes (id, label, label_locked, keywords, tickets, customers, label_support, status, created_run_id, updated_run_id)
      select x.id, x.label, x.label_locked, x.keywords, x.tickets, x.customers, x.label_support, 'active', ${runId}, ${runId}
      from json_to_recordset(${payload}::json) as x(id text, label text, label_locked boolean, keywords jsonb,
        tickets integer, customers integer, label_support integer)
      on conflict (id) do update set label = excluded.label, label_locked = excluded.label_locked,
        keywords = excluded.keywords, ${counts} label_support = excluded.label_support, status = 'active',
        retired_run_id = null, updated_run_id = coalesce(excluded.updated_run_id, themes.updated_run_id)`);
    const members = JSON.stringify(themes.flatMap((t) => t.topicIds.map((topic) => ({ topic, theme: t.id }))));
    await db.execute(sql`
      update topics tp set theme_id = x.theme
      from json_to_recordset(${members}::json) as x(topic text, theme text)
      where tp.id = x.topic and tp.theme_id is distinct from x.theme`);
  }
  await db.execute(sql`
    update themes set status = 'retired', tickets = 0, customers = 0, retired_run_id = ${runId},
      updated_run_id = coalesce(${runId}, updated_run_id)
    where status = 'active'
      and id not in (select value from json_array_elements_text(${JSON.stringify(themes.map((t) => t.id))}::json))`);
}

/**
 * Counts themes again from their topics: tickets are the sum of the active member topics'
 * tickets (every theme: a read of the small topics table), distinct customers are counted over
 * the tickets of the themes listed in `customersOf` only (a customer with tickets in two
 * topics of one theme counts once, so it cannot be summed from the topics).
 */
export async function recountThemes(db: Db, customersOf: readonly string[] | 'all'): Promise<void> {
  await db.execute(sql`
    update themes th set tickets = coalesce((select sum(tp.tickets)::int from topics tp where tp.theme_id = th.id and tp.status = 'active'), 0)
    where th.status = 'active'`);
  const which =
    customersOf === 'all'
      ? sql`true`
      : sql`th.id in (select value from json_array_elements_text(${JSON.stringify(customersOf)}::json))`;
  if (customersOf !== 'all' && customersOf.length === 0) return;
  await db.execute(sql`
    update themes th set customers = (
      select count(distinct t.customer_id)::int from tickets t
      join topics tp on tp.id = t.topic_id
      where tp.theme_id = th.id and tp.status = 'active')
    where th.status = 'active' and ${which}`);
}

/** Themes of the given topics (their current `theme_id`). */
export async function themesOfTopics(db: Db, topicIds: readonly string[]): Promise<string[]> {
  if (topicIds.length === 0) return [];
  const rows = await queryRows<{ themeId: string }>(
    db,
    sql`select distinct theme_id as "themeId" from topics
        where theme_id is not null and id in (select value from json_array_elements_text(${JSON.stringify([...new Set(topicIds)])}::json))`,
  );
  return rows.map((r) => r.themeId);
}

/**
 * `themes` with the tickets and customers their rows now hold: after a curation has recounted
 * them (recountThemes), so the saved model carries exact counts, not the sums over topics that
 * a later curation would otherwise keep for a theme it leaves alone.
 */
export async function withStoredThemeCounts(db: Db, themes: readonly ThemeSummary[]): Promise<ThemeSummary[]> {
  const rows = await queryRows<{ id: string; tickets: number; customers: number }>(
    db,
    sql`select id, tickets, customers from themes
        where id in (select value from json_array_elements_text(${JSON.stringify(themes.map((t) => t.id))}::json))`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return themes.map((t) => {
    const row = byId.get(t.id);
    return row ? { ...t, size: row.tickets, customers: row.customers } : t;
  });
}
