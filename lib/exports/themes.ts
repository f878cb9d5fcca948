import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { CsvColumn } from '@/lib/csv-export';

const columns = (...keys: string[]): CsvColumn[] => keys.map((key) => ({ key, header: key }));

/** One row per theme (active first, then retired, most tickets first): the level above topics. */
export const THEME_EXPORT_COLUMNS = columns('theme_id', 'label', 'label_locked', 'status', 'tickets', 'customers', 'topic_ids', 'keywords');

export async function exportThemeRows(db: Db): Promise<Record<string, unknown>[]> {
  const rows = await queryRows<Record<string, unknown> & { keywords: { text: string }[]; topic_ids: string[] | null }>(
    db,
    sql`select th.id as theme_id, th.label, th.label_locked, th.status, th.tickets, th.customers, th.keywords,
          (select array_agg(tp.id order by tp.tickets desc, tp.id) from topics tp where tp.theme_id = th.id and tp.status = 'active') as topic_ids
        from themes th
        order by th.status, th.tickets desc, th.id`,
  );
  return rows.map((r) => ({ ...r, topic_ids: r.topic_ids ?? [], keywords: r.keywords.slice(0, 10).map((k) => k.text) }));
}
