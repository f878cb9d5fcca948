/**
 * Themes (groups of topics about one problem area) as the analysis stored them: read-only.
 *
 * Stable exports (pages build on these; keep names and shapes):
 *  - `listThemes(db, filters, range, timeZone): Promise<ThemeListRow[]>` — active themes with
 *    tickets matching the filters in the range, most tickets first; each with its member topics,
 *    keywords, all-time tickets and customers, and the tickets of the last `windowDays` days
 *    (`last28d`) and the same span before (`prev28d`), ending at the range's last day. The span
 *    is the pain-point window the last analysis used (getAnalysisWindows), 28 days by default.
 *  - `getThemeOfTopics(db, topicIds): Promise<Map<TopicId, ThemeRef>>` — the theme of each topic
 *    (retired topics keep their last theme), for findings and tables that store topic ids.
 *  - `listThemeRefs(db): Promise<ThemeRef[]>` — every active theme's id and label, largest first
 *    (filters, pickers).
 *  - `listThemeReleaseFindings(db, releaseIds?): Promise<ThemeReleaseFindingRow[]>` — release
 *    findings at theme level (the release test on each theme's tickets), strongest first.
 *
 * Counts come from the same per-topic query as the Topics table (listTopicRows: rollups unless
 * a filter needs the tickets), summed per theme, so a theme's tickets are exactly its topics'.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { releases, themeReleaseFindings, themes } from '@/db/schema';
import type { Filters } from '@/lib/filters';
import { dayIndexToIso, isoToDayIndex, type DayRange } from '@/lib/time';
import { asTopicId, compareTopicIds, type ThemeId, type TopicId } from '@/lib/topic-id';
import { getAnalysisWindows } from './analysis-windows';
import { listTopicRows } from './topics';

export interface ThemeRef {
  id: ThemeId;
  label: string;
}

export interface ThemeListRow extends ThemeRef {
  labelLocked: boolean;
  /** The member topics' keywords (words as shown), weighted by topic size, strongest first. */
  keywords: string[];
  /** Active member topics, most tickets in the range first (then id). */
  topicIds: TopicId[];
  /** Tickets in the range matching the filters. */
  tickets: number;
  /** All tickets of the theme's topics (the analysis' count). */
  ticketsAllTime: number;
  /** Distinct customers over all time (the analysis' count). */
  customers: number;
  /** Tickets matching the filters in the last `windowDays` days up to the range's end. */
  last28d: number;
  /** The same, in the `windowDays` days before those. */
  prev28d: number;
  /** Length of each window in days (the analysis' pain-point window). */
  windowDays: number;
}

interface ThemeRow {
  id: ThemeId;
  label: string;
  labelLocked: boolean;
  keywords: { text: string }[];
  ticketsAllTime: number;
  customers: number;
}

/** Active themes with tickets matching the filters in `range`, most tickets first (ties: id). */
export async function listThemes(db: Db, filters: Filters, range: DayRange, timeZone: string): Promise<ThemeListRow[]> {
  const { painPointDays } = await getAnalysisWindows(db);
  const end = isoToDayIndex(range.to);
  const recent: DayRange = { from: dayIndexToIso(end - painPointDays + 1), to: range.to };
  const previous: DayRange = { from: dayIndexToIso(end - 2 * painPointDays + 1), to: dayIndexToIso(end - painPointDays) };
  // The windows count what the filters select, except their dates (the range sets the end).
  const undated: Filters = { ...filters, from: undefined, to: undefined };
  const [inRange, inRecent, inPrevious, themes, membership] = await Promise.all([
    listTopicRows(db, filters, range, timeZone),
    listTopicRows(db, undated, recent, timeZone),
    listTopicRows(db, undated, previous, timeZone),
    queryRows<ThemeRow>(
      db,
      sql`select id, label, label_locked as "labelLocked", keywords, tickets as "ticketsAllTime", customers
          from themes where status = 'active'`,
    ),
    queryRows<{ topicId: string; themeId: ThemeId }>(
      db,
      sql`select id as "topicId", theme_id as "themeId" from topics where status = 'active' and theme_id is not null`,
    ),
  ]);
  const themeOf = new Map(membership.map((m) => [m.topicId, m.themeId]));
  const sumBy = (rows: readonly { id: TopicId; tickets: number }[]) => {
    const sums = new Map<ThemeId, number>();
    for (const r of rows) {
      const theme = themeOf.get(r.id);
      if (theme) sums.set(theme, (sums.get(theme) ?? 0) + r.tickets);
    }
    return sums;
  };
  const tickets = sumBy(inRange);
  const last = sumBy(inRecent);
  const prev = sumBy(inPrevious);
  const topicTickets = new Map(inRange.map((r) => [r.id as string, r.tickets]));
  const topicsOf = new Map<ThemeId, TopicId[]>();
  for (const m of membership) {
    const list = topicsOf.get(m.themeId) ?? [];
    list.push(asTopicId(m.topicId));
    topicsOf.set(m.themeId, list);
  }
  return themes
    .filter((t) => (tickets.get(t.id) ?? 0) > 0)
    .map((t) => ({
      id: t.id,
      label: t.label,
      labelLocked: t.labelLocked,
      keywords: t.keywords.map((k) => k.text),
      topicIds: (topicsOf.get(t.id) ?? []).sort((a, b) => (topicTickets.get(b) ?? 0) - (topicTickets.get(a) ?? 0) || compareTopicIds(a, b)),
      tickets: tickets.get(t.id) ?? 0,
      ticketsAllTime: t.ticketsAllTime,
      customers: t.customers,
      last28d: last.get(t.id) ?? 0,
      prev28d: prev.get(t.id) ?? 0,
      windowDays: painPointDays,
    }))
    .sort((a, b) => b.tickets - a.tickets || compareThemeIds(a.id, b.id));
}

/** The theme of each listed topic that has one (any status: a retired topic keeps its last theme). */
export async function getThemeOfTopics(db: Db, topicIds: readonly string[]): Promise<Map<TopicId, ThemeRef>> {
  if (topicIds.length === 0) return new Map();
  const rows = await queryRows<{ topicId: TopicId; id: ThemeId; label: string }>(
    db,
    sql`select tp.id as "topicId", th.id, th.label from topics tp join themes th on th.id = tp.theme_id
        where tp.id in (select value from json_array_elements_text(${JSON.stringify([...new Set(topicIds)])}::json))`,
  );
  return new Map(rows.map((r) => [r.topicId, { id: r.id, label: r.label }]));
}

/** Every active theme's id and label, most tickets first. */
export async function listThemeRefs(db: Db): Promise<ThemeRef[]> {
  return queryRows<ThemeRef>(db, sql`select id, label from themes where status = 'active' order by tickets desc, id`);
}

/** Numeric order of theme ids (th2 before th10). */
export function compareThemeIds(a: ThemeId, b: ThemeId): number {
  return Number(a.slice(2)) - Number(b.slice(2));
}

/**
 * A release finding at theme level with its release and theme label; the columns are the
 * table's (db/schema.ts). `topicIds`: member topics with a topic-level finding of the same kind.
 */
export type ThemeReleaseFindingRow = Awaited<ReturnType<typeof selectThemeReleaseFindings>>[number];

function selectThemeReleaseFindings(db: Db) {
  return db
    .select({
      id: themeReleaseFindings.id,
      releaseId: themeReleaseFindings.releaseId,
      version: releases.version,
      kind: themeReleaseFindings.kind,
      themeId: sql<ThemeId>`${themeReleaseFindings.themeId}`,
      label: themes.label,
      topicIds: sql<TopicId[]>`${themeReleaseFindings.topicIds}`,
      rateRatio: themeReleaseFindings.rateRatio,
      ciLow: themeReleaseFindings.ciLow,
      ciHigh: themeReleaseFindings.ciHigh,
      pValue: themeReleaseFindings.pValue,
      qValue: themeReleaseFindings.qValue,
      before: themeReleaseFindings.before,
      after: themeReleaseFindings.after,
      beforePerDay: themeReleaseFindings.beforePerDay,
      afterPerDay: themeReleaseFindings.afterPerDay,
      attribution: themeReleaseFindings.attribution,
      evidence: themeReleaseFindings.evidence,
      sentence: themeReleaseFindings.sentence,
    })
    .from(themeReleaseFindings)
    .innerJoin(themes, eq(themes.id, themeReleaseFindings.themeId))
    .innerJoin(releases, eq(releases.id, themeReleaseFindings.releaseId));
}

/** Release findings at theme level (of the listed releases, or all), strongest evidence first. */
export async function listThemeReleaseFindings(db: Db, releaseIds?: readonly number[]): Promise<ThemeReleaseFindingRow[]> {
  if (releaseIds && releaseIds.length === 0) return [];
  const query = selectThemeReleaseFindings(db);
  return (releaseIds ? query.where(inArray(themeReleaseFindings.releaseId, [...releaseIds])) : query).orderBy(
    asc(themeReleaseFindings.qValue),
    asc(themeReleaseFindings.id),
  );
}
