/** Pain points as the last analysis ranked them (impact = reach × severity × trend, see lib/analysis/pain-points.ts). */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { TopicId } from '@/lib/topic-id';

export interface PainPointRow {
  topicId: TopicId;
  label: string;
  rank: number;
  impact: number;
  /** Tickets and distinct customers in the last 28 days of the analysis. */
  tickets: number;
  customers: number;
  medianHoursToResolve: number | null;
  reopenShare: number;
  recent: number;
  previous: number;
  rateRatio: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  trendPValue: number;
  trendQValue: number;
  direction: 'rising' | 'falling' | 'steady';
  summary: string;
}

const COLUMNS = sql`p.topic_id as "topicId", coalesce(tp.label, p.topic_id) as label, p.rank, p.impact, p.tickets, p.customers,
  p.median_hours_to_resolve as "medianHoursToResolve", p.reopen_share as "reopenShare", p.recent, p.previous,
  p.rate_ratio as "rateRatio", p.ci_low as "ciLow", p.ci_high as "ciHigh", p.trend_p_value as "trendPValue",
  p.trend_q_value as "trendQValue", p.direction, p.summary`;

/** The top `limit` pain points, highest impact first. */
export async function listPainPoints(db: Db, limit: number): Promise<PainPointRow[]> {
  return queryRows<PainPointRow>(
    db,
    sql`select ${COLUMNS} from pain_points p left join topics tp on tp.id = p.topic_id order by p.rank limit ${limit}`,
  );
}

/** One topic's pain-point row, or null when the last 28 days had none of its tickets. */
export async function getTopicPainPoint(db: Db, topicId: string): Promise<PainPointRow | null> {
  const [row] = await queryRows<PainPointRow>(
    db,
    sql`select ${COLUMNS} from pain_points p left join topics tp on tp.id = p.topic_id where p.topic_id = ${topicId}`,
  );
  return row ?? null;
}
