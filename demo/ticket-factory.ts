/**
 * Builds one complete ticket — fields, conversation, status — from a draft (topic, customer,
 * creation instant). Pure apart from the random stream: the caller writes the rows.
 */
import type { Agent } from '@/demo/agents';
import { TEAM_NAMES } from '@/demo/agents';
import { isoUtc } from '@/demo/csv-writer';
import { type EventKind, planTicketLife } from '@/demo/lifecycle';
import { adoptedReleaseIndex } from '@/demo/releases';
import { type Rng, WeightedTable } from '@/demo/prng';
import type { TextScope } from '@/demo/template';
import { type Channel, CHANNELS } from '@/demo/ticket-text';
import { TICKET_TYPES, type TeamKey, type TicketType } from '@/demo/topics';
import type { World } from '@/demo/world';

export const TICKET_HEADER = [
  'id', 'created_at', 'updated_at', 'subject', 'description', 'status', 'priority', 'channel', 'type', 'assignee',
  'requester', 'organization', 'first_response_at', 'resolved_at', 'resolution', 'tags', 'version', 'reopened', 'escalated',
] as const;
export const COMMENT_HEADER = ['id', 'ticket_id', 'created_at', 'author', 'author_role', 'public', 'body'] as const;
/** Columns whose values never need CSV quoting (ids, timestamps, enums, versions, booleans). */
export const TICKET_PLAIN_COLUMNS = [0, 1, 2, 5, 6, 7, 8, 12, 13, 16, 17, 18];
export const COMMENT_PLAIN_COLUMNS = [0, 1, 2, 4, 5];

export interface TicketDraft {
  createdMs: number;
  topic: number;
  org: number;
  requester: number;
  /** One of the planted outage's extra tickets. */
  outage: boolean;
  /** Assign to the overloaded agent (keeps the planted no-days-off streak unbroken). */
  toOverloaded: boolean;
}

export interface BuiltTicket {
  row: string[];
  comments: string[][];
  /** Index of the release in the `version` column, -1 when blank. */
  versionIndex: number;
}

type Priority = 'low' | 'normal' | 'high' | 'urgent';
const SPEED: Record<Priority, number> = { urgent: 0.3, high: 0.6, normal: 1, low: 1.6 };
const CHANNEL_MIX = new WeightedTable([0.44, 0.28, 0.16, 0.05, 0.07]);
const OUTAGE_CHANNEL_MIX = new WeightedTable([0.35, 0.2, 0.3, 0.1, 0.05]);
const NO_REPLY_RESOLUTIONS = ['No response from customer', 'Solved automatically after no reply', 'Closed - customer did not respond'];

/** Per-topic tables, built once per world. */
export class TicketFactory {
  private readonly typeTables: { types: TicketType[]; table: WeightedTable }[];
  private readonly teamTables: { teams: TeamKey[]; table: WeightedTable }[];

  constructor(private readonly world: World) {
    this.typeTables = world.timeline.topics.map((t) => {
      const types = TICKET_TYPES.filter((k) => (t.types[k] ?? 0) > 0);
      return { types, table: new WeightedTable(types.map((k) => t.types[k] ?? 0)) };
    });
    this.teamTables = world.timeline.topics.map((t) => {
      const teams = (Object.keys(t.routing) as TeamKey[]).filter((k) => (t.routing[k] ?? 0) > 0);
      return { teams, table: new WeightedTable(teams.map((k) => t.routing[k] ?? 0)) };
    });
  }

  build(rng: Rng, draft: TicketDraft, id: number, firstCommentId: number): BuiltTicket {
    const { timeline, population, dispatcher, texts } = this.world;
    const { plants, releases } = timeline;
    const spec = timeline.topics[draft.topic];
    const org = population.orgs[draft.org];
    const requester = population.requesters[draft.requester];
    const isNoise = draft.topic === timeline.noiseTopic;

    const channel: Channel = isNoise ? (rng.chance(0.85) ? 'email' : 'web') : CHANNELS[(draft.outage ? OUTAGE_CHANNEL_MIX : CHANNEL_MIX).draw(rng)];
    const urgency = spec.urgency + (draft.outage ? 0.3 : 0) + (org.vip ? 0.04 : 0);
    const priority = isNoise ? (rng.chance(0.7) ? 'low' : 'normal') : drawPriority(rng, urgency);
    const escalated = !isNoise && rng.chance(0.015 + (priority === 'urgent' ? 0.25 : priority === 'high' ? 0.05 : 0) + (org.vip ? 0.02 : 0));
    const teamTable = this.teamTables[draft.topic];
    let team = teamTable.teams[teamTable.table.draw(rng)];
    if (escalated && team === 'tier1') team = 'tier2';
    const agent: Agent = draft.topic === plants.niche
      ? dispatcher.nicheOwner
      : draft.toOverloaded
        ? dispatcher.overloaded
        : dispatcher.chooseAgent(rng, team, draft.createdMs);
    const angry = rng.chance(0.09 + (draft.outage ? 0.35 : 0) + (priority === 'urgent' ? 0.25 : 0) + (escalated ? 0.15 : 0));

    // The customer's product version, as adopted by the org; planted topics bend it.
    let versionIndex = adoptedReleaseIndex(releases, draft.org, org.adoptionLagDays, draft.createdMs);
    if (draft.topic === plants.newProblem.topic && versionIndex < plants.newProblem.release && rng.chance(0.9)) {
      versionIndex = plants.newProblem.release; // only customers on the new version hit the new bug
    }
    if (draft.topic === plants.fixed.topic && versionIndex >= plants.fixed.release && rng.chance(0.6)) {
      versionIndex = plants.fixed.release - 1; // after the fix, crashes come mostly from old versions
    }
    const textVersion = versionIndex >= 0 ? releases[versionIndex].version : releases[0].version;
    const versionColumn = versionIndex >= 0 && !rng.chance(isNoise ? 0.6 : 0.12) ? releases[versionIndex].version : '';

    const life = planTicketLife(rng, dispatcher, {
      createdMs: draft.createdMs,
      exportMs: timeline.exportMs,
      agent,
      speed: SPEED[priority],
      kind: isNoise ? 'noise' : draft.outage ? 'outage' : 'regular',
      escalated,
      incidentEndMs: plants.outage.endMs,
      reopenChance: angry ? 0.08 : 0.045,
    });

    const colleagueIndex = org.firstRequester + org.requesterTable.draw(rng);
    const fixRelease =
      draft.topic === plants.fixed.topic ? plants.fixed.release : draft.topic === plants.newProblem.topic ? plants.newProblem.hotfix : -1;
    const scope: TextScope = {
      vars: {
        first: requester.first,
        name: requester.name,
        email: requester.email,
        colleague: population.requesters[colleagueIndex === draft.requester ? org.firstRequester : colleagueIndex].email,
        org: org.name,
        orgDomain: org.domain,
        plan: org.plan,
        agent: agent.first,
        agentName: agent.name,
        teamName: TEAM_NAMES[agent.spec.team],
        version: textVersion,
        fixVersion: fixRelease >= 0 ? releases[fixRelease].version : '',
        incidentDate: isoUtc(plants.outage.startMs).slice(0, 10),
        incidentStart: isoUtc(plants.outage.startMs).slice(11, 16),
        incidentEnd: isoUtc(plants.outage.endMs).slice(11, 16),
        quote: '',
        quoteDate: '',
      },
      memo: new Map(),
    };
    const conversation = texts.begin(rng, draft.topic, scope, channel, angry);
    const subject = texts.subject(rng, conversation);
    const description = texts.description(rng, conversation);
    const lastFix = lastOf(life.events, 'fix');
    const afterRelease = fixRelease >= 0 && lastFix !== null && lastFix >= releases[fixRelease].atMs;
    const fix = texts.chooseFix(rng, conversation, afterRelease, draft.outage);

    const comments: string[][] = [];
    const assignee = life.assignee;
    let commentId = firstCommentId;
    for (const event of life.events) {
      const body = event.kind === 'first' ? description : texts.comment(rng, event.kind, conversation, event.isPublic);
      comments.push([
        String(commentId++),
        String(id),
        isoUtc(event.atMs),
        event.byAgent ? agent.name : requester.email,
        event.byAgent ? 'agent' : 'customer',
        event.isPublic ? 'true' : 'false',
        body,
      ]);
      if (event.byAgent && event.isPublic) {
        const paragraphs = body.split('\n\n');
        scope.vars.quote = (paragraphs[1] ?? paragraphs[0]).slice(0, 200).replace(/\n/g, ' ');
        scope.vars.quoteDate = quoteDate(event.atMs);
      }
    }

    let resolution = '';
    if (life.resolvedMs !== null) {
      const solvedBy = life.events.filter((e) => e.kind === 'fix' || e.kind === 'no-reply' || e.kind === 'dismiss').pop();
      resolution = solvedBy?.kind === 'no-reply' ? rng.pick(NO_REPLY_RESOLUTIONS) : fix;
    }

    const tags: string[] = spec.tags.filter(() => rng.chance(0.8));
    if (tags.length === 0 && spec.tags.length > 0) tags.push(spec.tags[0]);
    if (draft.outage) tags.push('incident');
    tags.push(`plan_${org.plan.toLowerCase()}`);
    if (org.vip) tags.push('vip');
    if (escalated) tags.push('escalated');
    if (channel === 'chat') tags.push('chat');

    const typeTable = this.typeTables[draft.topic];
    const type = draft.outage ? 'incident' : typeTable.types[typeTable.table.draw(rng)];
    const row = [
      String(id),
      isoUtc(draft.createdMs),
      isoUtc(life.updatedMs),
      subject,
      description,
      life.status,
      priority,
      channel,
      type,
      assignee ? assignee.name : '',
      requester.email,
      org.name,
      life.firstResponseMs !== null ? isoUtc(life.firstResponseMs) : '',
      life.resolvedMs !== null ? isoUtc(life.resolvedMs) : '',
      resolution,
      tags.join(';'),
      versionColumn,
      life.reopened ? 'true' : 'false',
      escalated ? 'true' : 'false',
    ];
    return { row, comments, versionIndex: versionColumn ? versionIndex : -1 };
  }
}

function drawPriority(rng: Rng, urgency: number): Priority {
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  const urgent = clamp(0.012 + 0.25 * urgency, 0.002, 0.2);
  const high = clamp(0.11 + 0.8 * urgency, 0.03, 0.5);
  const low = clamp(0.2 - 1.2 * urgency, 0.02, 0.5);
  const r = rng.next();
  if (r < urgent) return 'urgent';
  if (r < urgent + high) return 'high';
  if (r < urgent + high + low) return 'low';
  return 'normal';
}

function lastOf(events: readonly { atMs: number; kind: EventKind }[], kind: EventKind): number | null {
  for (let i = events.length - 1; i >= 0; i--) if (events[i].kind === kind) return events[i].atMs;
  return null;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue, 4 Mar 2025 at 10:12", as mail clients write it above a quoted reply. */
function quoteDate(ms: number): string {
  const d = new Date(ms);
  const iso = isoUtc(ms);
  return `${DAY_NAMES[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${iso.slice(11, 16)}`;
}
