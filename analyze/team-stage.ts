/**
 * The team stage of `analyze`: load and burnout-risk metrics over the last 28 days (plus weekly
 * history) from tickets and comments, stored as one snapshot. Who may see individual rows is
 * decided when the snapshot is read (lib/queries/team.ts), not here.
 *
 * What it hands lib/analysis/team: tickets with their requester as a team member's name when the
 * requester is one (./team-people.ts) and their channel; agents' comments with a digest of their
 * text; customers' comments (who and when, never the words); the agents file's settings and the
 * zones the export declares per person; and 182 days of history to infer usual hours from.
 */
import { sql, type SQL } from 'drizzle-orm';
import { copyRows } from '@/db/bulk-read';
import type { Db } from '@/db/client';
import { agents as agentsTable, teamLoadSnapshots } from '@/db/schema';
import {
  computeTeamLoad,
  isNegativeTone,
  DEFAULT_HISTORY_WEEKS,
  DEFAULT_INFERENCE_LOOKBACK_DAYS,
  DEFAULT_WINDOW_DAYS,
  type AgentConfig,
  type DeclaredTimeZone,
  type TeamEvent,
  type TeamLoadReport,
  type TeamTicket,
  teamLoadToJson,
} from '@/lib/analysis/team';
import { DAY_MS, isValidTimeZone } from '@/lib/time';
import { asTopicId } from '@/lib/topic-id';
import { pseudonymSecret } from '@/lib/services/pseudonym-secret';
import { epochMs, toBoolean, toNumber } from './read-tickets';
import { requesterAliases } from './team-people';

export interface TeamStageOptions {
  timeZone: string;
  asOf: number;
}

const TONE_BATCH = 5_000;

/**
 * Scores the tone of the customer's words (ticket text plus the customer's comments) for the
 * tickets in the window that have none yet, and stores it: later analyses read one boolean
 * instead of re-reading and re-scoring every text. Only support conversations are scored: a
 * ticket its requester filed as a member of the team (a bug report in a tracker) has no customer
 * whose tone could be read (lib/analysis/team/export-shape.ts), so it is left unscored.
 */
async function scoreMissingTones(db: Db, window: TicketWindow, isTeamRequester: (key: string | null) => boolean): Promise<number> {
  const rows = await copyRows(
    db,
    windowSelect(
      sql`t.id, left(t.subject || E'\n' || t.description, 4000),
        (select left(string_agg(e.body, E'\n'), 4000) from ticket_events e where e.ticket_id = t.id and e.author_role = 'customer'),
        (select c.key from customers c where c.id = t.customer_id)`,
      window,
      sql`t.negative_tone is null`,
    ),
    4,
  );
  const scored = rows
    .filter(([, , , requester]) => !isTeamRequester(requester))
    .map(([id, text, comments]) => ({
      id: Number(id),
      negative: isNegativeTone(comments ? `${text ?? ''}\n${comments}` : (text ?? '')),
    }));
  for (let i = 0; i < scored.length; i += TONE_BATCH) {
    await db.execute(sql`update tickets t set negative_tone = x.negative
      from json_to_recordset(${JSON.stringify(scored.slice(i, i + TONE_BATCH))}::json) as x(id integer, negative boolean)
      where t.id = x.id`);
  }
  return scored.length;
}

/** The tickets the team metrics need: created in the window and history, or open during it. */
interface TicketWindow {
  since: string;
  until: string;
  /** Tickets created before this and still open are read through the open-tickets index. */
  openBefore: string;
}

/** Days before the window whose tickets are read in full (some were still open in it). */
const OPEN_LOOKBACK_DAYS = 60;

/**
 * Two index-friendly halves instead of one OR over the whole table: recent tickets through the
 * created_at index, and older ones only if still open, through the partial open-tickets index.
 */
function windowSelect(columns: SQL, window: TicketWindow, extra: SQL = sql`true`): SQL {
  return sql`select ${columns} from tickets t
      where t.created_at >= ${window.openBefore}::timestamptz and t.created_at <= ${window.until}::timestamptz
        and (t.created_at >= ${window.since}::timestamptz or t.resolved_at is null or t.resolved_at >= ${window.since}::timestamptz)
        and ${extra}
    union all
    select ${columns} from tickets t
      where t.created_at < ${window.openBefore}::timestamptz and t.status_category in ('new', 'open', 'pending') and ${extra}`;
}

/** The agents table: names by id, the agents file's settings, and the zones the export declares. */
async function readPeople(db: Db) {
  const configured = await db.select().from(agentsTable).orderBy(sql`${agentsTable.name} collate "C"`);
  const names = new Map(configured.map((a) => [String(a.id), a.name]));
  const agents: AgentConfig[] = configured.map((a) => ({
    name: a.name,
    team: a.team ?? undefined,
    timeZone: a.timeZone ?? undefined,
    workStart: a.workStart ?? undefined,
    workEnd: a.workEnd ?? undefined,
    workDays: a.workDays ?? undefined,
  }));
  // A zone this runtime does not know (an old tz database) is dropped rather than failing the stage.
  const declaredTimeZones: DeclaredTimeZone[] = configured.flatMap((a) =>
    a.declaredTimeZone !== null && isValidTimeZone(a.declaredTimeZone) ? [{ name: a.name, timeZone: a.declaredTimeZone }] : [],
  );
  return { names, agents, declaredTimeZones };
}

export async function runTeamStage(db: Db, runId: number, options: TeamStageOptions): Promise<TeamLoadReport> {
  const { asOf, timeZone } = options;
  // The window plus the weekly history, with a week of margin for the first partial week; events
  // go back further, as far as each person's usual hours are inferred from.
  const sinceMs = asOf - (DEFAULT_WINDOW_DAYS + (DEFAULT_HISTORY_WEEKS + 1) * 7) * DAY_MS;
  const eventsSinceMs = Math.min(sinceMs, asOf - DEFAULT_INFERENCE_LOOKBACK_DAYS * DAY_MS);
  const window: TicketWindow = {
    since: new Date(sinceMs).toISOString(),
    until: new Date(asOf).toISOString(),
    openBefore: new Date(sinceMs - OPEN_LOOKBACK_DAYS * DAY_MS).toISOString(),
  };
  const until = window.until;
  const eventsSince = new Date(eventsSinceMs).toISOString();

  const people = await readPeople(db);
  const agentNames = people.names;
  // A requester or customer author who is on the team goes by their agent name (./team-people.ts).
  const aliases = requesterAliases(agentNames.values(), await pseudonymSecret(db));
  const personOf = (key: string | null) => (key === null ? null : (aliases.get(key) ?? key));
  await scoreMissingTones(db, window, (key) => key !== null && aliases.has(key));

  // Tickets and events in the order of their stable key, not of internal ids (which follow the
  // load history): the metrics' sums and ties then depend on the data only. Tickets are read as
  // far back as the events, so that the tickets people filed count for their usual hours too.
  const ticketWindow: TicketWindow = { ...window, since: eventsSince, openBefore: new Date(eventsSinceMs - OPEN_LOOKBACK_DAYS * DAY_MS).toISOString() };
  const rows = await copyRows(
    db,
    sql`select * from (${windowSelect(
      sql`t.id, ${epochMs(sql`t.created_at`)}, ${epochMs(sql`t.resolved_at`)}, ${epochMs(sql`t.first_response_at`)},
        t.assignee_id, (select c.key from customers c where c.id = t.customer_id), t.priority, t.escalated, t.reopened,
        t.status_category, t.topic_id, t.negative_tone, t.channel, t.source, t.external_id`,
      ticketWindow,
    )}) w order by w.source collate "C", w.external_id collate "C"`,
    15,
  );
  const tickets: TeamTicket[] = rows.map(
    ([id, created, resolved, firstResponse, assigneeId, requester, priority, escalated, reopened, status, topic, tone, channel]) => ({
      id: id as string,
      createdAt: Number(created),
      resolvedAt: toNumber(resolved),
      firstResponseAt: toNumber(firstResponse),
      assignee: assigneeId === null ? null : (agentNames.get(assigneeId) ?? null),
      requester: personOf(requester),
      priority: priority as TeamTicket['priority'],
      escalated: toBoolean(escalated),
      reopened: toBoolean(reopened),
      statusCategory: status as TeamTicket['statusCategory'],
      topicId: asTopicId(topic),
      customerText: '',
      negativeTone: tone === null ? null : toBoolean(tone),
      channel,
    }),
  );
  // Agents' actions: all agents in one condition on the (agent_id, created_at) index, so that
  // one bitmap scan reads each heap page once (a join per agent re-read shared pages once per
  // agent: 4× the pages at 1M tickets). The agent travels as its id (the name is the same for
  // every row of an agent), the comment as a digest of its text (the same digest on many tickets
  // within minutes is a templated bulk comment: lib/analysis/team/bulk-actions.ts), never as text.
  const agentEvents = (
    await copyRows(
      db,
      sql`select e.ticket_id, ${epochMs(sql`e.created_at`)}, e.agent_id,
            case when btrim(e.body) = '' then null else left(md5(lower(btrim(e.body))), 16) end
          from ticket_events e
          where e.agent_id = any(array(select id from agents))
            and e.created_at >= ${eventsSince}::timestamptz and e.created_at <= ${until}::timestamptz
          order by e.source collate "C", e.external_id collate "C"`,
      4,
    )
  ).map(([ticket, at, agentId, digest]): TeamEvent => ({
    ticketId: ticket as string,
    at: Number(at),
    author: agentNames.get(agentId as string) ?? null,
    role: 'agent',
    kind: 'reply',
    fingerprint: digest,
  }));
  // Customers' messages: who writes from outside the team (is this a support desk?), and when
  // team members who report issues are at work. Their words are already in the stored tone.
  const customerEvents = (
    await copyRows(
      db,
      sql`select e.ticket_id, ${epochMs(sql`e.created_at`)}, e.author from ticket_events e
          where e.author_role = 'customer'
            and e.created_at >= ${eventsSince}::timestamptz and e.created_at <= ${until}::timestamptz
          order by e.source collate "C", e.external_id collate "C"`,
      3,
    )
  ).map(([ticket, at, author]): TeamEvent => ({ ticketId: ticket as string, at: Number(at), author: personOf(author), role: 'customer' }));

  const report = computeTeamLoad({
    tickets,
    events: [...agentEvents, ...customerEvents],
    agents: people.agents,
    declaredTimeZones: people.declaredTimeZones,
    asOf,
    defaultTimeZone: timeZone,
    options: { inferenceLookbackDays: DEFAULT_INFERENCE_LOOKBACK_DAYS },
  });
  await db.transaction(async (tx) => {
    await tx.delete(teamLoadSnapshots);
    await tx.insert(teamLoadSnapshots).values({ analysisRunId: runId, asOf: new Date(asOf), report: teamLoadToJson(report) });
  });
  return report;
}
