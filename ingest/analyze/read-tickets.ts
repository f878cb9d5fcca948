/**
 * Reads tickets for analysis in pages (keyset on id), so a million tickets never travel as one
 * result set — PGlite materialises results in memory, and so would postgres-js.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';

const PAGE_SIZE = 20_000;

export async function* readPages<T extends { id: number }>(db: Db, select: SQL, where: SQL = sql`true`): AsyncGenerator<T[]> {
  let after = 0;
  for (;;) {
    const rows = await queryRows<T>(db, sql`${select} where t.id > ${after} and (${where}) order by t.id limit ${PAGE_SIZE}`);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].id;
    if (rows.length < PAGE_SIZE) return;
  }
}

/** What topic discovery needs per ticket: the text fields and who asked. */
export interface TopicSourceRow {
  id: number;
  subject: string;
  description: string;
  resolution: string | null;
  customer: number | null;
}

export const TOPIC_SOURCE_SELECT = sql`select t.id, t.subject, t.description, t.resolution, t.customer_id as customer from tickets t`;

/** What the findings need per ticket, with times as epoch ms. */
export interface FindingSourceRow {
  id: number;
  created: number;
  resolved: number | null;
  topic: string | null;
  customer: number | null;
  reopened: boolean;
  version: string | null;
}

export const FINDING_SOURCE_SELECT = sql`select t.id,
    (extract(epoch from t.created_at) * 1000)::float8 as created,
    (extract(epoch from t.resolved_at) * 1000)::float8 as resolved,
    t.topic_id as topic, t.customer_id as customer, t.reopened, t.product_version as version
  from tickets t`;
