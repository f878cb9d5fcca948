/**
 * The planning report, assembled from what `analyze` stored (rollups and findings) — never by
 * re-running statistics — so the CLI, the JSON endpoint and the pages agree.
 */
import { asc, between, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { timestampParam } from '@/db/sql-values';
import { painPoints, recurringTopics, releaseAnalyses, releaseFindings, releases, spikes, topics, dailyTopicCounts, tickets, themeReleaseFindings, themes } from '@/db/schema';
import { getServiceMetrics } from './service-metrics';
import { reportSchema, type PlanningReport, type ReportRelease, type ReportTheme } from '@/lib/report/schema';
import { teamLoadToJson } from '@/lib/analysis/team';
import { dayIndexToIso, isoToDayIndex, localDayStart } from '@/lib/time';
import { getDataRange } from './data-range';
import { clampToData } from './filter-sql';
import { getTeamLoad } from './team';

export interface ReportRequest {
  /** First and last local day (YYYY-MM-DD); default: all data. */
  from?: string;
  to?: string;
  timeZone: string;
  /** Individual team-load rows (see lib/auth/viewer.ts canSeeIndividuals). */
  includeIndividuals: boolean;
}

export async function getPlanningReport(db: Db, request: ReportRequest): Promise<PlanningReport> {
  const known = await getDataRange(db);
  // Dates past the data select the same tickets as the data's own bounds (clampToData).
  const asked = clampToData({ from: request.from, to: request.to }, known);
  const from = asked.from ?? known?.from ?? new Date().toISOString().slice(0, 10);
  const to = asked.to ?? known?.to ?? from;
  const start = timestampParam(localDayStart(from, request.timeZone));
  const end = timestampParam(localDayStart(dayIndexToIso(isoToDayIndex(to) + 1), request.timeZone));
  const toDay = isoToDayIndex(to);
  const recentFrom = dayIndexToIso(toDay - 27);
  const previousFrom = dayIndexToIso(toDay - 55);
  const previousTo = dayIndexToIso(toDay - 28);

  // The whole data range (the default) is answered from what analysis stored; a narrower range
  // counts distinct customers and agents over its tickets (through the created_at index).
  const whole = known !== null && from <= known.from && to >= known.to;
  const [totals] = whole
    ? await queryRows<{ tickets: number; agents: number; customers: number }>(
        db,
        sql`select (select coalesce(sum(tickets), 0)::int from daily_topic_counts) as tickets,
                   (select count(*)::int from agents) as agents,
                   (select count(*)::int from customers) as customers`,
      )
    : await db
        .select({
          tickets: sql<number>`count(*)::int`,
          agents: sql<number>`count(distinct ${tickets.assigneeId})::int`,
          customers: sql<number>`count(distinct ${tickets.customerId})::int`,
        })
        .from(tickets)
        .where(sql`${tickets.createdAt} >= ${start} and ${tickets.createdAt} < ${end}`);
  const d = dailyTopicCounts;
  const ticketsBetween = (first: string, last: string) => sql<number>`coalesce(sum(${d.tickets}) filter (where ${d.day} between ${first} and ${last}), 0)::int`;
  const inRange = ticketsBetween(from, to).as('tickets');
  const topicRows = await db
    .select({
      id: topics.id,
      label: topics.label,
      theme_id: topics.themeId,
      keywords: topics.keywords,
      first_seen: sql<string | null>`to_char(${topics.firstSeen}, 'YYYY-MM-DD')`,
      last_seen: sql<string | null>`to_char(${topics.lastSeen}, 'YYYY-MM-DD')`,
      tickets: inRange,
      last_28d: ticketsBetween(recentFrom, to),
      prev_28d: ticketsBetween(previousFrom, previousTo),
    })
    .from(topics)
    .innerJoin(d, eq(d.topicId, topics.id))
    .where(eq(topics.status, 'active'))
    .groupBy(topics.id)
    .having(sql`sum(${d.tickets}) filter (where ${d.day} between ${from} and ${to}) > 0`)
    .orderBy(desc(inRange), topics.id);
  const customersByTopic = new Map(
    (whole
      ? await db.select({ topic: topics.id, customers: topics.customers }).from(topics).where(eq(topics.status, 'active'))
      : await db
          .select({ topic: sql<string>`${tickets.topicId}`, customers: sql<number>`count(distinct ${tickets.customerId})::int` })
          .from(tickets)
          .where(sql`${tickets.createdAt} >= ${start} and ${tickets.createdAt} < ${end} and ${tickets.topicId} is not null`)
          .groupBy(tickets.topicId)
    ).map((r) => [r.topic, r.customers]),
  );
  const themesOut = await reportThemes(db, topicRows, whole ? null : { start, end });
  const labels = new Map(topicRows.map((t) => [t.id, t.label]));
  const labelOf = async (ids: string[]) => {
    const missing = ids.filter((id) => !labels.has(id));
    if (missing.length > 0) {
      for (const r of await db.select({ id: topics.id, label: topics.label }).from(topics).where(inArray(topics.id, missing))) {
        labels.set(r.id, r.label);
      }
    }
  };

  const spikeRows = await db.select().from(spikes).where(between(spikes.day, from, to)).orderBy(asc(spikes.day), asc(spikes.topicId));
  const recurrence = await db.select().from(recurringTopics).where(eq(recurringTopics.intermittent, true));
  const releaseRows = await db
    .select({ id: releases.id, version: releases.version, product: releases.product, analysis: releaseAnalyses })
    .from(releases)
    .innerJoin(releaseAnalyses, eq(releaseAnalyses.releaseId, releases.id))
    .where(between(releaseAnalyses.day, from, to))
    .orderBy(asc(releases.releasedAt));
  const findings = releaseRows.length
    ? await db.select().from(releaseFindings).where(inArray(releaseFindings.releaseId, releaseRows.map((r) => r.id)))
    : [];
  const themeFindings = releaseRows.length
    ? await db
        .select({ finding: themeReleaseFindings, label: themes.label })
        .from(themeReleaseFindings)
        .innerJoin(themes, eq(themes.id, themeReleaseFindings.themeId))
        .where(inArray(themeReleaseFindings.releaseId, releaseRows.map((r) => r.id)))
        .orderBy(asc(themeReleaseFindings.qValue), asc(themeReleaseFindings.id))
    : [];
  const trends = new Map(
    (await db.select().from(painPoints)).map((p) => [
      p.topicId,
      { direction: p.direction, recent: p.recent, previous: p.previous, rate_ratio: p.rateRatio, q_value: p.trendQValue },
    ]),
  );
  const fixedTopicIds = releaseRows.flatMap((r) => r.analysis.fixedTopics.flatMap((t) => (t.topic_id === null ? [] : [t.topic_id])));
  const coincidingTopicIds = releaseRows.flatMap((r) => r.analysis.coinciding.map((c) => c.topic_id));
  await labelOf([...recurrence.map((r) => r.topicId), ...findings.map((f) => f.topicId), ...fixedTopicIds, ...coincidingTopicIds]);
  const label = (id: string) => labels.get(id) ?? id;

  const releasesOut: ReportRelease[] = releaseRows.map((r) => {
    const mine = findings.filter((f) => f.releaseId === r.id);
    const change = (f: (typeof mine)[number]) => ({
      topic_id: f.topicId,
      label: label(f.topicId),
      rate_ratio: f.rateRatio,
      ci_low: f.ciLow,
      ci_high: f.ciHigh,
      p_value: f.pValue,
      q_value: f.qValue,
      before: f.before ?? 0,
      after: f.after ?? 0,
      attribution: f.attribution,
      evidence: f.evidence,
      sentence: f.sentence ?? f.evidence,
      before_per_day: f.beforePerDay,
      after_per_day: f.afterPerDay,
    });
    return {
      version: r.version,
      date: r.analysis.day,
      ambiguous: r.analysis.ambiguous,
      ambiguous_with: r.analysis.ambiguousWith,
      regressions: mine.filter((f) => f.kind === 'regression').map(change),
      improvements: mine.filter((f) => f.kind === 'improvement').map(change),
      new_topics: mine
        .filter((f) => f.kind === 'new_topic')
        .map((f) => ({
          topic_id: f.topicId,
          label: label(f.topicId),
          first_seen: f.firstSeen ?? r.analysis.day,
          tickets_after: f.after ?? 0,
          p_value: f.pValue,
          evidence: f.evidence,
          sentence: f.sentence ?? f.evidence,
        })),
      product: r.analysis.product ?? r.product,
      fixed_tickets: r.analysis.fixedTickets,
      fixed_topics: r.analysis.fixedTopics.map((t) => ({ topic_id: t.topic_id, label: t.topic_id === null ? 'no topic' : label(t.topic_id), tickets: t.tickets })),
      min_detectable_ratio: r.analysis.minDetectableRatio,
      coinciding: r.analysis.coinciding.map((c) => ({ ...c, label: label(c.topic_id) })),
      sentence: r.analysis.sentence ?? '',
      how_we_know: r.analysis.howWeKnow ?? '',
      theme_changes: themeFindings
        .filter(({ finding }) => finding.releaseId === r.id)
        .map(({ finding: f, label: themeLabel }) => ({
          theme_id: f.themeId,
          label: themeLabel,
          kind: f.kind,
          topic_ids: f.topicIds,
          rate_ratio: f.rateRatio,
          p_value: f.pValue,
          q_value: f.qValue,
          before: f.before ?? 0,
          after: f.after ?? 0,
          evidence: f.evidence,
          sentence: f.sentence ?? f.evidence,
          before_per_day: f.beforePerDay,
          after_per_day: f.afterPerDay,
        })),
    };
  });

  // The same privacy cut as the Team page (lib/queries/team.ts).
  const team = await getTeamLoad(db, { includeIndividuals: request.includeIndividuals });
  const service = await getServiceMetrics(db, {}, { from, to }, request.timeZone);

  return reportSchema.parse({
    range: { from, to },
    generated_at: new Date().toISOString(),
    time_zone: request.timeZone,
    totals: { tickets: totals.tickets, topics: topicRows.length, agents: totals.agents, customers: totals.customers },
    topics: topicRows.map((t) => ({
      id: t.id,
      label: t.label,
      theme_id: t.theme_id,
      keywords: t.keywords.slice(0, 8).map((k) => k.text),
      tickets: t.tickets,
      customers: customersByTopic.get(t.id) ?? 0,
      first_seen: t.first_seen,
      last_seen: t.last_seen,
      last_28d: t.last_28d,
      prev_28d: t.prev_28d,
      trend: trends.get(t.id) ?? null,
    })),
    themes: themesOut,
    spikes: spikeRows.map((s) => ({
      date: s.day,
      topic_id: s.topicId,
      count: s.count,
      expected: s.expected,
      p_value: s.pValue,
      evidence: s.evidence,
      explanation: s.explanation ?? 'unexplained',
      requesters: s.requesters,
      related: s.related,
      sentence: s.sentence ?? s.evidence,
    })),
    intermittent: recurrence
      .sort((a, b) => Number(b.recurring) - Number(a.recurring) || b.episodes.length - a.episodes.length)
      .map((r) => ({
        topic_id: r.topicId,
        label: label(r.topicId),
        recurring: r.recurring,
        episodes: r.episodes.length,
        median_gap_days: r.medianGapDays,
        gap_cv: r.gapCv,
        next_expected: r.nextExpected,
        next_window_days: r.nextWindowDays,
        fix_signature: r.fixSignature,
        fix_share: r.fixShare,
        summary: r.summary,
      })),
    releases: releasesOut,
    service: {
      as_of: service.asOf,
      tickets: service.tickets,
      first_response: {
        tickets: service.firstResponse.tickets,
        without_response: service.firstResponse.withoutResponse,
        from_comments: service.responsesFromComments,
        median_hours: service.firstResponse.medianHours,
        p90_hours: service.firstResponse.p90Hours,
      },
      resolution: { tickets: service.resolution.tickets, median_hours: service.resolution.medianHours, p90_hours: service.resolution.p90Hours },
      reopen: { ever_resolved: service.reopen.everResolved, reopened: service.reopen.reopened, share: service.reopen.share },
      backlog: {
        open: service.backlog.open,
        median_age_days: service.backlog.medianAgeDays,
        p90_age_days: service.backlog.p90AgeDays,
        older_than_30_days: service.backlog.olderThan30Days,
      },
      satisfaction: service.satisfaction,
      inconsistent: service.inconsistent,
    },
    // The JSON contract spells the team report's keys in snake_case (lib/analysis/team/json-contract.ts).
    team: team && teamLoadToJson(team),
  });
}

/**
 * The report's themes: its topics (those with tickets in the range) summed per theme, so the
 * two levels add up. Customers are distinct per theme: the analysis' count over the whole data,
 * or counted over the range's tickets (`range`, through the created_at index) when narrower.
 */
async function reportThemes(
  db: Db,
  topicRows: readonly { id: string; theme_id: string | null; tickets: number; last_28d: number; prev_28d: number }[],
  range: { start: SQL; end: SQL } | null,
): Promise<ReportTheme[]> {
  const themeIds = [...new Set(topicRows.flatMap((t) => (t.theme_id === null ? [] : [t.theme_id])))];
  if (themeIds.length === 0) return [];
  const ids = JSON.stringify(themeIds);
  const stored = await queryRows<{ id: string; label: string; customers: number }>(
    db,
    range === null
      ? sql`select id, label, customers from themes where id in (select value from json_array_elements_text(${ids}::json))`
      : sql`select th.id, th.label,
              (select count(distinct t.customer_id)::int from tickets t join topics tp on tp.id = t.topic_id
               where tp.theme_id = th.id and t.created_at >= ${range.start} and t.created_at < ${range.end}) as customers
            from themes th where th.id in (select value from json_array_elements_text(${ids}::json))`,
  );
  const byId = new Map(stored.map((r) => [r.id, r]));
  return themeIds
    .map((id) => {
      const members = topicRows.filter((t) => t.theme_id === id);
      const sum = (pick: (t: (typeof members)[number]) => number) => members.reduce((n, t) => n + pick(t), 0);
      return {
        id,
        label: byId.get(id)?.label ?? id,
        topic_ids: members.map((t) => t.id),
        tickets: sum((t) => t.tickets),
        customers: byId.get(id)?.customers ?? 0,
        last_28d: sum((t) => t.last_28d),
        prev_28d: sum((t) => t.prev_28d),
      };
    })
    .sort((a, b) => b.tickets - a.tickets || Number(a.id.slice(2)) - Number(b.id.slice(2)));
}
