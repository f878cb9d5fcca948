/**
 * The standup page: what changed since the last standup. The period runs from the last business
 * day before "today" to today — or, when the data stops before yesterday (an old export), to the
 * data's last day, so the page still says something about the newest tickets.
 */
import { sql, type SQL, and, between, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { DAY_MS, dayIndexToIso, isoToDayIndex, localDayStart, weekdayOfDayIndex } from '@/lib/time';
import { alias } from 'drizzle-orm/pg-core';
import { dailyTopicCounts, tickets, topics } from '@/db/schema';
import type { DayRange } from './filter-sql';
import { rollupHasTopic } from './rollup-topic';
import type { TopicId } from '@/lib/topic-id';

export interface StandupPeriod extends DayRange {
  /** Why the period ends where it does. */
  anchor: 'today' | 'data';
}

/** The business day (Mon–Fri) before `day`. */
export function previousBusinessDay(day: string): string {
  let d = isoToDayIndex(day) - 1;
  while (weekdayOfDayIndex(d) === 0 || weekdayOfDayIndex(d) === 6) d--;
  return dayIndexToIso(d);
}

/**
 * The standup period: from `since` (default: the business day before the end) to today, or to the
 * data's last day when that is older than yesterday.
 */
export function standupPeriod(today: string, lastDataDay: string | null, since?: string): StandupPeriod {
  const yesterday = dayIndexToIso(isoToDayIndex(today) - 1);
  const old = lastDataDay !== null && lastDataDay < yesterday;
  const to = old ? lastDataDay : today;
  const from = since && since <= to ? since : previousBusinessDay(to);
  return { from, to, anchor: old ? 'data' : 'today' };
}

/**
 * How many days of the period have passed: all of them when it ends on the data's last day, but
 * when it ends today only the hours of today gone by count (in the installation's zone). The
 * "usual" is scaled by it: a whole day's usual against this morning's tickets would put every
 * topic below its usual level by lunchtime.
 */
export function elapsedPeriodDays(period: StandupPeriod, nowMs: number, timeZone: string): number {
  const days = isoToDayIndex(period.to) - isoToDayIndex(period.from) + 1;
  if (period.anchor !== 'today') return days;
  const todayStart = localDayStart(period.to, timeZone).getTime();
  const fraction = Math.min(1, Math.max(0, (nowMs - todayStart) / DAY_MS));
  return days - 1 + fraction;
}

export interface NewTopicRow {
  id: TopicId;
  label: string;
  firstSeen: string;
  /** Tickets in the period. */
  tickets: number;
}

/** Topics first seen in the period, with their tickets in it. */
export async function listNewTopics(db: Db, period: DayRange): Promise<NewTopicRow[]> {
  const d = dailyTopicCounts;
  const periodTickets = sql<number>`coalesce((select sum(${d.tickets}) from ${d}
    where ${d.topicId} = ${topics.id} and ${d.day} between ${period.from} and ${period.to}), 0)::int`.as('tickets');
  return db
    .select({ id: sql<TopicId>`${topics.id}`, label: topics.label, firstSeen: sql<string>`to_char(${topics.firstSeen}, 'YYYY-MM-DD')`, tickets: periodTickets })
    .from(topics)
    .where(and(eq(topics.status, 'active'), between(topics.firstSeen, period.from, period.to)))
    .orderBy(desc(periodTickets), topics.id);
}

export interface TopicMovementRow {
  id: TopicId;
  label: string;
  /** Tickets in the period. */
  recent: number;
  /** Tickets in the `baselineDays` before the period. */
  baseline: number;
  /** The baseline's daily average × the period's days passed (elapsedPeriodDays). */
  expected: number;
}

/** The standup's "usual": a topic's daily average over this many days before the period. */
export const STANDUP_BASELINE_DAYS = 28;

/**
 * Every topic's tickets in the period and in the `baselineDays` days before it (topics with none
 * in either are left out). `days`: the period's days that have passed (elapsedPeriodDays), by
 * default all of them.
 */
export async function listTopicMovement(db: Db, period: DayRange, baselineDays = STANDUP_BASELINE_DAYS, days = isoToDayIndex(period.to) - isoToDayIndex(period.from) + 1): Promise<TopicMovementRow[]> {
  const baseFrom = dayIndexToIso(isoToDayIndex(period.from) - baselineDays);
  const baseTo = dayIndexToIso(isoToDayIndex(period.from) - 1);
  const d = dailyTopicCounts;
  const ticketsBetween = (from: string, to: string) => sql<number>`coalesce(sum(${d.tickets}) filter (where ${d.day} between ${from} and ${to}), 0)::int`;
  const x = db
    .select({ topicId: d.topicId, recent: ticketsBetween(period.from, period.to).as('recent'), baseline: ticketsBetween(baseFrom, baseTo).as('baseline') })
    .from(d)
    .where(and(between(d.day, baseFrom, period.to), rollupHasTopic(sql`${d.topicId}`)))
    .groupBy(d.topicId)
    .as('x');
  return db
    .select({
      id: sql<TopicId>`${topics.id}`,
      label: topics.label,
      recent: x.recent,
      baseline: x.baseline,
      expected: sql<number>`(${x.baseline}::float8 / ${baselineDays}) * ${days}`,
    })
    .from(x)
    .innerJoin(topics, eq(topics.id, x.topicId))
    .where(eq(topics.status, 'active'));
}

export interface Movers {
  up: TopicMovementRow[];
  down: TopicMovementRow[];
}

/**
 * Topics clearly above or below their usual level: at least `minChange` tickets away from
 * expected and at least ×1.5 (or below ×0.5). Descriptive, not a test — day-level jumps that
 * are statistically clear are reported as spikes. Ordered by (recent − expected)/√(expected + 1),
 * a Poisson-scaled distance, so a jump from 1 to 4 does not outrank one from 20 to 45.
 */
export function pickMovers(rows: readonly TopicMovementRow[], minChange = 3, limit = 6): Movers {
  const scaled = (r: TopicMovementRow) => (r.recent - r.expected) / Math.sqrt(r.expected + 1);
  const up = rows
    .filter((r) => r.recent - r.expected >= minChange && r.recent >= 1.5 * r.expected)
    .sort((a, b) => scaled(b) - scaled(a) || a.id.localeCompare(b.id))
    .slice(0, limit);
  const down = rows
    .filter((r) => r.expected - r.recent >= minChange && r.recent <= 0.5 * r.expected)
    .sort((a, b) => scaled(a) - scaled(b) || a.id.localeCompare(b.id))
    .slice(0, limit);
  return { up, down };
}

/**
 * Tags that say a ticket is with engineering. Together with the escalated flag and statuses such
 * as "on hold" / "waiting on engineering" they define "waiting on engineering" (see the page).
 */
export const ENGINEERING_TAGS = ['engineering', 'eng', 'jira', 'bug', 'dev', 'development', 'escalated', 'tier3', 'tier-3', 'l3'] as const;

/** The "waiting on engineering" condition on tickets under `alias` (shared with the tickets list's status filter). */
export function waitingOnEngineeringCondition(alias = 't'): SQL {
  const col = (name: string) => sql.raw(`${alias}.${name}`);
  return sql`(${col('status_category')} in ('new', 'open', 'pending')
    and (${col('escalated')} or ${col('tags')} && ${`{${ENGINEERING_TAGS.join(',')}}`}::text[] or ${col('status')} ~* '(hold|engineer|jira|develop)'))`;
}

export interface WaitingTicketRow {
  id: number;
  externalId: string;
  created: string;
  status: string | null;
  priority: string | null;
  topicId: TopicId | null;
  topic: string | null;
  subject: string | null;
  /** Whole days since the ticket was created. */
  ageDays: number;
  /** All tickets matching (the list is limited). */
  total: number;
}

/**
 * Unresolved tickets waiting on engineering: escalated, tagged for engineering (ENGINEERING_TAGS)
 * or in a status naming engineering, a hold or Jira — urgent first, then oldest; at most `limit`.
 */
export async function listWaitingOnEngineering(
  db: Db,
  options: { limit: number; includeText: boolean; timeZone: string; asOf: Date },
): Promise<WaitingTicketRow[]> {
  // Aliased "t": the condition is shared with the tickets list, whose query names it so.
  const t = alias(tickets, 't');
  return db
    .select({
      id: t.id,
      externalId: t.externalId,
      created: sql<string>`to_char(${t.createdAt} at time zone ${options.timeZone}, 'YYYY-MM-DD')`,
      status: t.status,
      priority: t.priority,
      topicId: sql<TopicId | null>`${t.topicId}`,
      topic: topics.label,
      subject: options.includeText ? t.subject : sql<string | null>`null`,
      ageDays: sql<number>`floor(extract(epoch from (${options.asOf.toISOString()}::timestamptz - ${t.createdAt})) / 86400)::int`,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(t)
    .leftJoin(topics, eq(topics.id, t.topicId))
    .where(waitingOnEngineeringCondition('t'))
    .orderBy(sql`case ${t.priority} when 'urgent' then 0 when 'high' then 1 else 2 end`, t.createdAt)
    .limit(options.limit);
}
