import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { CsvColumn } from '@/lib/csv-export';

const columns = (...keys: string[]): CsvColumn[] => keys.map((key) => ({ key, header: key }));

export const TOPIC_EXPORT_COLUMNS = columns(
  'topic_id', 'label', 'label_locked', 'status', 'tickets', 'customers', 'first_seen', 'last_seen', 'keywords',
  'pain_rank', 'last_28d', 'prev_28d', 'trend', 'trend_rate_ratio', 'trend_p_value', 'median_hours_to_resolve', 'reopen_share',
  'theme_id', 'theme_label',
);

export async function exportTopicRows(db: Db): Promise<Record<string, unknown>[]> {
  const rows = await queryRows<Record<string, unknown> & { keywords: { text: string }[] }>(
    db,
    sql`select tp.id as topic_id, tp.label, tp.label_locked, tp.status, tp.tickets, tp.customers,
          to_char(tp.first_seen, 'YYYY-MM-DD') as first_seen, to_char(tp.last_seen, 'YYYY-MM-DD') as last_seen, tp.keywords,
          p.rank as pain_rank, p.recent as last_28d, p.previous as prev_28d, p.direction as trend,
          p.rate_ratio as trend_rate_ratio, p.trend_p_value, p.median_hours_to_resolve, p.reopen_share,
          tp.theme_id, th.label as theme_label
        from topics tp left join pain_points p on p.topic_id = tp.id left join themes th on th.id = tp.theme_id
        order by tp.status, tp.tickets desc, tp.id`,
  );
  return rows.map((r) => ({ ...r, keywords: r.keywords.slice(0, 10).map((k) => k.text) }));
}

export const RELEASE_EXPORT_COLUMNS = columns(
  'version', 'date', 'ambiguous', 'ambiguous_with', 'tickets_before', 'tickets_after', 'finding', 'topic_id', 'topic_label',
  'rate_ratio', 'ci_low', 'ci_high', 'p_value', 'q_value', 'before', 'after', 'first_seen', 'attribution', 'evidence',
);

/** One row per release finding; a release without findings still gets one row (finding "none"). */
export async function exportReleaseRows(db: Db): Promise<Record<string, unknown>[]> {
  return queryRows(
    db,
    sql`select r.version, to_char(ra.day, 'YYYY-MM-DD') as date, ra.ambiguous, ra.ambiguous_with,
          ra.tickets_before, ra.tickets_after, coalesce(f.kind, 'none') as finding, f.topic_id, tp.label as topic_label,
          f.rate_ratio, f.ci_low, f.ci_high, f.p_value, f.q_value, f.before, f.after,
          to_char(f.first_seen, 'YYYY-MM-DD') as first_seen, f.attribution, f.evidence
        from releases r
        join release_analyses ra on ra.release_id = r.id
        left join release_findings f on f.release_id = r.id
        left join topics tp on tp.id = f.topic_id
        order by r.released_at, f.kind, f.topic_id`,
  );
}

export const SPIKE_EXPORT_COLUMNS = columns('date', 'topic_id', 'topic_label', 'count', 'expected', 'score', 'p_value', 'adjusted_p_value', 'method', 'evidence');

export async function exportSpikeRows(db: Db): Promise<Record<string, unknown>[]> {
  return queryRows(
    db,
    sql`select to_char(s.day, 'YYYY-MM-DD') as date, s.topic_id, coalesce(tp.label, 'all tickets') as topic_label, s.count,
          s.expected, s.score, s.p_value, s.adjusted_p_value, s.method, s.evidence
        from spikes s left join topics tp on tp.id = s.topic_id
        order by s.day, s.topic_id nulls first`,
  );
}

export const INTERMITTENT_EXPORT_COLUMNS = columns(
  'topic_id', 'topic_label', 'recurring', 'episodes', 'episode_starts', 'median_gap_days', 'gap_cv', 'burstiness',
  'regularity_p_value', 'next_expected', 'next_window_days', 'ongoing', 'overdue', 'fix_signature', 'fix_share', 'summary',
);

export async function exportIntermittentRows(db: Db): Promise<Record<string, unknown>[]> {
  const rows = await queryRows<Record<string, unknown> & { episodes: { start: string }[] }>(
    db,
    sql`select r.topic_id, tp.label as topic_label, r.recurring, r.episodes, r.median_gap_days, r.gap_cv, r.burstiness,
          r.regularity_p_value, to_char(r.next_expected, 'YYYY-MM-DD') as next_expected, r.next_window_days, r.ongoing,
          r.overdue, r.fix_signature, r.fix_share, r.summary
        from recurring_topics r left join topics tp on tp.id = r.topic_id
        order by r.recurring desc, jsonb_array_length(r.episodes) desc, r.topic_id`,
  );
  return rows.map((r) => ({ ...r, episodes: r.episodes.length, episode_starts: r.episodes.map((e) => e.start) }));
}
