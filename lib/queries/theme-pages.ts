/**
 * Theme reads that only the pages need (the stable theme reads are in themes.ts): the words a
 * topic search matches, one theme's detail, and pain points at theme level.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { rankPainPoints, type PainPoint, type PainPointTicket } from '@/lib/analysis/pain-points';
import { DAY_MS } from '@/lib/time';
import { asTopicId, type ThemeId, type TopicId } from '@/lib/topic-id';
import { getAnalysisWindows } from './analysis-windows';

/** What a typed topic search may match besides the label: the topic's keywords and its theme's name. */
export interface TopicSearchTerms {
  keywords: string[];
  themeId: ThemeId | null;
  themeLabel: string | null;
}

/** Keywords and theme name of every active topic (for the Topics table's search). */
export async function listTopicSearchTerms(db: Db): Promise<Map<TopicId, TopicSearchTerms>> {
  const rows = await queryRows<{ id: string; keywords: { text: string }[]; themeId: ThemeId | null; themeLabel: string | null }>(
    db,
    sql`select tp.id, tp.keywords, th.id as "themeId", th.label as "themeLabel"
        from topics tp left join themes th on th.id = tp.theme_id where tp.status = 'active'`,
  );
  return new Map(rows.map((r) => [asTopicId(r.id), { keywords: r.keywords.map((k) => k.text), themeId: r.themeId, themeLabel: r.themeLabel }]));
}

export interface ThemeDetail {
  id: ThemeId;
  label: string;
  labelLocked: boolean;
  status: 'active' | 'retired';
  keywords: string[];
  tickets: number;
  customers: number;
  /** Member topics (active first, then most tickets), with the analysis' all-time counts. */
  topics: { id: TopicId; label: string; status: string; tickets: number; customers: number; keywords: string[] }[];
}

/** One theme with its topics, or null when no theme has this id. */
export async function getThemeDetail(db: Db, themeId: string): Promise<ThemeDetail | null> {
  const [theme] = await queryRows<{ id: ThemeId; label: string; labelLocked: boolean; status: 'active' | 'retired'; keywords: { text: string }[]; tickets: number; customers: number }>(
    db,
    sql`select id, label, label_locked as "labelLocked", status, keywords, tickets, customers from themes where id = ${themeId}`,
  );
  if (!theme) return null;
  const members = await queryRows<{ id: string; label: string; status: string; tickets: number; customers: number; keywords: { text: string }[] }>(
    db,
    sql`select id, label, status, tickets, customers, keywords from topics where theme_id = ${themeId}
        order by status = 'active' desc, tickets desc, id`,
  );
  return {
    ...theme,
    keywords: theme.keywords.map((k) => k.text),
    topics: members.map((m) => ({ ...m, id: asTopicId(m.id), keywords: m.keywords.map((k) => k.text) })),
  };
}

export interface ThemePainPoint extends Omit<PainPoint, 'topicId'> {
  themeId: ThemeId;
  label: string;
  /** The window's last moment (epoch ms): the last analysis' "now". */
  asOf: number;
  windowDays: number;
}

/**
 * Pain points at theme level: the same ranking as the stored topic pain points
 * (lib/analysis/pain-points.ts: reach × severity × trend, exact Poisson rate test with
 * Benjamini–Hochberg across themes) run on each ticket's theme, over the windows of the last
 * analysis (its `as_of` and pain-point window). Computed on read: a theme's customers are
 * distinct over its tickets, which the topics' stored counts cannot sum to.
 */
export async function listThemePainPoints(db: Db, limit: number): Promise<ThemePainPoint[]> {
  const [{ painPointDays }, [run]] = await Promise.all([
    getAnalysisWindows(db),
    queryRows<{ asOf: number | null }>(db, sql`select (extract(epoch from as_of) * 1000)::float8 as "asOf" from analysis_runs where status = 'succeeded' and as_of is not null order by id desc limit 1`),
  ]);
  if (!run?.asOf) return [];
  const asOf = Number(run.asOf);
  const since = new Date(asOf - 2 * painPointDays * DAY_MS).toISOString();
  const until = new Date(asOf).toISOString();
  const rows = await queryRows<{ created: number; resolved: number | null; themeId: ThemeId; customer: string | null; reopened: boolean }>(
    db,
    sql`select (extract(epoch from t.created_at) * 1000)::float8 as created,
               (extract(epoch from t.resolved_at) * 1000)::float8 as resolved,
               tp.theme_id as "themeId", t.customer_id::text as customer, t.reopened
        from tickets t join topics tp on tp.id = t.topic_id
        where tp.theme_id is not null and t.created_at > ${since}::timestamptz and t.created_at <= ${until}::timestamptz`,
  );
  // rankPainPoints groups by the `topicId` key; a theme id takes its place here.
  const tickets: PainPointTicket[] = rows.map((r) => ({
    createdAt: Number(r.created),
    resolvedAt: r.resolved === null ? null : Number(r.resolved),
    topicId: r.themeId as unknown as TopicId,
    customer: r.customer,
    reopened: r.reopened,
  }));
  const ranked = rankPainPoints(tickets, { asOf, windowDays: painPointDays }).slice(0, limit);
  const labels = new Map(
    (await queryRows<{ id: ThemeId; label: string }>(db, sql`select id, label from themes`)).map((t) => [t.id, t.label]),
  );
  return ranked.map(({ topicId, ...p }) => {
    const themeId = topicId as unknown as ThemeId;
    return { ...p, themeId, label: labels.get(themeId) ?? themeId, asOf, windowDays: painPointDays };
  });
}
