/**
 * The tickets list: the drill-down target of every chart. Pages are read with a keyset on
 * (created_at, id) — the next page starts after the last row shown — so page 500 costs what
 * page 1 does, and every filter has an index to start from (created_at, topic + created_at,
 * organization + created_at, version + created_at, customer).
 */
import { sql, type SQL, eq, type Column } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { MAX_ROW_ID, needsTicketScan, type Filters } from '@/lib/filters';
import { alias } from 'drizzle-orm/pg-core';
import { agents, customers, organizations, tickets, topics } from '@/db/schema';
import { rollupConditions, ticketConditions, topicRollupSuffices, type DayRange } from './filter-sql';
import { waitingOnEngineeringCondition } from './standup';
import type { TopicId } from '@/lib/topic-id';

/**
 * "unresolved" = new, open or pending (on hold included: helpdesks file it under pending);
 * "engineering" = waiting on engineering, as the standup page defines it.
 */
export const TICKET_STATUSES = ['unresolved', 'engineering', 'new', 'open', 'pending', 'solved', 'closed'] as const;
export type TicketStatusFilter = (typeof TICKET_STATUSES)[number];
export const TICKET_SORTS = ['newest', 'oldest'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export interface TicketQuery {
  filters: Filters;
  /** Null = any creation date. */
  range: DayRange | null;
  status?: TicketStatusFilter;
  /** Text in the subject, or an exact ticket id. */
  search?: string;
  sort: TicketSort;
  /** tickets.id of the last row of the previous page. */
  after?: number;
  limit: number;
}

export interface TicketVisibility {
  /** Subject and customer (lead and above). */
  text: boolean;
  /** The assignee's name (see canSeeIndividuals). */
  agent: boolean;
}

export interface TicketListRow {
  id: number;
  source: string;
  externalId: string;
  /** Local time in the installation's zone, "YYYY-MM-DD HH:MM". */
  created: string;
  resolved: string | null;
  status: string | null;
  statusCategory: string | null;
  priority: string | null;
  channel: string | null;
  topicId: TopicId | null;
  topic: string | null;
  organization: string | null;
  productVersion: string | null;
  escalated: boolean;
  subject: string | null;
  customer: string | null;
  agent: string | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A search: the source's id, the subject, or the id as the pages show it — "#114" or "114" (the
 * tickets list and the standup write our row id with a hash).
 */
function searchCondition(search: string): SQL {
  const subject = sql`t.subject ilike ${`%${escapeLike(search)}%`}`;
  const shownId = /^#?\s*(\d{1,10})$/.exec(search);
  const rowId = shownId && Number(shownId[1]) <= MAX_ROW_ID ? Number(shownId[1]) : null;
  const ids = [search, ...(shownId ? [shownId[1]] : [])];
  return sql`(t.external_id in (${sql.join([...new Set(ids)].map((id) => sql`${id}`), sql`, `)}) or ${subject}${rowId === null ? sql`` : sql` or t.id = ${rowId}`})`;
}

function queryConditions(query: TicketQuery, timeZone: string): SQL {
  const parts: SQL[] = [ticketConditions(query.filters, query.range, timeZone)];
  if (query.status === 'unresolved') parts.push(sql`t.status_category in ('new', 'open', 'pending')`);
  else if (query.status === 'engineering') parts.push(waitingOnEngineeringCondition('t'));
  else if (query.status) parts.push(sql`t.status_category = ${query.status}`);
  if (query.search) parts.push(searchCondition(query.search));
  return sql.join(parts, sql` and `);
}

/** One page of tickets matching the query, and the cursor of the next page (null on the last). */
export async function listTickets(
  db: Db,
  query: TicketQuery,
  visibility: TicketVisibility,
  timeZone: string,
): Promise<{ rows: TicketListRow[]; nextAfter: number | null }> {
  const newest = query.sort === 'newest';
  const keyset =
    query.after === undefined
      ? sql`true`
      : newest
        ? sql`(t.created_at, t.id) < (select c.created_at, c.id from tickets c where c.id = ${query.after})`
        : sql`(t.created_at, t.id) > (select c.created_at, c.id from tickets c where c.id = ${query.after})`;
  const order = newest ? sql`t.created_at desc, t.id desc` : sql`t.created_at asc, t.id asc`;
  // Aliased "t": the WHERE builder (filter-sql.ts) and the keyset above name the tickets so.
  const t = alias(tickets, 't');
  const local = (column: Column) => sql<string>`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI')`;
  const rows: TicketListRow[] = await db
    .select({
      id: t.id,
      source: t.source,
      externalId: t.externalId,
      created: local(t.createdAt),
      resolved: sql<string | null>`${local(t.resolvedAt)}`,
      status: t.status,
      statusCategory: t.statusCategory,
      priority: t.priority,
      channel: t.channel,
      topicId: sql<TopicId | null>`${t.topicId}`,
      topic: topics.label,
      organization: organizations.name,
      productVersion: t.productVersion,
      escalated: t.escalated,
      subject: visibility.text ? t.subject : sql<string | null>`null`,
      customer: visibility.text ? sql<string | null>`(select ${customers.key} from ${customers} where ${customers.id} = ${t.customerId})` : sql<null>`null`,
      agent: visibility.agent ? sql<string | null>`(select ${agents.name} from ${agents} where ${agents.id} = ${t.assigneeId})` : sql<null>`null`,
    })
    .from(t)
    .leftJoin(topics, eq(topics.id, t.topicId))
    .leftJoin(organizations, eq(organizations.id, t.organizationId))
    .where(sql`${queryConditions(query, timeZone)} and ${keyset}`)
    .orderBy(order)
    .limit(query.limit + 1);
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  return { rows: page, nextAfter: more ? page[page.length - 1].id : null };
}

/** Above this many matches a count reads "More than 10,000": an exact count would read every matching ticket. */
export const COUNT_CAP = 10_000;
/**
 * A substring search cannot use an index, so its count stops earlier: at a million tickets a
 * common word reaches 10,000 matches only after reading a quarter of the table (~400 ms).
 */
export const SEARCH_COUNT_CAP = 1_000;

/**
 * How many tickets match: exact from the rollups when the filters allow (the same numbers the
 * charts show), otherwise counted on the tickets up to COUNT_CAP.
 */
export async function countTickets(db: Db, query: TicketQuery, timeZone: string): Promise<{ count: number; capped: boolean }> {
  if (query.range && !query.status && !query.search && !needsTicketScan(query.filters)) {
    const table = topicRollupSuffices(query.filters) ? sql`daily_topic_counts` : sql`daily_ticket_counts`;
    const [row] = await db
      .select({ count: sql<number>`coalesce(sum(d.tickets), 0)::int` })
      .from(sql`${table} d`)
      .where(rollupConditions(query.filters, query.range, 'd', !topicRollupSuffices(query.filters)));
    return { count: row.count, capped: false };
  }
  const cap = query.search ? SEARCH_COUNT_CAP : COUNT_CAP;
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(sql`(select 1 from tickets t where ${queryConditions(query, timeZone)} limit ${cap + 1}) x`);
  return { count: Math.min(row.count, cap), capped: row.count > cap };
}
