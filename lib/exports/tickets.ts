import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { CsvColumn } from '@/lib/csv-export';

/** One row per ticket with every stored field, plus its topic and theme — what people pivot in a spreadsheet. */
export const TICKET_EXPORT_COLUMNS: CsvColumn[] = [
  { key: 'source', header: 'source' },
  { key: 'external_id', header: 'external_id' },
  { key: 'created_at', header: 'created_at' },
  { key: 'updated_at', header: 'updated_at' },
  { key: 'first_response_at', header: 'first_response_at' },
  { key: 'resolved_at', header: 'resolved_at' },
  { key: 'status', header: 'status' },
  { key: 'status_category', header: 'status_category' },
  { key: 'priority', header: 'priority' },
  { key: 'priority_raw', header: 'priority_raw' },
  { key: 'channel', header: 'channel' },
  { key: 'type', header: 'type' },
  { key: 'subject', header: 'subject' },
  { key: 'description', header: 'description' },
  { key: 'resolution', header: 'resolution' },
  { key: 'product_version', header: 'product_version' },
  { key: 'tags', header: 'tags' },
  { key: 'assignee', header: 'assignee' },
  { key: 'customer', header: 'customer' },
  { key: 'organization', header: 'organization' },
  { key: 'reopened', header: 'reopened' },
  { key: 'escalated', header: 'escalated' },
  { key: 'topic_id', header: 'topic_id' },
  { key: 'topic_label', header: 'topic_label' },
  // The theme is the topic's (a group of topics about one problem area); empty when unclustered.
  { key: 'theme_id', header: 'theme_id' },
  { key: 'theme_label', header: 'theme_label' },
];

const PAGE = 5_000;

/** ISO-8601 UTC text, the same from PGlite and PostgreSQL (their drivers format timestamps differently). */
const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/**
 * All tickets in the order of their stable key (source, then external id; the unique index's
 * order), a page at a time: an export of a million rows never sits in memory, and the same data
 * gives the same file however it was loaded (internal ids follow the load history).
 */
export async function* exportTicketRows(db: Db): AsyncGenerator<Record<string, unknown>> {
  let after: { source: string; externalId: string } | null = null;
  for (;;) {
    const rows: (Record<string, unknown> & { source: string; external_id: string })[] = await queryRows(
      db,
      sql`select t.source, t.external_id, ${iso(sql`t.created_at`)} as created_at, ${iso(sql`t.updated_at`)} as updated_at,
            ${iso(sql`t.first_response_at`)} as first_response_at, ${iso(sql`t.resolved_at`)} as resolved_at,
            t.status, t.status_category, t.priority, t.priority_raw, t.channel, t.type, t.subject, t.description,
            t.resolution, t.product_version, t.tags, a.name as assignee, c.key as customer, o.name as organization,
            t.reopened, t.escalated, t.topic_id, tp.label as topic_label, tp.theme_id, th.label as theme_label
          from tickets t
          left join agents a on a.id = t.assignee_id
          left join customers c on c.id = t.customer_id
          left join organizations o on o.id = t.organization_id
          left join topics tp on tp.id = t.topic_id
          left join themes th on th.id = tp.theme_id
          where ${after ? sql`(t.source, t.external_id) > (${after.source}, ${after.externalId})` : sql`true`}
          order by t.source, t.external_id limit ${PAGE}`,
    );
    yield* rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1];
    after = { source: last.source, externalId: last.external_id };
  }
}
