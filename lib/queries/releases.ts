/**
 * Release impact as the last analysis stored it: one frame per release (windows, ambiguity) and
 * its regressions, improvements and new topics with their test results (lib/analysis/release-impact.ts).
 */
import { and, between, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { dailyTopicCounts } from '@/db/schema';
import type { ReleaseImpact } from '@/lib/analysis/release-impact';
import { zeroFill, type CountPoint } from './zero-fill';
import type { FindingKind } from '@/db/enums';
import type { StoredCoinciding } from '@/db/schema';
import type { TopicId } from '@/lib/topic-id';

export type { FindingKind };

/**
 * A release with the stored summary of its impact analysis (lib/analysis/release-impact.ts):
 * the findings as counts, the release's notes, and whether it was analysed at all.
 */
export type ReleaseSummaryRow = Pick<
  ReleaseImpact,
  'version' | 'day' | 'ambiguous' | 'ambiguousWith' | 'beforeDaysObserved' | 'afterDaysObserved' | 'ticketsBefore' | 'ticketsAfter'
> & {
  id: number;
  notes: string | null;
  /** False when the release has no analysis (no tickets around it). */
  analysed: boolean;
  regressions: number;
  improvements: number;
  newTopics: number;
  /** Issue 14: the product, what it did in plain words (null before explanations), and how we know. */
  product: string | null;
  sentence: string | null;
  howWeKnow: string | null;
  fixedTickets: number | null;
  coinciding: StoredCoinciding[];
};

const releaseColumns = (timeZone: string) => sql`r.id, r.version,
  coalesce(to_char(a.day, 'YYYY-MM-DD'), to_char(r.released_at at time zone ${timeZone}, 'YYYY-MM-DD')) as day,
  r.notes, a.release_id is not null as analysed, coalesce(a.ambiguous, false) as ambiguous,
  coalesce(a.ambiguous_with, '{}') as "ambiguousWith", coalesce(a.before_days_observed, 0) as "beforeDaysObserved",
  coalesce(a.after_days_observed, 0) as "afterDaysObserved", coalesce(a.tickets_before, 0) as "ticketsBefore",
  coalesce(a.tickets_after, 0) as "ticketsAfter", coalesce(a.product, r.product) as product, a.sentence,
  a.how_we_know as "howWeKnow", a.fixed_tickets as "fixedTickets", coalesce(a.coinciding, '[]'::jsonb) as coinciding,
  (select count(*)::int from release_findings f where f.release_id = r.id and f.kind = 'regression') as regressions,
  (select count(*)::int from release_findings f where f.release_id = r.id and f.kind = 'improvement') as improvements,
  (select count(*)::int from release_findings f where f.release_id = r.id and f.kind = 'new_topic') as "newTopics"`;

/** Every release, newest first, with its analysis frame and how many findings of each kind. */
export async function listReleases(db: Db, timeZone: string): Promise<ReleaseSummaryRow[]> {
  return queryRows<ReleaseSummaryRow>(
    db,
    sql`select ${releaseColumns(timeZone)} from releases r left join release_analyses a on a.release_id = r.id order by r.released_at desc`,
  );
}

/** One release by version, or null. */
export async function getRelease(db: Db, version: string, timeZone: string): Promise<ReleaseSummaryRow | null> {
  const [row] = await queryRows<ReleaseSummaryRow>(
    db,
    sql`select ${releaseColumns(timeZone)} from releases r left join release_analyses a on a.release_id = r.id where r.version = ${version}`,
  );
  return row ?? null;
}

/** The newest release the analysis looked at (the one standup and the overview report on), or null. */
export async function getLatestRelease(db: Db): Promise<ReleaseSummaryRow | null> {
  const [row] = await queryRows<ReleaseSummaryRow>(
    db,
    sql`select ${releaseColumns('UTC')} from releases r join release_analyses a on a.release_id = r.id order by r.released_at desc limit 1`,
  );
  return row ?? null;
}

export interface ReleaseFindingRow {
  id: number;
  releaseId: number;
  version: string;
  releaseDay: string;
  kind: FindingKind;
  topicId: TopicId;
  label: string;
  rateRatio: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number;
  qValue: number;
  before: number | null;
  after: number | null;
  firstSeen: string | null;
  method: string | null;
  attribution: string;
  evidence: string;
  /** The plain sentence (issue 14); null before explanations. */
  sentence: string | null;
  beforePerDay: number | null;
  afterPerDay: number | null;
}

const FINDING_COLUMNS = sql`f.id, f.release_id as "releaseId", r.version, to_char(a.day, 'YYYY-MM-DD') as "releaseDay", f.kind,
  f.topic_id as "topicId", coalesce(tp.label, f.topic_id) as label, f.rate_ratio as "rateRatio", f.ci_low as "ciLow",
  f.ci_high as "ciHigh", f.p_value as "pValue", f.q_value as "qValue", f.before, f.after,
  to_char(f.first_seen, 'YYYY-MM-DD') as "firstSeen", f.method, f.attribution, f.evidence,
  f.sentence, f.before_per_day as "beforePerDay", f.after_per_day as "afterPerDay"`;
const FINDING_FROM = sql`release_findings f join releases r on r.id = f.release_id
  join release_analyses a on a.release_id = f.release_id left join topics tp on tp.id = f.topic_id`;
const KIND_ORDER = sql`case f.kind when 'regression' then 0 when 'new_topic' then 1 else 2 end`;

/** Findings of the given releases (all releases when `releaseIds` is absent), strongest evidence first. */
export async function listReleaseFindings(db: Db, releaseIds?: readonly number[]): Promise<ReleaseFindingRow[]> {
  const which = releaseIds ? sql`f.release_id in (select value::int from json_array_elements_text(${JSON.stringify(releaseIds)}::json))` : sql`true`;
  return queryRows<ReleaseFindingRow>(
    db,
    sql`select ${FINDING_COLUMNS} from ${FINDING_FROM} where ${which} order by r.released_at desc, ${KIND_ORDER}, f.q_value, f.topic_id`,
  );
}

/** Every release finding about one topic, newest release first. */
export async function listTopicReleaseFindings(db: Db, topicId: string): Promise<ReleaseFindingRow[]> {
  return queryRows<ReleaseFindingRow>(
    db,
    sql`select ${FINDING_COLUMNS} from ${FINDING_FROM} where f.topic_id = ${topicId} order by r.released_at desc, ${KIND_ORDER}`,
  );
}

export interface TopicDailySeries {
  topicId: TopicId;
  points: CountPoint[];
}

/** Daily tickets of each topic over a range of local days (the before/after windows of a release), zero-filled. */
export async function listTopicDailyCounts(
  db: Db,
  topicIds: readonly TopicId[],
  range: { from: string; to: string },
): Promise<TopicDailySeries[]> {
  if (topicIds.length === 0) return [];
  const d = dailyTopicCounts;
  const rows = await db
    .select({ topicId: d.topicId, period: sql<string>`to_char(${d.day}, 'YYYY-MM-DD')`, tickets: d.tickets })
    .from(d)
    .where(
      and(
        sql`${d.topicId} in (select value from json_array_elements_text(${JSON.stringify(topicIds)}::json))`,
        between(d.day, range.from, range.to),
      ),
    );
  return topicIds.map((topicId) => ({
    topicId,
    points: zeroFill(
      rows.filter((r) => r.topicId === topicId),
      range,
      'day',
    ),
  }));
}
