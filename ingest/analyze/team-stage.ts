/**
 * The team stage of `analyze`: load and burnout-risk metrics over the last 28 days (plus weekly
 * history) from tickets and comments, stored as one snapshot. Who may see individual rows is
 * decided when the snapshot is read (lib/queries/team.ts), not here.
 */
import { sql, type SQL } from 'drizzle-orm';
import { copyRows } from '@/db/bulk-read';
import type { Db } from '@/db/client';
import { agents as agentsTable, teamLoadSnapshots } from '@/db/schema';
import {
  computeTeamLoad,
  isNegativeTone,
  DEFAULT_HISTORY_WEEKS,
  DEFAULT_WINDOW_DAYS,
  type AgentConfig,
  type TeamLoadReport,
  type TeamTicket,
} from '@/lib/analysis/team';
import { DAY_MS } from '@/lib/time';
import { epochMs, forEachTicketChunk, toBoolean, toNumber } from './read-tickets';

export interface TeamStageOptions {
  timeZone: string;
  asOf: number;
}

const TONE_BATCH = 5_000;

/**
 * Scores the tone of the customer's words (ticket text plus the customer's comments) for the
 * tickets in the window that have none yet, and stores it: later analyses read one boolean
 * instead of re-reading and re-scoring every text.
 */
async function scoreMissingTones(db: Db, window: SQL): Promise<number> {
  const scored: { id: number; negative: boolean }[] = [];
  await forEachTicketChunk(
    db,
    sql`t.id, left(t.subject || E'\n' || t.description, 4000),
      (select left(string_agg(e.body, E'\n'), 4000) from ticket_events e where e.ticket_id = t.id and e.author_role = 'customer')`,
    3,
    sql`t.negative_tone is null and ${window}`,
    (rows) => {
      for (const [id, text, comments] of rows) {
        scored.push({ id: Number(id), negative: isNegativeTone(comments ? `${text ?? ''}\n${comments}` : (text ?? '')) });
      }
    },
  );
  for (let i = 0; i < scored.length; i += TONE_BATCH) {
    await db.execute(sql`update tickets t set negative_tone = x.negative
      from json_to_recordset(${JSON.stringify(scored.slice(i, i + TONE_BATCH))}::json) as x(id integer, negative boolean)
      where t.id = x.id`);
  }
  return scored.length;
}

export async function runTeamStage(db: Db, runId: number, options: TeamStageOptions): Promise<TeamLoadReport> {
  const { asOf, timeZone } = options;
  // The window plus the weekly history, with a week of margin for the first partial week.
  const since = new Date(asOf - (DEFAULT_WINDOW_DAYS + (DEFAULT_HISTORY_WEEKS + 1) * 7) * DAY_MS).toISOString();
  const until = new Date(asOf).toISOString();
  const window = sql`t.created_at <= ${until}::timestamptz
    and (t.created_at >= ${since}::timestamptz or t.resolved_at is null or t.resolved_at >= ${since}::timestamptz)`;
  await scoreMissingTones(db, window);

  const tickets: TeamTicket[] = [];
  await forEachTicketChunk(
    db,
    sql`t.id, ${epochMs(sql`t.created_at`)}, ${epochMs(sql`t.resolved_at`)}, ${epochMs(sql`t.first_response_at`)},
      (select a.name from agents a where a.id = t.assignee_id), t.customer_id, t.priority, t.escalated, t.reopened,
      t.status_category, t.topic_id, t.negative_tone`,
    12,
    window,
    (rows) => {
      for (const [id, created, resolved, firstResponse, assignee, requester, priority, escalated, reopened, status, topic, tone] of rows) {
        tickets.push({
          id: id as string,
          createdAt: Number(created),
          resolvedAt: toNumber(resolved),
          firstResponseAt: toNumber(firstResponse),
          assignee,
          requester,
          priority: priority as TeamTicket['priority'],
          escalated: toBoolean(escalated),
          reopened: toBoolean(reopened),
          statusCategory: status as TeamTicket['statusCategory'],
          topicId: topic,
          customerText: '',
          negativeTone: tone === null ? null : toBoolean(tone),
        });
      }
    },
  );
  const events = (
    await copyRows(
      db,
      sql`select e.ticket_id, ${epochMs(sql`e.created_at`)}, e.author, e.author_role from ticket_events e
          where e.created_at >= ${since}::timestamptz and e.created_at <= ${until}::timestamptz`,
      4,
    )
  ).map(([ticket, at, author, role]) => ({ ticketId: ticket as string, at: Number(at), author, role: role as 'agent' | 'customer' | 'system' }));
  const configured = await db.select().from(agentsTable);
  const agents: AgentConfig[] = configured.map((a) => ({
    name: a.name,
    team: a.team ?? undefined,
    timeZone: a.timeZone ?? undefined,
    workStart: a.workStart ?? undefined,
    workEnd: a.workEnd ?? undefined,
    workDays: a.workDays ?? undefined,
  }));

  const report = computeTeamLoad({
    tickets,
    events,
    agents,
    asOf,
    defaultTimeZone: timeZone,
  });
  await db.transaction(async (tx) => {
    await tx.delete(teamLoadSnapshots);
    await tx.insert(teamLoadSnapshots).values({ analysisRunId: runId, asOf: new Date(asOf), report });
  });
  return report;
}
