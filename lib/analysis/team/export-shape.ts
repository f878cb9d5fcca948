/**
 * What kind of team the export describes. Team load is built for a support desk: people
 * answering customers. An issue tracker (Jira, Launchpad, GitHub issues of a development team)
 * looks different — the people who report the tickets are the people who are assigned them,
 * tickets arrive through no channel, and few messages come from anyone outside the team. There,
 * comment and status timestamps say little about load, so the report says the signals are weak
 * and nobody is rated above "low" without replies to customers (./risk.ts), and customers' tone
 * is not read at all (bug reports are not customer messages).
 *
 * Rule: an issue tracker when at least TRACKER_TEAM_REPORTER_SHARE of the tickets that name a
 * reporter were reported by someone on the team, and either no ticket has a channel or fewer than
 * TRACKER_CUSTOMER_MESSAGE_SHARE of the messages come from outside the team. In a support desk
 * the team files few of its own tickets; on the Alloy Jira export (bench/team-hours.ts) 88% of the
 * tickets were reported by someone on the team (an assignee or a commenter on others' issues) and
 * 3% of the comments came from outside it.
 * `unknown` when the export names no reporter, has no channels and no messages: nothing tells
 * who the customers are, so the signals are weak as well.
 */
import { agentKey } from './activity';
import type { ExportShape, TeamEvent, TeamTicket } from './types';

export const TRACKER_TEAM_REPORTER_SHARE = 0.25;
export const TRACKER_CUSTOMER_MESSAGE_SHARE = 0.1;

export function detectExportShape(
  tickets: readonly TeamTicket[],
  events: readonly TeamEvent[],
  teamKeys: ReadonlySet<string>,
): ExportShape {
  let withRequester = 0;
  let byTeam = 0;
  let withChannel = 0;
  for (const t of tickets) {
    if (t.channel) withChannel++;
    if (t.requester === null) continue;
    withRequester++;
    if (teamKeys.has(agentKey(t.requester))) byTeam++;
  }
  let customerMessages = 0;
  let teamMessages = 0;
  for (const e of events) {
    if (e.role === 'system') continue;
    if (e.role === 'agent' || (e.author !== null && teamKeys.has(agentKey(e.author)))) teamMessages++;
    else customerMessages++;
  }
  const messages = customerMessages + teamMessages;
  const teamReporterShare = withRequester === 0 ? 0 : byTeam / withRequester;
  const fewCustomers = messages === 0 || customerMessages < TRACKER_CUSTOMER_MESSAGE_SHARE * messages;
  let kind: ExportShape['kind'] = 'support_desk';
  if (teamReporterShare >= TRACKER_TEAM_REPORTER_SHARE && (withChannel === 0 || fewCustomers)) kind = 'issue_tracker';
  else if (withRequester === 0 && withChannel === 0 && customerMessages === 0) kind = 'unknown';

  const percent = (n: number, of: number) => `${Math.round((100 * n) / Math.max(1, of))}%`;
  let note: string | null = null;
  if (kind === 'issue_tracker') {
    note =
      `This export looks like an issue tracker, not a support desk: ${percent(byTeam, withRequester)} of the tickets were reported ` +
      `by people on the team, ${withChannel === 0 ? 'no ticket has a channel' : `${withChannel} tickets have a channel`}, and ` +
      `${percent(customerMessages, messages)} of the messages come from outside the team. Team-load signals are weak here: ` +
      'nobody is rated above low without replies to customers, and customer tone is not read.';
  } else if (kind === 'unknown') {
    note =
      'This export names no reporters, channels or customer messages, so it cannot tell support work from other work: ' +
      'team-load signals are weak, and nobody is rated above low without replies to customers.';
  }
  return {
    kind,
    tickets: tickets.length,
    ticketsWithRequester: withRequester,
    requestedByTeam: byTeam,
    ticketsWithChannel: withChannel,
    customerMessages: customerMessages,
    teamMessages: teamMessages,
    teamSignals: kind === 'support_desk' ? 'normal' : 'weak',
    note,
  };
}
