/**
 * The team stage of `analyze`: load and burnout-risk metrics over the last 28 days (plus weekly
 * history) from tickets and comments, stored as one snapshot. Who may see individual rows is
 * decided when the snapshot is read (lib/queries/team.ts), not here.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { timestampParam } from '@/db/sql-values';
import { agents as agentsTable, teamLoadSnapshots } from '@/db/schema';
import {
  computeTeamLoad,
  DEFAULT_HISTORY_WEEKS,
  DEFAULT_WINDOW_DAYS,
  type AgentConfig,
  type TeamLoadReport,
  type TeamTicket,
} from '@/lib/analysis/team';
import { DAY_MS } from '@/lib/time';

export interface TeamStageOptions {
  timeZone: string;
  asOf: number;
}

interface TeamTicketRow {
  id: number;
  created: number;
  resolved: number | null;
  first_response: number | null;
  assignee: string | null;
  requester: number | null;
  priority: TeamTicket['priority'];
  escalated: boolean;
  reopened: boolean;
  status: TeamTicket['statusCategory'];
  topic: string | null;
  customer_text: string;
}

export async function runTeamStage(db: Db, runId: number, options: TeamStageOptions): Promise<TeamLoadReport> {
  const { asOf, timeZone } = options;
  // The window plus the weekly history, with a week of margin for the first partial week.
  const since = timestampParam(asOf - (DEFAULT_WINDOW_DAYS + (DEFAULT_HISTORY_WEEKS + 1) * 7) * DAY_MS);
  const until = timestampParam(asOf);
  const tickets = await queryRows<TeamTicketRow>(
    db,
    sql`select t.id, (extract(epoch from t.created_at) * 1000)::float8 as created,
          (extract(epoch from t.resolved_at) * 1000)::float8 as resolved,
          (extract(epoch from t.first_response_at) * 1000)::float8 as first_response,
          a.name as assignee, t.customer_id as requester, t.priority, t.escalated, t.reopened,
          t.status_category as status, t.topic_id as topic,
          left(t.subject || E'\n' || t.description, 2000) as customer_text
        from tickets t left join agents a on a.id = t.assignee_id
        where t.created_at <= ${until}
          and (t.created_at >= ${since} or t.resolved_at is null or t.resolved_at >= ${since})`,
  );
  const events = await queryRows<{ ticket: number; at: number; author: string | null; role: 'agent' | 'customer' | 'system' }>(
    db,
    sql`select e.ticket_id as ticket, (extract(epoch from e.created_at) * 1000)::float8 as at, e.author, e.author_role as role
        from ticket_events e where e.created_at >= ${since} and e.created_at <= ${until}`,
  );
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
    tickets: tickets.map((t) => ({
      id: String(t.id),
      createdAt: t.created,
      resolvedAt: t.resolved,
      firstResponseAt: t.first_response,
      assignee: t.assignee,
      requester: t.requester === null ? null : String(t.requester),
      priority: t.priority,
      escalated: t.escalated,
      reopened: t.reopened,
      statusCategory: t.status,
      topicId: t.topic,
      customerText: t.customer_text,
    })),
    events: events.map((e) => ({ ticketId: String(e.ticket), at: e.at, author: e.author, role: e.role })),
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
