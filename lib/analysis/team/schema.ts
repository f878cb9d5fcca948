/**
 * The team-load JSON contract as a zod schema: the report command, the stored findings and the
 * Team page can parse with it (strict: an unexpected key is an error, not a silent extra).
 */
import { z } from 'zod';

const share = z.number().min(0).max(1);
const riskLevel = z.enum(['low', 'elevated', 'high']);
const topicId = z.union([z.string(), z.number()]);

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
});
