/**
 * Release impact as the last analysis stored it: one frame per release (windows, ambiguity) and
 * its regressions, improvements and new topics with their test results (lib/analysis/release-impact.ts).
 */
import { and, between, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { dailyTopicCounts, releaseAnalyses, releaseFindings, releases, topics } from '@/db/schema';
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

/** What ReleaseSummaryRow reads: a release, its analysis (left-joined: null before one) and its findings counted by kind. */
function releaseSummaryColumns(timeZone: string) {
  const r = releases;
  const a = releaseAnalyses;
  const f = releaseFindings;
  const findings = (kind: FindingKind) => sql<number>`(select count(*)::int from ${f} where ${f.releaseId} = ${r.id} and ${f.kind} = ${kind})`;
  return {
    id: r.id,
    version: r.version,
    day: sql<string>`coalesce(to_char(${a.day}, 'YYYY-MM-DD'), to_char(${r.releasedAt} at time zone ${timeZone}, 'YYYY-MM-DD'))`,
    notes: r.notes,
    analysed: sql<boolean>`${a.releaseId} is not null`,
    ambiguous: sql<boolean>`coalesce(${a.ambiguous}, false)`,
    ambiguousWith: sql<string[]>`coalesce(${a.ambiguousWith}, '{}')`,
    beforeDaysObserved: sql<number>`coalesce(${a.beforeDaysObserved}, 0)`,
    afterDaysObserved: sql<number>`coalesce(${a.afterDaysObserved}, 0)`,
    ticketsBefore: sql<number>`coalesce(${a.ticketsBefore}, 0)`,
    ticketsAfter: sql<number>`coalesce(${a.ticketsAfter}, 0)`,
    product: sql<string | null>`coalesce(${a.product}, ${r.product})`,
    sentence: a.sentence,
    howWeKnow: a.howWeKnow,
    fixedTickets: a.fixedTickets,
    coinciding: sql<StoredCoinciding[]>`coalesce(${a.coinciding}, '[]'::jsonb)`,
    regressions: findings('regression'),
    improvements: findings('improvement'),
    newTopics: findings('new_topic'),
  };
}

/** Every release, newest first, with its analysis frame and how many findings of each kind. */
export async function listReleases(db: Db, timeZone: string): Promise<ReleaseSummaryRow[]> {
  return db
    .select(releaseSummaryColumns(timeZone))
    .from(releases)
    .leftJoin(releaseAnalyses, eq(releaseAnalyses.releaseId, releases.id))
    .orderBy(desc(releases.releasedAt));
}

/** One release by version, or null. */
export async function getRelease(db: Db, version: string, timeZone: string): Promise<ReleaseSummaryRow | null> {
  const [row] = await db
    .select(releaseSummaryColumns(timeZone))
    .from(releases)
    .leftJoin(releaseAnalyses, eq(releaseAnalyses.releaseId, releases.id))
    .where(eq(releases.version, version));
  return row ?? null;
}

/** The newest release the analysis looked at (the one standup and the overview report on), or null. */
export async function getLatestRelease(db: Db): Promise<ReleaseSummaryRow | null> {
  const [row] = await db
    .select(releaseSummaryColumns('UTC'))
    .from(releases)
    .innerJoin(releaseAnalyses, eq(releaseAnalyses.releaseId, releases.id))
    .orderBy(desc(releases.releasedAt))
    .limit(1);
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

/** Release findings with their release, its analysed day and the topic's label (the topic id when it has none). */
function selectFindings(db: Db) {
  const f = releaseFindings;
  return db
    .select({
      id: f.id,
      releaseId: f.releaseId,
      version: releases.version,
      releaseDay: sql<string>`to_char(${releaseAnalyses.day}, 'YYYY-MM-DD')`,
      kind: f.kind,
      topicId: sql<TopicId>`${f.topicId}`,
      label: sql<string>`coalesce(${topics.label}, ${f.topicId})`,
      rateRatio: f.rateRatio,
      ciLow: f.ciLow,
      ciHigh: f.ciHigh,
      pValue: f.pValue,
      qValue: f.qValue,
      before: f.before,
      after: f.after,
      firstSeen: sql<string | null>`to_char(${f.firstSeen}, 'YYYY-MM-DD')`,
      method: f.method,
      attribution: f.attribution,
      evidence: f.evidence,
      sentence: f.sentence,
      beforePerDay: f.beforePerDay,
      afterPerDay: f.afterPerDay,
    })
    .from(f)
    .innerJoin(releases, eq(releases.id, f.releaseId))
    .innerJoin(releaseAnalyses, eq(releaseAnalyses.releaseId, f.releaseId))
    .leftJoin(topics, eq(topics.id, f.topicId));
}
const KIND_ORDER = sql`case ${releaseFindings.kind} when 'regression' then 0 when 'new_topic' then 1 else 2 end`;

/** Findings of the given releases (all releases when `releaseIds` is absent), strongest evidence first. */
export async function listReleaseFindings(db: Db, releaseIds?: readonly number[]): Promise<ReleaseFindingRow[]> {
  const f = releaseFindings;
  const which = releaseIds ? sql`${f.releaseId} in (select value::int from json_array_elements_text(${JSON.stringify(releaseIds)}::json))` : sql`true`;
  return selectFindings(db).where(which).orderBy(desc(releases.releasedAt), KIND_ORDER, f.qValue, f.topicId);
}

/** Every release finding about one topic, newest release first. */
export async function listTopicReleaseFindings(db: Db, topicId: string): Promise<ReleaseFindingRow[]> {
  return selectFindings(db).where(eq(releaseFindings.topicId, topicId)).orderBy(desc(releases.releasedAt), KIND_ORDER);
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
