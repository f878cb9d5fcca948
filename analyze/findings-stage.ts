/**
 * The findings stage of `analyze`: spikes, recurring issues, release impact and pain points,
 * computed by the pure functions of lib/analysis and stored for the pages and `report`.
 */
import { sql } from 'drizzle-orm';
import { copyRows } from '@/db/bulk-read';
import { queryRows, type Db } from '@/db/client';
import { DAY_MS, dayIndexToIso, localDayIndex, wallTimeToUtc } from '@/lib/time';
import {
  painPoints,
  recurringTopics,
  releaseAnalyses,
  releaseFindings,
  releases,
  settings,
  spikes,
  themeReleaseFindings,
  themes,
  topics,
  type StoredRelated,
} from '@/db/schema';
import { detectScopedReleaseImpact, explainAnomalies, type ExplainTicket, type Explanations, type Related } from '@/lib/analysis/explanations';
import { detectRecurrence, type RecurrenceFinding, type RecurrenceTicket } from '@/lib/analysis/recurrence';
import type { ReleaseTicket } from '@/lib/analysis/release-impact';
import { rankPainPoints, type PainPointTicket } from '@/lib/analysis/pain-points';
import { buildDailySeries } from '@/lib/analysis/series';
import { detectSpikes } from '@/lib/analysis/spikes';
import { DEFAULT_ANALYSIS_WINDOWS } from '@/lib/analysis/windows';
import { ANALYSIS_WINDOWS_KEY } from '@/lib/queries/analysis-windows';
import { readExplainTickets, toExplainReleases } from './explanation-inputs';
import { topicFromRollupKey } from '@/lib/queries/rollup-topic';
import { asTopicId, type TopicId } from '@/lib/topic-id';
import { epochMs, toBoolean, toNumber } from './read-tickets';

export interface FindingsStageOptions {
  timeZone: string;
  asOf: number;
  log: (message: string) => void;
}

export interface FindingsCounts {
  spikes: number;
  intermittent: number;
  releaseFindings: number;
  /** Release findings at theme level (theme_release_findings). */
  themeReleaseFindings: number;
  painPoints: number;
}

/** An instant as literal text: bulk reads cannot bind parameters (see db/bulk-read.ts). */
const timestampText = (ms: number) => new Date(ms).toISOString();

/**
 * Tickets handed to the statistics come in the order of their stable key, never of internal
 * ids, which follow the load history: sums, ties and samples then depend on the data only.
 * Byte order ("C"), so that every installation's collation gives the same order.
 */
const STABLE_ORDER = sql`t.source collate "C", t.external_id collate "C"`;

/** Size of the sample of other topics' fixes read for recurrence (see detectRecurrenceWithFixes). */
const BACKGROUND_TICKETS = 4_000;

/** The windows this job uses; stored with the findings so pages say what was computed. */
const WINDOWS = DEFAULT_ANALYSIS_WINDOWS;

/** Pain points compare their last window with the one before. */
const PAIN_WINDOWS_DAYS = 2 * WINDOWS.painPointDays;

/** A run of several inserts of at most this many rows: keeps statements small on big desks. */
const INSERT_CHUNK = 1_000;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

/**
 * Tickets as the statistics see them, rebuilt from the day × topic × version rollup: one per
 * ticket, at local noon of its day. Spikes and recurrence work per local day anyway; release
 * impact then compares whole days (a ticket on the release day counts as before it). Reading the
 * rollup instead of every ticket keeps a daily analysis of a million tickets in seconds.
 */
async function ticketsFromRollup(db: Db, timeZone: string, asOf: number): Promise<ReleaseTicket[]> {
  const lastDay = dayIndexToIso(localDayIndex(asOf, timeZone));
  const rows = await copyRows(
    db,
    // In day order, which is the order of the pseudo-tickets' times (no sort of a million objects
    // here), then by topic and version: every run, on every engine, hands the statistics the
    // same sequence (see STABLE_ORDER).
    sql`select to_char(day, 'YYYY-MM-DD'), topic_id, product_version, tickets from daily_topic_version_counts
        where day <= ${lastDay}::date order by day, topic_id collate "C", product_version collate "C"`,
    4,
  );
  const noonOf = new Map<string, number>();
  const tickets: ReleaseTicket[] = [];
  for (const [day, topic, version, count] of rows) {
    let noon = noonOf.get(day as string);
    if (noon === undefined) {
      const [y, m, d] = (day as string).split('-').map(Number);
      noon = wallTimeToUtc(y, m, d, 12, 0, 0, timeZone);
      noonOf.set(day as string, noon);
    }
    const ticket: ReleaseTicket = { createdAt: noon, topicId: topicFromRollupKey(topic), productVersion: version || null };
    for (let i = Number(count); i > 0; i--) tickets.push(ticket);
  }
  return tickets;
}

/** The tickets of the pain-point windows (the last 2 × 28 days), individually: customers and resolution times. */
async function painPointTickets(db: Db, asOf: number): Promise<PainPointTicket[]> {
  const rows = await copyRows(
    db,
    sql`select ${epochMs(sql`t.created_at`)}, ${epochMs(sql`t.resolved_at`)}, t.topic_id, t.customer_id, t.reopened from tickets t
        where t.created_at > ${timestampText(asOf - PAIN_WINDOWS_DAYS * DAY_MS)}::timestamptz and t.created_at <= ${timestampText(asOf)}::timestamptz
        order by ${STABLE_ORDER}`,
    5,
  );
  return rows.map(([created, resolved, topic, customer, reopened]) => ({
    createdAt: Number(created),
    resolvedAt: toNumber(resolved),
    topicId: asTopicId(topic),
    customer,
    reopened: toBoolean(reopened),
  }));
}

export async function runFindingsStage(db: Db, options: FindingsStageOptions): Promise<FindingsCounts> {
  const { timeZone, asOf } = options;
  const tickets = await ticketsFromRollup(db, timeZone, asOf);
  if (tickets.length === 0) {
    await clearFindings(db);
    return { spikes: 0, intermittent: 0, releaseFindings: 0, themeReleaseFindings: 0, painPoints: 0 };
  }

  const daily = buildDailySeries(tickets, { timeZone });
  // Every day with three weeks of history is tested, so a report on any period has its spikes.
  const foundSpikes = detectSpikes(daily, { window: daily.range });
  const recurrence = await detectRecurrenceWithFixes(db, tickets, timeZone, asOf);
  const releaseRows = await db
    .select({ id: releases.id, version: releases.version, releasedAt: releases.releasedAt, product: releases.product })
    .from(releases)
    .orderBy(releases.releasedAt, sql`${releases.version} collate "C"`);
  const pains = rankPainPoints(await painPointTickets(db, asOf), { asOf, windowDays: WINDOWS.painPointDays });

  // One event, one explanation (issue 14): release impact on each release's own product's
  // tickets, then every spike, episode and release-window change explained once. Only changes
  // explained as `release` are stored as regressions, improvements and new topics.
  const explainTickets = await readExplainTickets(db, asOf);
  const explainReleases = toExplainReleases(releaseRows);
  const releaseWindows = { timeZone, beforeDays: WINDOWS.releaseBeforeDays, afterDays: WINDOWS.releaseAfterDays };
  const impacts = detectScopedReleaseImpact(explainTickets, explainReleases, releaseWindows);
  const labels = new Map((await db.select({ id: topics.id, label: topics.label }).from(topics)).map((t) => [t.id, t.label]));
  const explanations = explainAnomalies(
    {
      tickets: explainTickets,
      releases: explainReleases,
      spikes: foundSpikes.map((s) => ({ ...s, topic: s.topicId })),
      recurrence: recurrence.map((r) => ({ ...r, topic: r.topicId as string })),
      releaseImpacts: impacts,
    },
    { timeZone, labels, beforeDays: WINDOWS.releaseBeforeDays, afterDays: WINDOWS.releaseAfterDays },
  );
  const episodeExplanations = new Map(explanations.episodes.map((e) => [`${e.topic}|${e.start}`, e]));
  const spikeExplanations = new Map(explanations.spikes.map((e) => [`${e.day}|${e.topic}`, e]));
  const releaseIdByVersion = new Map(releaseRows.map((r) => [r.version, r.id]));
  const findingRows = releaseFindingRows(explanations, impacts, releaseIdByVersion);
  const explainedReleases = new Map(explanations.releases.map((r) => [r.version, r]));
  const intermittent = recurrence.filter((r) => r.intermittent);
  const themeFindingRows = await themeReleaseFindingRows(db, { tickets, explainTickets, explainReleases, releaseIdByVersion, topicFindings: findingRows, timeZone, asOf });

  await db.transaction(async (tx) => {
    await clearFindings(tx as unknown as Db);
    await tx
      .insert(settings)
      .values({ key: ANALYSIS_WINDOWS_KEY, value: WINDOWS })
      .onConflictDoUpdate({ target: settings.key, set: { value: WINDOWS, updatedAt: new Date() } });
    await insertChunked(foundSpikes, (chunk) =>
      tx.insert(spikes).values(
        chunk.map((s) => ({
          day: s.day,
          topicId: s.topicId,
          count: s.count,
          expected: s.expected,
          score: s.score,
          pValue: s.pValue,
          adjustedPValue: s.adjustedPValue,
          method: s.method,
          evidence: s.evidence,
          ...spikeExplanationColumns(spikeExplanations.get(`${s.day}|${s.topicId}`)),
        })),
      ),
    );
    await insertChunked(intermittent, (chunk) =>
      tx.insert(recurringTopics).values(
        chunk.map((r) => ({
          topicId: r.topicId,
          intermittent: r.intermittent,
          recurring: r.recurring,
          episodes: r.episodes.map((e) => {
            const explained = episodeExplanations.get(`${r.topicId}|${e.start}`);
            return explained ? { ...e, explanation: explained.explanation, sentence: explained.sentence } : e;
          }),
          medianGapDays: r.medianGapDays,
          gapCv: r.gapCv,
          burstiness: r.burstiness,
          regularityPValue: r.regularityPValue,
          nextExpected: r.nextExpected,
          nextWindowDays: r.nextWindowDays,
          ongoing: r.ongoing,
          overdue: r.overdue,
          fixSignature: r.fixSignature,
          fixShare: r.fixShare,
          summary: r.summary,
        })),
      ),
    );
    await insertChunked(impacts, (chunk) =>
      tx.insert(releaseAnalyses).values(
        chunk.map((i) => ({
          releaseId: releaseIdByVersion.get(i.version) as number,
          day: i.day,
          ambiguousWith: i.ambiguousWith,
          beforeDaysObserved: i.beforeDaysObserved,
          afterDaysObserved: i.afterDaysObserved,
          ticketsBefore: i.ticketsBefore,
          ticketsAfter: i.ticketsAfter,
          ambiguous: i.ambiguousWith.length > 0,
          ...releaseExplanationColumns(explainedReleases.get(i.version)),
        })),
      ),
    );
    await insertChunked(findingRows, (chunk) => tx.insert(releaseFindings).values(chunk));
    await insertChunked(themeFindingRows, (chunk) => tx.insert(themeReleaseFindings).values(chunk));
    await insertChunked(pains, (chunk) =>
      tx.insert(painPoints).values(
        chunk.map((p) => ({
          topicId: p.topicId,
          rank: p.rank,
          impact: p.impact,
          tickets: p.tickets,
          customers: p.customers,
          medianHoursToResolve: p.medianHoursToResolve,
          reopenShare: p.reopenShare,
          recent: p.trend.recent,
          previous: p.trend.previous,
          rateRatio: p.trend.rateRatio,
          ciLow: p.trend.ciLow,
          ciHigh: p.trend.ciHigh,
          trendPValue: p.trend.pValue,
          trendQValue: p.trend.qValue,
          direction: p.trend.direction,
          summary: p.summary,
        })),
      ),
    );
  });
  options.log(
    `${foundSpikes.length} spikes, ${intermittent.length} intermittent topics, ${findingRows.length} release findings ` +
      `(${themeFindingRows.length} at theme level), ${pains.length} pain points`,
  );
  return {
    spikes: foundSpikes.length,
    intermittent: intermittent.length,
    releaseFindings: findingRows.length,
    themeReleaseFindings: themeFindingRows.length,
    painPoints: pains.length,
  };
}

/** Related items as stored and reported: snake_case keys, topic ids as "t12". */
export function storedRelated(related: readonly Related[]): StoredRelated[] {
  return related.map((r) =>
    'topicId' in r ? { topic_id: r.topicId } : 'release' in r ? { release: r.release } : { incident_date: r.incidentDate },
  );
}

function spikeExplanationColumns(explained: Explanations['spikes'][number] | undefined) {
  if (!explained) return {};
  return { explanation: explained.explanation, requesters: explained.requesters, related: storedRelated(explained.related), sentence: explained.sentence };
}

function releaseExplanationColumns(explained: Explanations['releases'][number] | undefined) {
  if (!explained) return {};
  return {
    product: explained.product,
    fixedTickets: explained.fixedTickets,
    fixedTopics: explained.fixedTopics.map((f) => ({ topic_id: f.topic, tickets: f.tickets })),
    minDetectableRatio: explained.minDetectableRatio,
    coinciding: explained.coinciding.map((c) => ({
      topic_id: c.topic,
      kind: c.kind,
      explanation: c.explanation,
      sentence: c.sentence,
      before_per_day: c.beforePerDay,
      after_per_day: c.afterPerDay,
    })),
    sentence: explained.sentence,
    howWeKnow: explained.howWeKnow,
  };
}

/** The changes explained as `release`, with the release test's statistics (the scoped impact's). */
function releaseFindingRows(
  explanations: Explanations,
  impacts: ReturnType<typeof detectScopedReleaseImpact>,
  releaseIdByVersion: Map<string, number>,
): (typeof releaseFindings.$inferInsert)[] {
  return explanations.releases.flatMap((release) => {
    const impact = impacts.find((i) => i.version === release.version);
    const releaseId = releaseIdByVersion.get(release.version);
    if (!impact || releaseId === undefined) return [];
    return [...release.regressions, ...release.improvements, ...release.newTopics].flatMap((change) => {
      const tested = impact.changes.find((c) => c.topic === change.topic && c.kind === change.kind);
      if (!tested) return [];
      return [
        {
          releaseId,
          kind: change.kind,
          topicId: change.topic,
          rateRatio: tested.rateRatio,
          ciLow: tested.ciLow,
          ciHigh: tested.ciHigh,
          pValue: tested.pValue,
          qValue: tested.qValue,
          before: change.kind === 'new_topic' ? null : tested.before,
          after: tested.after,
          firstSeen: tested.firstSeen,
          method: tested.method === 'new-topic' ? null : tested.method,
          attribution: tested.ambiguous ? ('ambiguous' as const) : ('confident' as const),
          evidence: tested.evidence,
          sentence: change.sentence,
          beforePerDay: change.beforePerDay,
          afterPerDay: change.afterPerDay,
        },
      ];
    });
  });
}

async function clearFindings(db: Db): Promise<void> {
  for (const table of [spikes, recurringTopics, releaseFindings, themeReleaseFindings, releaseAnalyses, painPoints]) await db.delete(table);
}

/**
 * Release findings at theme level (issue 15): one problem phrased several ways is several
 * topics, and each could be its own release finding; its theme is one series, so the same
 * change is one finding there. The release test and the explanation step run exactly as for
 * topics, on each ticket's theme instead of its topic (the statistics take any string key),
 * with the themes' own spikes and recurring episodes so that a theme's incident or episode is
 * not called a release's change. Only changes explained as `release` are kept, as for topics;
 * each lists the member topics with a topic-level finding of the same kind for that release.
 */
async function themeReleaseFindingRows(
  db: Db,
  input: {
    tickets: readonly ReleaseTicket[];
    explainTickets: readonly ExplainTicket[];
    explainReleases: ReturnType<typeof toExplainReleases>;
    releaseIdByVersion: Map<string, number>;
    topicFindings: readonly (typeof releaseFindings.$inferInsert)[];
    timeZone: string;
    asOf: number;
  },
): Promise<(typeof themeReleaseFindings.$inferInsert)[]> {
  const membership = await db.select({ id: topics.id, themeId: topics.themeId }).from(topics);
  const themeOf = new Map(membership.flatMap((m) => (m.themeId === null ? [] : [[m.id, m.themeId] as const])));
  if (themeOf.size === 0 || input.explainReleases.length === 0) return [];
  // Theme keys travel in the topic field: the statistics treat it as an opaque string key.
  const asThemeKey = (topic: string | null) => (topic === null ? null : (themeOf.get(topic) ?? null));
  const tickets = input.tickets.map((t) => ({ ...t, topicId: asThemeKey(t.topicId) as TopicId | null }));
  const explainTickets = input.explainTickets.map((t) => ({ ...t, topic: asThemeKey(t.topic) }));
  const daily = buildDailySeries(tickets, { timeZone: input.timeZone });
  const themeSpikes = detectSpikes(daily, { window: daily.range });
  const themeRecurrence = detectRecurrence(tickets, { timeZone: input.timeZone, asOf: input.asOf });
  const windows = { timeZone: input.timeZone, beforeDays: WINDOWS.releaseBeforeDays, afterDays: WINDOWS.releaseAfterDays };
  const impacts = detectScopedReleaseImpact(explainTickets, input.explainReleases, windows);
  const labels = new Map((await db.select({ id: themes.id, label: themes.label }).from(themes)).map((t) => [t.id, t.label]));
  const explanations = explainAnomalies(
    {
      tickets: explainTickets,
      releases: input.explainReleases,
      spikes: themeSpikes.map((s) => ({ ...s, topic: s.topicId })),
      recurrence: themeRecurrence.map((r) => ({ ...r, topic: r.topicId as string })),
      releaseImpacts: impacts,
    },
    { timeZone: input.timeZone, labels, beforeDays: WINDOWS.releaseBeforeDays, afterDays: WINDOWS.releaseAfterDays },
  );
  return releaseFindingRows(explanations, impacts, input.releaseIdByVersion).map(({ topicId: themeId, ...row }) => ({
    ...row,
    themeId,
    topicIds: input.topicFindings
      .filter((f) => f.releaseId === row.releaseId && f.kind === row.kind && themeOf.get(f.topicId) === themeId)
      .map((f) => f.topicId),
  }));
}

/**
 * Recurrence in two passes so that resolution texts are read only where they matter: episodes
 * from the timestamps of all tickets, then fix signatures from the texts of the topics that
 * come back (plus a sample of other topics' texts to recognise boilerplate).
 */
async function detectRecurrenceWithFixes(db: Db, tickets: RecurrenceTicket[], timeZone: string, asOf: number): Promise<RecurrenceFinding[]> {
  const first = detectRecurrence(tickets, { timeZone, asOf });
  // Only the topics that come back get a fix signature on the pages.
  const candidates = first.filter((f) => f.intermittent).map((f) => f.topicId);
  if (candidates.length === 0) return first;
  const columns = sql`(extract(epoch from t.created_at) * 1000)::float8 as created, t.topic_id as topic, t.source, t.external_id,
    case when coalesce(array_length(regexp_split_to_array(trim(t.resolution), '\\s+'), 1), 0) >= 4 then t.resolution
         else coalesce((select e.body from ticket_events e where e.ticket_id = t.id and e.author_role = 'agent'
                        order by e.created_at desc, e.external_id collate "C" desc limit 1), t.resolution) end as fix`;
  const candidateTopics = sql`(select value from json_array_elements_text(${JSON.stringify(candidates)}::json))`;
  // The candidates' tickets through the topic index, and about BACKGROUND_TICKETS tickets at
  // evenly spaced creation times as the background that tells a fix from boilerplate every topic
  // shares (detectRecurrence keeps 2,000 texts of it; twice that leaves room for tickets without
  // a fix text). Spaced by time, not by internal id: ids follow the load history. Each probe is
  // one step of the created_at index.
  const texts = await queryRows<{ created: number; topic: string; fix: string | null }>(
    db,
    sql`select x.created, x.topic, x.fix from (
          select ${columns} from tickets t where t.topic_id in ${candidateTopics}
          union all
          select ${columns} from tickets t where t.id in (
            select probe.id from (select min(created_at) as low, max(created_at) as high from tickets) r
              cross join generate_series(0, ${BACKGROUND_TICKETS - 1}) g
              cross join lateral (
                select t0.id from tickets t0
                where t0.created_at >= r.low + (r.high - r.low) * g / ${BACKGROUND_TICKETS}
                  and t0.topic_id not in ${candidateTopics}
                order by t0.created_at, t0.source collate "C", t0.external_id collate "C" limit 1
              ) probe)
        ) x
        order by x.created, x.source collate "C", x.external_id collate "C"`,
  );
  const withTexts: RecurrenceTicket[] = texts
    .filter((r) => r.created <= asOf)
    .map((r) => ({ createdAt: r.created, topicId: asTopicId(r.topic), resolution: r.fix }));
  const candidateIds = new Set(candidates);
  const second = new Map(detectRecurrence(withTexts, { timeZone, asOf, onlyTopics: candidateIds }).map((f) => [f.topicId, f]));
  // Candidate topics take the second pass (all their tickets, with texts); others keep the first.
  return first.map((f) => (candidateIds.has(f.topicId) ? (second.get(f.topicId) ?? f) : f));
}
