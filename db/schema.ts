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
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ATTRIBUTIONS, EXPLANATIONS, PRIORITIES, RELEASE_FINDING_KINDS, STATUS_CATEGORIES, TREND_DIRECTIONS, type Explanation, type FindingKind } from './enums';

/** What an explained anomaly points at, as stored and as `report --json` writes it. */
export type StoredRelated = { topic_id: string } | { release: string } | { incident_date: string };
/** An episode of an intermittent topic as stored. */
export interface StoredEpisode {
  start: string;
  end: string;
  tickets: number;
  explanation?: Extract<Explanation, 'recurring_episode' | 'bulk_filing'>;
  sentence?: string;
}
/** A change in a release's windows explained otherwise (stored on its release). */
export interface StoredCoinciding {
  topic_id: string;
  kind: FindingKind;
  explanation: Explanation;
  sentence: string;
  before_per_day: number;
  after_per_day: number;
}

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
  /**
   * The zone the export itself declares for this person (Jira's user `timeZone`), kept apart
   * from `time_zone` (the agents file's, which wins): team load uses it with inferred hours.
   */
  declaredTimeZone: text('declared_time_zone'),
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
    /** Stored tickets this run removed because the source deleted them (see deleted_tickets). */
    deleted: integer('deleted').notNull().default(0),
    /** The configured API source (pull_sources.name) of a pull's run; null for files and uploads. */
    pullSource: text('pull_source'),
    /**
     * Creation time of the oldest ticket this run inserted, changed or removed: analysis redoes
     * its day rollups from that day on.
     */
    changedFrom: timestamptz('changed_from'),
    /** PII replaced in stored text, by kind ({"email": 12, …}). */
    redactions: jsonb('redactions').$type<Record<string, number>>().notNull().default({}),
    /**
     * Records whose text took longer to redact than its time budget and was redacted
     * conservatively instead (every run of characters that is not a plain word replaced).
     */
    conservativeRecords: integer('conservative_records').notNull().default(0),
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
    statusCategory: text('status_category', { enum: STATUS_CATEGORIES }),
    priorityRaw: text('priority_raw'),
    priority: text('priority', { enum: PRIORITIES }),
    channel: text('channel'),
    type: text('type'),
    subject: text('subject').notNull().default(''),
    description: text('description').notNull().default(''),
    resolution: text('resolution'),
    productVersion: text('product_version'),
    /** The product the ticket is about (a `product` column, Jira project…); null = unknown (issue 14). */
    product: text('product'),
    /** Versions it was fixed in (Jira Fix Version/s, a milestone): "fixed in", not the version run. */
    fixVersions: text('fix_versions').array().notNull().default(sql`'{}'::text[]`),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    assigneeId: integer('assignee_id').references(() => agents.id),
    customerId: integer('customer_id').references(() => customers.id),
    organizationId: integer('organization_id').references(() => organizations.id),
    reopened: boolean('reopened').notNull().default(false),
    escalated: boolean('escalated').notNull().default(false),
    /** Hash of every stored field: a re-import with identical content changes nothing. */
    contentHash: text('content_hash').notNull(),
    ingestRunId: integer('ingest_run_id').references(() => ingestRuns.id, { onDelete: 'set null' }),
    /** Set by analysis ("t12"); null = unclustered, or not analysed yet (see topicRunId). */
    topicId: text('topic_id'),
    /** The analysis run that last assigned a topic; null = new since the last analysis. */
    topicRunId: integer('topic_run_id'),
    /**
     * Whether the customer's own words read as hostile (lexicon sentiment, for team load);
     * null = not scored yet, or a new customer comment arrived since.
     */
    negativeTone: boolean('negative_tone'),
  },
  (t) => [
    uniqueIndex('tickets_source_external_idx').on(t.source, t.externalId),
    index('tickets_created_idx').on(t.createdAt),
    index('tickets_topic_created_idx').on(t.topicId, t.createdAt),
    // With the topic: "had this customer a ticket in this topic already" (incremental counts).
    index('tickets_customer_topic_idx').on(t.customerId, t.topicId),
    index('tickets_unassigned_idx').on(t.id).where(sql`topic_run_id is null`),
    // Dashboard filters that cannot be answered from the rollups, and the tickets list's pages.
    index('tickets_organization_created_idx').on(t.organizationId, t.createdAt),
    index('tickets_version_created_idx').on(t.productVersion, t.createdAt),
    // Unresolved tickets are few: "open now" and "waiting on engineering" read only these.
    index('tickets_unresolved_created_idx')
      .on(t.createdAt)
      .where(sql`status_category in ('new', 'open', 'pending')`),
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

/**
 * Tickets removed because the source deleted them (a Zendesk export's status "deleted", a CSV
 * row marked deleted, an issue a pull found gone). The ticket row and its comments are deleted,
 * so no query, rollup or analysis can count them; this record keeps no text, only what the audit
 * needs (which ticket, when, by which run) and what the next analysis needs (its topic).
 */
export const deletedTickets = pgTable(
  'deleted_tickets',
  {
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    /** When Support Trends removed it. */
    deletedAt: timestamptz('deleted_at').notNull().defaultNow(),
    /**
     * When the source deleted it, if it says (the deleted record's update time). A copy of the
     * ticket no newer than this (an older export imported again) is not brought back; null =
     * the ticket only left what the pull reads (e.g. no longer matches the JQL), so it may return.
     */
    sourceDeletedAt: timestamptz('source_deleted_at'),
    /** Creation time and topic of the removed ticket; null when it had never been stored. */
    createdAt: timestamptz('created_at'),
    topicId: text('topic_id'),
    ingestRunId: integer('ingest_run_id').references(() => ingestRuns.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.source, t.externalId] }), index('deleted_tickets_deleted_idx').on(t.deletedAt)],
);

export const releases = pgTable(
  'releases',
  {
    id: serial('id').primaryKey(),
    version: text('version').notNull(),
    releasedAt: timestamptz('released_at').notNull(),
    notes: text('notes'),
    source: text('source'),
    /** The product shipped; null = compared with every ticket (issue 14). */
    product: text('product'),
    ingestRunId: integer('ingest_run_id').references(() => ingestRuns.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('releases_version_idx').on(t.version), index('releases_released_idx').on(t.releasedAt)],
);

/**
 * State of each configured API source (support-trends.config.json): where the next pull
 * resumes, and how the last one went. The cursor is written only after the batch it covers is
 * committed, so a crash re-fetches instead of skipping.
 */
export const pullSources = pgTable('pull_sources', {
  name: text('name').primaryKey(),
  kind: text('kind').notNull(),
  /** Vendor-specific resume point (Zendesk cursor, updated-since timestamp, page…). */
  cursor: jsonb('cursor'),
  lastRunAt: timestamptz('last_run_at'),
  lastSuccessAt: timestamptz('last_success_at'),
  lastStatus: text('last_status', { enum: ['running', 'succeeded', 'failed'] }),
  lastError: text('last_error'),
  lastIngestRunId: integer('last_ingest_run_id'),
  nextRunAt: timestamptz('next_run_at'),
  /** Which API the last pull used, for people (e.g. "Jira Cloud, /rest/api/3/search/jql"). */
  endpoint: text('endpoint'),
  /** When the last check for tickets deleted at the source (a full listing of ids) finished. */
  lastDeletionCheckAt: timestamptz('last_deletion_check_at'),
});

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

// ---------------------------------------------------------------------------------------------
// Analysis results. `analyze` rewrites them; pages and `report` only read them.

export const analysisRunStatuses = ['running', 'succeeded', 'failed', 'interrupted'] as const;

export const analysisRuns = pgTable('analysis_runs', {
  id: serial('id').primaryKey(),
  mode: text('mode', { enum: ['full', 'incremental'] }).notNull(),
  /** interrupted: its process stopped (kill -9, power loss, lost connection) before finishing. */
  status: text('status', { enum: analysisRunStatuses }).notNull(),
  startedAt: timestamptz('started_at').notNull().defaultNow(),
  finishedAt: timestamptz('finished_at'),
  durationMs: integer('duration_ms'),
  /** Process that ran it, named when a second analysis waits for it or finds it interrupted. */
  pid: integer('pid'),
  host: text('host'),
  /** The "now" of the analysis: the last ticket's time unless given. */
  asOf: timestamptz('as_of'),
  timeZone: text('time_zone').notNull(),
  tickets: integer('tickets').notNull().default(0),
  topics: integer('topics').notNull().default(0),
  /** Milliseconds per stage, for the benchmark and the Imports page. */
  stages: jsonb('stages').$type<Record<string, number>>().notNull().default({}),
  error: text('error'),
});

/**
 * Themes: groups of topics about one problem area (lib/analysis/themes). Stable ids ("th3") that
 * survive re-analysis and are never reused; a theme no longer found is retired, not deleted, so
 * old links and retired topics still name it.
 */
export const themes = pgTable('themes', {
  /** Stable id ("th3", see lib/topic-id.ts ThemeId). */
  id: text('id').primaryKey(),
  label: text('label').notNull(),
  /** Renamed by a person: analysis keeps the label. */
  labelLocked: boolean('label_locked').notNull().default(false),
  /** The member topics' keywords, weighted by topic size. */
  keywords: jsonb('keywords').$type<{ term: string; text: string; weight: number }[]>().notNull().default([]),
  /** Tickets of the member topics (all time). */
  tickets: integer('tickets').notNull().default(0),
  /** Distinct customers among those tickets (all time). */
  customers: integer('customers').notNull().default(0),
  /** Tickets containing every word of the label ("in 310 of 402 tickets"); null when not measured. */
  labelSupport: integer('label_support'),
  status: text('status', { enum: ['active', 'retired'] }).notNull().default('active'),
  createdRunId: integer('created_run_id'),
  updatedRunId: integer('updated_run_id'),
  /** The analysis that no longer found it (null while active, or when retired by hand curation). */
  retiredRunId: integer('retired_run_id'),
});

export const topics = pgTable('topics', {
  /** Stable id ("t12"): survives re-analysis, never reused. */
  id: text('id').primaryKey(),
  label: text('label').notNull(),
  /** Renamed by a person: analysis keeps the label. */
  labelLocked: boolean('label_locked').notNull().default(false),
  keywords: jsonb('keywords').$type<{ term: string; text: string; weight: number }[]>().notNull().default([]),
  /** Ticket ids (tickets.id) close to the centre and unlike each other. */
  representativeIds: integer('representative_ids').array().notNull().default(sql`'{}'::integer[]`),
  tickets: integer('tickets').notNull().default(0),
  customers: integer('customers').notNull().default(0),
  /** Local days (SUPPORT_TRENDS_TZ) of the first and last ticket. */
  firstSeen: date('first_seen', { mode: 'string' }),
  lastSeen: date('last_seen', { mode: 'string' }),
  /** active, or retired when a re-analysis no longer finds it (kept so old links still explain). */
  status: text('status', { enum: ['active', 'retired'] }).notNull().default('active'),
  createdRunId: integer('created_run_id'),
  updatedRunId: integer('updated_run_id'),
  /** The theme the topic belongs to (a retired topic keeps its last one); null before themes were computed. */
  themeId: text('theme_id').references(() => themes.id),
});

/** The saved model (vocabulary, centroids…) that assigns new tickets between full analyses. */
export const topicModels = pgTable('topic_models', {
  id: serial('id').primaryKey(),
  analysisRunId: integer('analysis_run_id').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  model: jsonb('model').notNull(),
});

/** Hand curation (rename, merge, split, move), replayed by every later analysis. */
export const topicCurations = pgTable('topic_curations', {
  id: serial('id').primaryKey(),
  operation: jsonb('operation').notNull(),
  actor: text('actor').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  /** What the last analysis did with it ("applied", or why it was skipped). */
  outcome: text('outcome'),
});

/** Hand curation of themes (rename, merge, split, move a topic), replayed by every later analysis. */
export const themeCurations = pgTable('theme_curations', {
  id: serial('id').primaryKey(),
  operation: jsonb('operation').notNull(),
  actor: text('actor').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  /** What the last analysis did with it ("applied", or why it was skipped). */
  outcome: text('outcome'),
});

/** Splits, merges, new and retired topics found when a re-analysis is matched to the last one. */
export const topicChanges = pgTable('topic_changes', {
  id: serial('id').primaryKey(),
  analysisRunId: integer('analysis_run_id').notNull(),
  kind: text('kind', { enum: ['created', 'retired', 'split', 'merge'] }).notNull(),
  topicIds: text('topic_ids').array().notNull(),
  detail: text('detail').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/** Tickets per local day and topic ('' = unclustered, see lib/queries/rollup-topic.ts): what every volume chart reads. */
export const dailyTopicCounts = pgTable(
  'daily_topic_counts',
  {
    day: date('day', { mode: 'string' }).notNull(),
    topicId: text('topic_id').notNull(),
    tickets: integer('tickets').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.topicId] }), index('daily_topic_counts_topic_idx').on(t.topicId, t.day)],
);

/**
 * Tickets per local day, topic, priority and channel ('' = none): the volume charts and topic
 * counts filtered by priority or channel read this instead of the tickets. Rebuilt by analyze.
 */
export const dailyTicketCounts = pgTable(
  'daily_ticket_counts',
  {
    day: date('day', { mode: 'string' }).notNull(),
    topicId: text('topic_id').notNull(),
    priority: text('priority').notNull(),
    channel: text('channel').notNull(),
    tickets: integer('tickets').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.topicId, t.priority, t.channel] }),
    // A priority or channel filter reads only its slice; the channel index also lists the channels.
    index('daily_ticket_counts_priority_idx').on(t.priority, t.day),
    index('daily_ticket_counts_channel_idx').on(t.channel, t.day),
  ],
);

/**
 * Tickets per local day, topic and product version ('' = none): what release impact and the
 * series behind spikes and recurring issues are computed from, without reading every ticket.
 */
export const dailyTopicVersionCounts = pgTable(
  'daily_topic_version_counts',
  {
    day: date('day', { mode: 'string' }).notNull(),
    topicId: text('topic_id').notNull(),
    productVersion: text('product_version').notNull(),
    tickets: integer('tickets').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.topicId, t.productVersion] })],
);

export const spikes = pgTable(
  'spikes',
  {
    id: serial('id').primaryKey(),
    day: date('day', { mode: 'string' }).notNull(),
    /** null = all tickets together. */
    topicId: text('topic_id').references(() => topics.id),
    count: integer('count').notNull(),
    expected: doublePrecision('expected').notNull(),
    score: doublePrecision('score').notNull(),
    pValue: doublePrecision('p_value').notNull(),
    adjustedPValue: doublePrecision('adjusted_p_value').notNull(),
    method: text('method').notNull(),
    evidence: text('evidence').notNull(),
    /** One explanation per anomaly (issue 14); null in rows stored before it. */
    explanation: text('explanation', { enum: EXPLANATIONS }),
    /** Distinct requesters of the day's tickets in this series; null = the data has none. */
    requesters: integer('requesters'),
    /** What else the event touches: a recurring topic, the release before an incident… */
    related: jsonb('related').$type<StoredRelated[]>().notNull().default(sql`'[]'::jsonb`),
    /** For a planner, first; the statistics (`evidence`) come after. */
    sentence: text('sentence'),
  },
  (t) => [index('spikes_day_idx').on(t.day)],
);

export const recurringTopics = pgTable('recurring_topics', {
  topicId: text('topic_id').primaryKey().references(() => topics.id),
  intermittent: boolean('intermittent').notNull(),
  recurring: boolean('recurring').notNull(),
  /** With each episode's explanation and plain sentence since issue 14 (absent in older rows). */
  episodes: jsonb('episodes').$type<StoredEpisode[]>().notNull(),
  medianGapDays: doublePrecision('median_gap_days'),
  gapCv: doublePrecision('gap_cv'),
  burstiness: doublePrecision('burstiness'),
  regularityPValue: doublePrecision('regularity_p_value'),
  nextExpected: date('next_expected', { mode: 'string' }),
  nextWindowDays: doublePrecision('next_window_days'),
  ongoing: boolean('ongoing').notNull(),
  overdue: boolean('overdue').notNull(),
  fixSignature: text('fix_signature'),
  fixShare: doublePrecision('fix_share'),
  summary: text('summary').notNull(),
});

/** One row per release analysed: the verdict's frame (windows, ambiguity). */
export const releaseAnalyses = pgTable('release_analyses', {
  releaseId: integer('release_id')
    .primaryKey()
    .references(() => releases.id, { onDelete: 'cascade' }),
  day: date('day', { mode: 'string' }).notNull(),
  ambiguous: boolean('ambiguous').notNull(),
  ambiguousWith: text('ambiguous_with').array().notNull(),
  beforeDaysObserved: doublePrecision('before_days_observed').notNull(),
  afterDaysObserved: doublePrecision('after_days_observed').notNull(),
  ticketsBefore: integer('tickets_before').notNull(),
  ticketsAfter: integer('tickets_after').notNull(),
  /** The release's product (its tickets were the comparison), or null (issue 14). */
  product: text('product'),
  /** Tickets whose fix version is this release; null when no ticket has a fix version. */
  fixedTickets: integer('fixed_tickets'),
  fixedTopics: jsonb('fixed_topics').$type<{ topic_id: string | null; tickets: number }[]>().notNull().default(sql`'[]'::jsonb`),
  /** Smallest rise the test would have found (80% power); null = none could be. */
  minDetectableRatio: doublePrecision('min_detectable_ratio'),
  /** Changes in its windows explained otherwise: an incident, an episode, a bulk filing. */
  coinciding: jsonb('coinciding').$type<StoredCoinciding[]>().notNull().default(sql`'[]'::jsonb`),
  /** For a planner, first; the statistics after (`how_we_know`). */
  sentence: text('sentence'),
  howWeKnow: text('how_we_know'),
});

/** Regressions, improvements and new topics attributed to a release, with their test results. */
export const releaseFindings = pgTable(
  'release_findings',
  {
    id: serial('id').primaryKey(),
    releaseId: integer('release_id')
      .notNull()
      .references(() => releases.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: RELEASE_FINDING_KINDS }).notNull(),
    topicId: text('topic_id').notNull().references(() => topics.id),
    rateRatio: doublePrecision('rate_ratio'),
    ciLow: doublePrecision('ci_low'),
    ciHigh: doublePrecision('ci_high'),
    pValue: doublePrecision('p_value').notNull(),
    qValue: doublePrecision('q_value').notNull(),
    before: integer('before'),
    after: integer('after'),
    firstSeen: date('first_seen', { mode: 'string' }),
    method: text('method'),
    attribution: text('attribution', { enum: ATTRIBUTIONS }).notNull(),
    evidence: text('evidence').notNull(),
    /** For a planner, first ("very likely caused by 5.14.0"); `evidence` after (issue 14). */
    sentence: text('sentence'),
    /** Tickets per day before and after the release (rates, not totals). */
    beforePerDay: doublePrecision('before_per_day'),
    afterPerDay: doublePrecision('after_per_day'),
  },
  (t) => [index('release_findings_release_idx').on(t.releaseId)],
);

/**
 * Release findings at theme level: the same test and explanation as release_findings, run on
 * each theme's tickets (the sum of its topics'). One problem phrased several ways is several
 * topics but one theme, so here it is one finding; `topic_ids` lists the member topics that
 * have a topic-level finding of the same kind for the release.
 */
export const themeReleaseFindings = pgTable(
  'theme_release_findings',
  {
    id: serial('id').primaryKey(),
    releaseId: integer('release_id')
      .notNull()
      .references(() => releases.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: RELEASE_FINDING_KINDS }).notNull(),
    themeId: text('theme_id').notNull().references(() => themes.id),
    topicIds: text('topic_ids').array().notNull().default(sql`'{}'::text[]`),
    rateRatio: doublePrecision('rate_ratio'),
    ciLow: doublePrecision('ci_low'),
    ciHigh: doublePrecision('ci_high'),
    pValue: doublePrecision('p_value').notNull(),
    qValue: doublePrecision('q_value').notNull(),
    before: integer('before'),
    after: integer('after'),
    firstSeen: date('first_seen', { mode: 'string' }),
    method: text('method'),
    attribution: text('attribution', { enum: ATTRIBUTIONS }).notNull(),
    evidence: text('evidence').notNull(),
    sentence: text('sentence'),
    beforePerDay: doublePrecision('before_per_day'),
    afterPerDay: doublePrecision('after_per_day'),
  },
  (t) => [index('theme_release_findings_release_idx').on(t.releaseId)],
);

export const painPoints = pgTable('pain_points', {
  topicId: text('topic_id').primaryKey().references(() => topics.id),
  rank: integer('rank').notNull(),
  impact: doublePrecision('impact').notNull(),
  tickets: integer('tickets').notNull(),
  customers: integer('customers').notNull(),
  medianHoursToResolve: doublePrecision('median_hours_to_resolve'),
  reopenShare: doublePrecision('reopen_share').notNull(),
  recent: integer('recent').notNull(),
  previous: integer('previous').notNull(),
  rateRatio: doublePrecision('rate_ratio'),
  ciLow: doublePrecision('ci_low'),
  ciHigh: doublePrecision('ci_high'),
  trendPValue: doublePrecision('trend_p_value').notNull(),
  trendQValue: doublePrecision('trend_q_value').notNull(),
  direction: text('direction', { enum: TREND_DIRECTIONS }).notNull(),
  summary: text('summary').notNull(),
});

/** The team-load report of the last analysis (individual rows included; access decides who sees them). */
export const teamLoadSnapshots = pgTable('team_load_snapshots', {
  id: serial('id').primaryKey(),
  analysisRunId: integer('analysis_run_id').notNull(),
  asOf: timestamptz('as_of').notNull(),
  report: jsonb('report').notNull(),
});

export type TopicRow = typeof topics.$inferSelect;
export type AnalysisRunRow = typeof analysisRuns.$inferSelect;

export * from './schema-auth';
