/**
 * The planning report's JSON (`support-trends report --json`, GET /api/report). Field names are
 * a contract other tools rely on: the report is parsed with this strict schema on the way out,
 * so a renamed or extra field fails the tests instead of silently breaking a consumer.
 */
import { z } from 'zod';
import { EXPLANATIONS, RELEASE_FINDING_KINDS, TREND_DIRECTIONS } from '@/db/enums';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.number().int().min(0);

export const reportTopicSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  /** The theme (group of topics) it belongs to; null before themes were computed. */
  theme_id: z.string().nullable(),
  keywords: z.array(z.string()),
  tickets: count,
  customers: count,
  first_seen: isoDay.nullable(),
  last_seen: isoDay.nullable(),
  last_28d: count,
  prev_28d: count,
  /** The stored trend test of the pain point (last window vs the one before); null when not ranked. */
  trend: z
    .strictObject({ direction: z.enum(TREND_DIRECTIONS), recent: count, previous: count, rate_ratio: z.number().nullable(), q_value: z.number() })
    .nullable(),
});

/**
 * A theme: a group of topics about one problem area. Its counts are its topics' in `topics[]`
 * (the topics with tickets in the range), so they add up; `customers` are distinct (a customer
 * of two of its topics counts once).
 */
export const reportThemeSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  topic_ids: z.array(z.string()),
  tickets: count,
  customers: count,
  last_28d: count,
  prev_28d: count,
});

const explanationSchema = z.enum(EXPLANATIONS);
/** What an explained event points at: a recurring topic, a release, the incident it belongs to. */
const relatedSchema = z.union([
  z.strictObject({ topic_id: z.string() }),
  z.strictObject({ release: z.string() }),
  z.strictObject({ incident_date: isoDay }),
]);

export const reportSpikeSchema = z.strictObject({
  date: isoDay,
  topic_id: z.string().nullable(),
  count,
  expected: z.number(),
  p_value: z.number(),
  evidence: z.string(),
  explanation: explanationSchema,
  /** Distinct requesters of the day's tickets in this series; null when the data has none. */
  requesters: count.nullable(),
  related: z.array(relatedSchema),
  /** The plain sentence for a planner; `evidence` holds the statistics. */
  sentence: z.string(),
});

export const reportIntermittentSchema = z.strictObject({
  topic_id: z.string(),
  label: z.string(),
  recurring: z.boolean(),
  episodes: count,
  median_gap_days: z.number().nullable(),
  gap_cv: z.number().nullable(),
  next_expected: isoDay.nullable(),
  next_window_days: z.number().nullable(),
  fix_signature: z.string().nullable(),
  fix_share: z.number().nullable(),
  summary: z.string(),
});

const rateChangeSchema = z.strictObject({
  topic_id: z.string(),
  label: z.string(),
  rate_ratio: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  p_value: z.number(),
  q_value: z.number(),
  before: count,
  after: count,
  attribution: z.string(),
  evidence: z.string(),
  sentence: z.string(),
  /** Tickets per day in the before and after windows (rates, not totals). */
  before_per_day: z.number().nullable(),
  after_per_day: z.number().nullable(),
});

export const reportReleaseSchema = z.strictObject({
  version: z.string(),
  date: isoDay,
  ambiguous: z.boolean(),
  ambiguous_with: z.array(z.string()),
  regressions: z.array(rateChangeSchema),
  improvements: z.array(rateChangeSchema),
  new_topics: z.array(
    z.strictObject({
      topic_id: z.string(),
      label: z.string(),
      first_seen: isoDay,
      tickets_after: count,
      p_value: z.number(),
      evidence: z.string(),
      sentence: z.string(),
    }),
  ),
  product: z.string().nullable(),
  /** Tickets whose fix version is this release; null when no ticket has a fix version. */
  fixed_tickets: count.nullable(),
  fixed_topics: z.array(z.strictObject({ topic_id: z.string().nullable(), label: z.string(), tickets: count })),
  /** Smallest rise its test could have found (80% power); null = none could be. */
  min_detectable_ratio: z.number().nullable(),
  /** Changes in its windows explained otherwise (incident, recurring episode, bulk filing…). */
  coinciding: z.array(
    z.strictObject({
      topic_id: z.string(),
      label: z.string(),
      kind: z.enum(RELEASE_FINDING_KINDS),
      explanation: explanationSchema,
      sentence: z.string(),
      before_per_day: z.number(),
      after_per_day: z.number(),
    }),
  ),
  /** What the release did, in plain words (what it closed, what it changed or could have seen). */
  sentence: z.string(),
  how_we_know: z.string(),
  /**
   * The same test at theme level (a theme's tickets are its topics'): one problem phrased
   * several ways is one change here. `topic_ids`: member topics with a finding of the same kind.
   */
  theme_changes: z.array(
    z.strictObject({
      theme_id: z.string(),
      label: z.string(),
      kind: z.enum(RELEASE_FINDING_KINDS),
      topic_ids: z.array(z.string()),
      rate_ratio: z.number().nullable(),
      p_value: z.number(),
      q_value: z.number(),
      before: count,
      after: count,
      evidence: z.string(),
      sentence: z.string(),
      before_per_day: z.number().nullable(),
      after_per_day: z.number().nullable(),
    }),
  ),
});

const hours = z.number().min(0).nullable();

/** Service metrics of the range's tickets (lib/analysis/service-metrics.ts): each number with the count it rests on. */
export const reportServiceSchema = z.strictObject({
  /** When the backlog was aged: the end of the range, or the report's time when earlier. */
  as_of: z.iso.datetime(),
  tickets: count,
  first_response: z.strictObject({ tickets: count, without_response: count, from_comments: count, median_hours: hours, p90_hours: hours }),
  resolution: z.strictObject({ tickets: count, median_hours: hours, p90_hours: hours }),
  reopen: z.strictObject({ ever_resolved: count, reopened: count, share: z.number().min(0).max(1).nullable() }),
  backlog: z.strictObject({ open: count, median_age_days: hours, p90_age_days: hours, older_than_30_days: count }),
  /** Null when the export rates no ticket. */
  satisfaction: z.strictObject({ rated: count, good: count, share: z.number().min(0).max(1) }).nullable(),
  /** Times before their ticket's creation, left out. */
  inconsistent: count,
});

export const reportSchema = z.strictObject({
  range: z.strictObject({ from: isoDay, to: isoDay }),
  generated_at: z.iso.datetime(),
  time_zone: z.string(),
  totals: z.strictObject({ tickets: count, topics: count, agents: count, customers: count }),
  topics: z.array(reportTopicSchema),
  /** Most tickets first. */
  themes: z.array(reportThemeSchema),
  spikes: z.array(reportSpikeSchema),
  intermittent: z.array(reportIntermittentSchema),
  releases: z.array(reportReleaseSchema),
  service: reportServiceSchema,
  /** The team-load report (see lib/analysis/team/schema.ts); agents only when individuals are allowed. */
  team: z.unknown().nullable(),
});

export type PlanningReport = z.infer<typeof reportSchema>;
export type ReportRelease = z.infer<typeof reportReleaseSchema>;
export type ReportTheme = z.infer<typeof reportThemeSchema>;
export type ReportSpike = z.infer<typeof reportSpikeSchema>;
