/**
 * The one schema, for the embedded PGlite and for a PostgreSQL server alike.
 * SQL names are snake_case, TypeScript names camelCase; row types come from here
 * (`typeof tickets.$inferSelect`). Migrations in db/migrations are generated from this file
 * by drizzle-kit and must stay within what PostgreSQL 15 and PGlite (PostgreSQL 18) both accept.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
});

export const customers = pgTable('customers', {
  id: serial('id').primaryKey(),
  /** The requester as the source names it (e-mail, login or "user:<id>"). */
  key: text('key').notNull().unique(),
  organizationId: integer('organization_id').references(() => organizations.id),
});

export const agents = pgTable('agents', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  team: text('team'),
  /** IANA zone; null means the installation default (SUPPORT_TRENDS_TZ). */
  timeZone: text('time_zone'),
  workStart: text('work_start'),
  workEnd: text('work_end'),
  /** ISO weekday numbers, 0 = Sunday, e.g. {1,2,3,4,5}. */
  workDays: integer('work_days').array(),
});

export const ingestRuns = pgTable(
  'ingest_runs',
  {
    id: serial('id').primaryKey(),
    file: text('file').notNull(),
    kind: text('kind').notNull(),
    source: text('source'),
    status: text('status', { enum: ['running', 'succeeded', 'failed'] }).notNull(),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    finishedAt: timestamptz('finished_at'),
    durationMs: integer('duration_ms'),
    bytes: bigint('bytes', { mode: 'number' }),
    rowsRead: integer('rows_read').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    error: text('error'),
    /** Process that ran it: a 'running' run whose process is gone was interrupted. */
    pid: integer('pid'),
    host: text('host'),
  },
  (t) => [index('ingest_runs_started_idx').on(t.startedAt)],
);

export const rejectedRows = pgTable(
  'rejected_rows',
  {
    id: serial('id').primaryKey(),
    runId: integer('run_id')
      .notNull()
      .references(() => ingestRuns.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    field: text('field'),
    reason: text('reason').notNull(),
    raw: text('raw').notNull(),
  },
  (t) => [index('rejected_rows_run_idx').on(t.runId)],
);

export const tickets = pgTable(
  'tickets',
  {
    id: serial('id').primaryKey(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at'),
    firstResponseAt: timestamptz('first_response_at'),
    resolvedAt: timestamptz('resolved_at'),
    status: text('status'),
    statusCategory: text('status_category'),
    priorityRaw: text('priority_raw'),
    priority: text('priority'),
    channel: text('channel'),
    type: text('type'),
    subject: text('subject').notNull().default(''),
    description: text('description').notNull().default(''),
    resolution: text('resolution'),
    productVersion: text('product_version'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    assigneeId: integer('assignee_id').references(() => agents.id),
    customerId: integer('customer_id').references(() => customers.id),
    organizationId: integer('organization_id').references(() => organizations.id),
    reopened: boolean('reopened').notNull().default(false),
    escalated: boolean('escalated').notNull().default(false),
    /** Hash of every stored field: a re-import with identical content changes nothing. */
    contentHash: text('content_hash').notNull(),
    ingestRunId: integer('ingest_run_id').references(() => ingestRuns.id, { onDelete: 'set null' }),
    /** Set by analysis; null = not yet analysed or unclustered. */
    topicId: integer('topic_id'),
    topicSimilarity: real('topic_similarity'),
  },
  (t) => [
    uniqueIndex('tickets_source_external_idx').on(t.source, t.externalId),
    index('tickets_created_idx').on(t.createdAt),
    index('tickets_topic_created_idx').on(t.topicId, t.createdAt),
    index('tickets_assignee_idx').on(t.assigneeId),
    index('tickets_customer_idx').on(t.customerId),
  ],
);

export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: serial('id').primaryKey(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    author: text('author'),
    authorRole: text('author_role', { enum: ['agent', 'customer', 'system'] }).notNull(),
    agentId: integer('agent_id').references(() => agents.id),
    isPublic: boolean('is_public').notNull().default(true),
    body: text('body').notNull().default(''),
    contentHash: text('content_hash').notNull(),
    ingestRunId: integer('ingest_run_id').references(() => ingestRuns.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('ticket_events_source_external_idx').on(t.source, t.externalId),
    index('ticket_events_ticket_idx').on(t.ticketId),
    index('ticket_events_agent_created_idx').on(t.agentId, t.createdAt),
  ],
);

export const releases = pgTable(
  'releases',
  {
    id: serial('id').primaryKey(),
    version: text('version').notNull(),
    releasedAt: timestamptz('released_at').notNull(),
    notes: text('notes'),
    source: text('source'),
    ingestRunId: integer('ingest_run_id').references(() => ingestRuns.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('releases_version_idx').on(t.version), index('releases_released_idx').on(t.releasedAt)],
);

/** Free-form settings that analysis and pages share (e.g. the last analysis time). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

export type TicketRow = typeof tickets.$inferSelect;
export type IngestRunRow = typeof ingestRuns.$inferSelect;
export type RejectedRowRow = typeof rejectedRows.$inferSelect;
export type ReleaseRow = typeof releases.$inferSelect;
