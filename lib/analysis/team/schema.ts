/**
 * The team-load JSON contract as a zod schema: the report command, the stored findings and the
 * Team page can parse with it (strict: an unexpected key is an error, not a silent extra).
 */
import { z } from 'zod';

const share = z.number().min(0).max(1);
const riskLevel = z.enum(['low', 'elevated', 'high']);
const topicId = z.union([z.string(), z.number()]);
const count = z.number().int().min(0);
const hoursSource = z.enum(['agents_file', 'inferred', 'default']);
const workingHoursSource = z.enum(['agents_file', 'inferred', 'default', 'mixed']);
const clock = z.string().regex(/^\d{2}:\d{2}$/);

const afterHoursChange = z.strictObject({
  previous_share: share,
  previous_actions: count,
  direction: z.enum(['up', 'down', 'flat']),
  test: z.literal('fisher_exact'),
  p_value: z.number().min(0).max(1),
});

export const agentLoadRowSchema = z.strictObject({
  agent: z.string(),
  team: z.string(),
  tickets: z.number().int().min(0),
  tickets_per_active_day: z.number().min(0),
  actions_per_day: z.number().min(0),
  after_hours_share: share,
  weekend_share: share,
  sleep_hour_days: z.number().int().min(0),
  max_consecutive_days: z.number().int().min(0),
  current_streak: z.number().int().min(0),
  open_backlog: z.number().int().min(0),
  open_backlog_median: z.number().min(0),
  urgent_share: share,
  reopened_share: share,
  negative_share: share.nullable(),
  topics: z.number().int().min(0),
  risk: riskLevel,
  score: z.number().int().min(0),
  reasons: z.array(z.string()),
  suggestion: z.string().min(1),
  actions_source: z.enum(['events', 'ticket_timestamps', 'mixed', 'none']),
  working_hours: z.strictObject({
    source: hoursSource,
    zone_source: z.enum(['agents_file', 'export', 'inferred', 'default']),
    time_zone: z.string().min(1),
    start: clock,
    end: clock,
    work_days: z.array(z.number().int().min(0).max(6)),
  }),
  bulk_bursts: count,
  risk_note: z.string().nullable(),
});

export const teamWeekSchema = z.strictObject({
  week_start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  partial: z.boolean(),
  tickets: z.number().int().min(0),
  actions: z.number().int().min(0),
  active_agents: z.number().int().min(0),
  load_per_agent_median: z.number().min(0),
  after_hours_share: share,
  backlog: z.number().int().min(0),
  first_responses: count,
  first_response_hours_median: z.number().min(0).nullable(),
  resolutions: count,
  resolution_hours_median: z.number().min(0).nullable(),
});

export const teamLoadRowSchema = z.strictObject({
  team: z.string(),
  size: z.number().int().min(0),
  brokenDown: z.boolean(),
  tickets: z.number().int().min(0),
  load_per_agent_median: z.number().min(0),
  load_per_agent_iqr: z.tuple([z.number(), z.number()]),
  after_hours_share: share,
  load_gini: share.nullable(),
  top20_share: share.nullable(),
  weekly: z.array(teamWeekSchema),
  working_hours_source: workingHoursSource.nullable(),
  working_hours_people: z.strictObject({ agents_file: count, inferred: count, default: count }),
  actions: count,
  weekend_share: share,
  sleep_hour_nights: count,
  longest_streak: count,
  longest_streak_median: z.number().min(0),
  after_hours_change: afterHoursChange.nullable(),
  hour_of_week: z.array(count).length(168),
  bulk_bursts: count,
  bulk_actions: count,
});

export const teamFindingSchema = z.strictObject({
  team: z.string(),
  signal: z.enum(['after_hours', 'sleep_hours', 'long_streaks']),
  size: z.number().int().positive(),
  people: z.number().int().positive().nullable(),
  value: z.number().min(0),
  after_hours_change: afterHoursChange.nullable(),
  sentence: z.string().min(1),
  suggestion: z.string().min(1),
});

export const exportShapeSchema = z.strictObject({
  kind: z.enum(['support_desk', 'issue_tracker', 'unknown']),
  tickets: count,
  tickets_with_requester: count,
  requested_by_team: count,
  tickets_with_channel: count,
  customer_messages: count,
  team_messages: count,
  team_signals: z.enum(['normal', 'weak']),
  note: z.string().nullable(),
});

export const teamLoadReportSchema = z.strictObject({
  asOf: z.iso.datetime(),
  windowDays: z.number().int().positive(),
  agents: z.array(agentLoadRowSchema),
  teams: z.array(teamLoadRowSchema),
  load_gini: share.nullable(),
  top20_share: share.nullable(),
  single_owner_topics: z.array(
    z.strictObject({ topic_id: topicId, agent: z.string(), tickets: z.number().int().positive() }),
  ),
  crowded_topics: z.array(
    z.strictObject({
      topic_id: topicId,
      agents: z.number().int().positive(),
      escalations: z.number().int().positive(),
      tickets: z.number().int().positive(),
    }),
  ),
  disclaimer: z.string().min(1),
  state: z.enum(['ok', 'no_people', 'no_activity']),
  working_hours_source: workingHoursSource.nullable(),
  export_shape: exportShapeSchema,
  team_findings: z.array(teamFindingSchema),
  bulk_bursts: count,
  bulk_actions: count,
  warnings: z.array(z.string()),
});
