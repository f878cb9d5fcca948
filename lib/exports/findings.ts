import { desc, eq, sql, type Column } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { painPoints, recurringTopics, releaseAnalyses, releaseFindings, releases, spikes, themes, topics } from '@/db/schema';
import type { CsvColumn } from '@/lib/csv-export';

const columns = (...keys: string[]): CsvColumn[] => keys.map((key) => ({ key, header: key }));
/** A date column as the exports have always written it. */
const day = (column: Column) => sql<string | null>`to_char(${column}, 'YYYY-MM-DD')`;

export const TOPIC_EXPORT_COLUMNS = columns(
  'topic_id', 'label', 'label_locked', 'status', 'tickets', 'customers', 'first_seen', 'last_seen', 'keywords',
  'pain_rank', 'last_28d', 'prev_28d', 'trend', 'trend_rate_ratio', 'trend_p_value', 'median_hours_to_resolve', 'reopen_share',
  'theme_id', 'theme_label',
);

export async function exportTopicRows(db: Db): Promise<Record<string, unknown>[]> {
  const tp = topics;
  const p = painPoints;
  const rows = await db
    .select({
      topic_id: tp.id,
      label: tp.label,
      label_locked: tp.labelLocked,
      status: tp.status,
      tickets: tp.tickets,
      customers: tp.customers,
      first_seen: day(tp.firstSeen),
      last_seen: day(tp.lastSeen),
      keywords: tp.keywords,
      pain_rank: p.rank,
      last_28d: p.recent,
      prev_28d: p.previous,
      trend: p.direction,
      trend_rate_ratio: p.rateRatio,
      trend_p_value: p.trendPValue,
      median_hours_to_resolve: p.medianHoursToResolve,
      reopen_share: p.reopenShare,
      theme_id: tp.themeId,
      theme_label: themes.label,
    })
    .from(tp)
    .leftJoin(p, eq(p.topicId, tp.id))
    .leftJoin(themes, eq(themes.id, tp.themeId))
    .orderBy(tp.status, desc(tp.tickets), tp.id);
  return rows.map((r) => ({ ...r, keywords: r.keywords.slice(0, 10).map((k) => k.text) }));
}

export const RELEASE_EXPORT_COLUMNS = columns(
  'version', 'date', 'ambiguous', 'ambiguous_with', 'tickets_before', 'tickets_after', 'finding', 'topic_id', 'topic_label',
  'rate_ratio', 'ci_low', 'ci_high', 'p_value', 'q_value', 'before', 'after', 'first_seen', 'attribution', 'evidence',
);

/** One row per release finding; a release without findings still gets one row (finding "none"). */
export async function exportReleaseRows(db: Db): Promise<Record<string, unknown>[]> {
  const r = releases;
  const ra = releaseAnalyses;
  const f = releaseFindings;
  return db
    .select({
      version: r.version,
      date: day(ra.day),
      ambiguous: ra.ambiguous,
      ambiguous_with: ra.ambiguousWith,
      tickets_before: ra.ticketsBefore,
      tickets_after: ra.ticketsAfter,
      finding: sql<string>`coalesce(${f.kind}, 'none')`,
      topic_id: f.topicId,
      topic_label: topics.label,
      rate_ratio: f.rateRatio,
      ci_low: f.ciLow,
      ci_high: f.ciHigh,
      p_value: f.pValue,
      q_value: f.qValue,
      before: f.before,
      after: f.after,
      first_seen: day(f.firstSeen),
      attribution: f.attribution,
      evidence: f.evidence,
    })
    .from(r)
    .innerJoin(ra, eq(ra.releaseId, r.id))
    .leftJoin(f, eq(f.releaseId, r.id))
    .leftJoin(topics, eq(topics.id, f.topicId))
    .orderBy(r.releasedAt, f.kind, f.topicId);
}

export const SPIKE_EXPORT_COLUMNS = columns('date', 'topic_id', 'topic_label', 'count', 'expected', 'score', 'p_value', 'adjusted_p_value', 'method', 'evidence');

export async function exportSpikeRows(db: Db): Promise<Record<string, unknown>[]> {
  const s = spikes;
  return db
    .select({
      date: day(s.day),
      topic_id: s.topicId,
      topic_label: sql<string>`coalesce(${topics.label}, 'all tickets')`,
      count: s.count,
      expected: s.expected,
      score: s.score,
      p_value: s.pValue,
      adjusted_p_value: s.adjustedPValue,
      method: s.method,
      evidence: s.evidence,
    })
    .from(s)
    .leftJoin(topics, eq(topics.id, s.topicId))
    .orderBy(s.day, sql`${s.topicId} nulls first`);
}

export const INTERMITTENT_EXPORT_COLUMNS = columns(
  'topic_id', 'topic_label', 'recurring', 'episodes', 'episode_starts', 'median_gap_days', 'gap_cv', 'burstiness',
  'regularity_p_value', 'next_expected', 'next_window_days', 'ongoing', 'overdue', 'fix_signature', 'fix_share', 'summary',
);

export async function exportIntermittentRows(db: Db): Promise<Record<string, unknown>[]> {
  const r = recurringTopics;
  const rows = await db
    .select({
      topic_id: r.topicId,
      topic_label: topics.label,
      recurring: r.recurring,
      episodes: r.episodes,
      median_gap_days: r.medianGapDays,
      gap_cv: r.gapCv,
      burstiness: r.burstiness,
      regularity_p_value: r.regularityPValue,
      next_expected: day(r.nextExpected),
      next_window_days: r.nextWindowDays,
      ongoing: r.ongoing,
      overdue: r.overdue,
      fix_signature: r.fixSignature,
      fix_share: r.fixShare,
      summary: r.summary,
    })
    .from(r)
    .leftJoin(topics, eq(topics.id, r.topicId))
    .orderBy(desc(r.recurring), sql`jsonb_array_length(${r.episodes}) desc`, r.topicId);
  return rows.map((row) => ({ ...row, episodes: row.episodes.length, episode_starts: row.episodes.map((e) => e.start) }));
}
