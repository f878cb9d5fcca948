/**
 * The findings stage of `analyze`: spikes, recurring issues, release impact and pain points,
 * computed by the pure functions of lib/analysis and stored for the pages and `report`.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { painPoints, recurringTopics, releaseAnalyses, releaseFindings, releases, spikes } from '@/db/schema';
import { detectRecurrence, type RecurrenceFinding, type RecurrenceTicket } from '@/lib/analysis/recurrence';
import { flagEpisodicTopics } from '@/lib/analysis/release-confounders';
import { detectReleaseImpact, type ReleaseTicket } from '@/lib/analysis/release-impact';
import { rankPainPoints, type PainPointTicket } from '@/lib/analysis/pain-points';
import { buildDailySeries } from '@/lib/analysis/series';
import { detectSpikes } from '@/lib/analysis/spikes';
import { epochMs, forEachTicketChunk, toBoolean, toNumber } from './read-tickets';

export interface FindingsStageOptions {
  timeZone: string;
  asOf: number;
  log: (message: string) => void;
}

export interface FindingsCounts {
  spikes: number;
  intermittent: number;
  releaseFindings: number;
  painPoints: number;
}

/** Topic ids are "t<number>" in storage and plain numbers in the statistics (typed arrays). */
const toTopicNumber = (topicId: string | null): number | null => (topicId === null ? null : Number(topicId.slice(1)));
/** An instant as literal text: bulk reads cannot bind parameters (see db/bulk-read.ts). */
const timestampText = (ms: number) => new Date(ms).toISOString();
const toTopicId = (n: number | null): string | null => (n === null ? null : `t${n}`);

/** A run of several inserts of at most this many rows: keeps statements small on big desks. */
const INSERT_CHUNK = 1_000;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

export async function runFindingsStage(db: Db, options: FindingsStageOptions): Promise<FindingsCounts> {
  const tickets: (PainPointTicket & ReleaseTicket)[] = [];
  await forEachTicketChunk(
    db,
    sql`${epochMs(sql`t.created_at`)}, ${epochMs(sql`t.resolved_at`)}, t.topic_id, t.customer_id, t.reopened, t.product_version`,
    6,
    // "As of" a past date: later tickets did not exist yet.
    sql`t.created_at <= ${timestampText(options.asOf)}::timestamptz`,
    (rows) => {
      for (const [created, resolved, topic, customer, reopened, version] of rows) {
        tickets.push({
          createdAt: Number(created),
          topicId: toTopicNumber(topic),
          resolvedAt: toNumber(resolved),
          customer,
          reopened: toBoolean(reopened),
          productVersion: version,
        });
      }
    },
  );
  if (tickets.length === 0) {
    await clearFindings(db);
    return { spikes: 0, intermittent: 0, releaseFindings: 0, painPoints: 0 };
  }
  const { timeZone, asOf } = options;

  const daily = buildDailySeries(tickets, { timeZone });
  // Every day with three weeks of history is tested, so a report on any period has its spikes.
  const foundSpikes = detectSpikes(daily, { window: daily.range });
  const recurrence = await detectRecurrenceWithFixes(db, tickets, timeZone, asOf);
  const releaseRows = await db.select({ id: releases.id, version: releases.version, releasedAt: releases.releasedAt }).from(releases);
  const impacts = flagEpisodicTopics(
    detectReleaseImpact(
      tickets,
      releaseRows.map((r) => ({ version: r.version, releasedAt: r.releasedAt.getTime() })),
      { timeZone },
    ),
    recurrence,
  );
  const pains = rankPainPoints(tickets, { asOf });

  const releaseIdByVersion = new Map(releaseRows.map((r) => [r.version, r.id]));
  const findingRows = impacts.flatMap((impact) => {
    const releaseId = releaseIdByVersion.get(impact.version) as number;
    const change = (kind: 'regression' | 'improvement') => (c: (typeof impact.regressions)[number]) => ({
      releaseId,
      kind,
      topicId: toTopicId(c.topicId) as string,
      rateRatio: c.rateRatio,
      ciLow: c.ciLow,
      ciHigh: c.ciHigh,
      pValue: c.pValue,
      qValue: c.qValue,
      before: c.before,
      after: c.after,
      method: c.method,
      attribution: c.attribution,
      evidence: c.evidence,
    });
    return [
      ...impact.regressions.map(change('regression')),
      ...impact.improvements.map(change('improvement')),
      ...impact.newTopics.map((n) => ({
        releaseId,
        kind: 'new_topic' as const,
        topicId: toTopicId(n.topicId) as string,
        pValue: n.pValue,
        qValue: n.qValue,
        after: n.ticketsAfter,
        firstSeen: n.firstSeen,
        attribution: n.attribution,
        evidence: n.evidence,
      })),
    ];
  });
  const intermittent = recurrence.filter((r) => r.intermittent);

  await db.transaction(async (tx) => {
    await clearFindings(tx as unknown as Db);
    await insertChunked(foundSpikes, (chunk) =>
      tx.insert(spikes).values(
        chunk.map((s) => ({
          day: s.day,
          topicId: toTopicId(s.topicId),
          count: s.count,
          expected: s.expected,
          score: s.score,
          pValue: s.pValue,
          adjustedPValue: s.adjustedPValue,
          method: s.method,
          evidence: s.evidence,
        })),
      ),
    );
    await insertChunked(intermittent, (chunk) =>
      tx.insert(recurringTopics).values(
        chunk.map((r) => ({
          topicId: toTopicId(r.topicId) as string,
          intermittent: r.intermittent,
          recurring: r.recurring,
          episodes: r.episodes,
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
          ambiguous: i.ambiguous,
          ambiguousWith: i.ambiguousWith,
          beforeDaysObserved: i.beforeDaysObserved,
          afterDaysObserved: i.afterDaysObserved,
          ticketsBefore: i.ticketsBefore,
          ticketsAfter: i.ticketsAfter,
        })),
      ),
    );
    await insertChunked(findingRows, (chunk) => tx.insert(releaseFindings).values(chunk));
    await insertChunked(pains, (chunk) =>
      tx.insert(painPoints).values(
        chunk.map((p) => ({
          topicId: toTopicId(p.topicId) as string,
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
    `${foundSpikes.length} spikes, ${intermittent.length} intermittent topics, ${findingRows.length} release findings, ${pains.length} pain points`,
  );
  return { spikes: foundSpikes.length, intermittent: intermittent.length, releaseFindings: findingRows.length, painPoints: pains.length };
}

async function clearFindings(db: Db): Promise<void> {
  for (const table of [spikes, recurringTopics, releaseFindings, releaseAnalyses, painPoints]) await db.delete(table);
}

/**
 * Recurrence in two passes so that resolution texts are read only where they matter: episodes
 * from the timestamps of all tickets, then fix signatures from the texts of the topics that
 * come back (plus a sample of other topics' texts to recognise boilerplate).
 */
async function detectRecurrenceWithFixes(db: Db, tickets: RecurrenceTicket[], timeZone: string, asOf: number): Promise<RecurrenceFinding[]> {
  const first = detectRecurrence(tickets, { timeZone, asOf });
  const candidates = first.filter((f) => f.episodes.length >= 2).map((f) => `t${f.topicId}`);
  if (candidates.length === 0) return first;
  const texts = await queryRows<{ created: number; topic: string; fix: string | null }>(
    db,
    sql`select (extract(epoch from t.created_at) * 1000)::float8 as created, t.topic_id as topic,
          case when coalesce(array_length(regexp_split_to_array(trim(t.resolution), '\\s+'), 1), 0) >= 4 then t.resolution
               else coalesce((select e.body from ticket_events e where e.ticket_id = t.id and e.author_role = 'agent'
                              order by e.created_at desc limit 1), t.resolution) end as fix
        from tickets t
        where t.topic_id in (select value from json_array_elements_text(${JSON.stringify(candidates)}::json))
           or t.id % 50 = 0`,
  );
  const withTexts: RecurrenceTicket[] = texts
    .filter((r) => r.created <= asOf)
    .map((r) => ({ createdAt: r.created, topicId: toTopicNumber(r.topic), resolution: r.fix }));
  const second = new Map(detectRecurrence(withTexts, { timeZone, asOf }).map((f) => [f.topicId, f]));
  const candidateNumbers = new Set(candidates.map((c) => Number(c.slice(1))));
  // Candidate topics take the second pass (all their tickets, with texts); others keep the first.
  return first.map((f) => (candidateNumbers.has(f.topicId) ? (second.get(f.topicId) ?? f) : f));
}
