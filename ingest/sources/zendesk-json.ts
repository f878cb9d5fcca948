/**
 * Zendesk Incremental Ticket Export JSON: `{tickets:[…], users?, organizations?, metric_sets?}`,
 * a bare array of tickets, or pages `[{tickets…},{tickets…}]`. Optional `ticket_events` with
 * Comment child events (the incremental ticket-events export) become events.
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
 *
 * The export is an update stream, so a ticket appears once per change: the copy with the newest
 * `updated_at` is kept. A deleted ticket (status "deleted") becomes a deletion of the stored copy.
 */
import { parseJsonTimestamp } from './dates';
import { idField, namesField, numberField, objectsField, textField } from './json-fields';
import { isObject, rawJson, readJsonDocuments, recordsOf, sideLoaded, shown, type JsonRecord } from './json-input';
import { earliest, emitTickets, unexpectedJson, type TicketConversion } from './json-tickets';
import { channelOf, hasEscalationTag, priorityOf, statusCategoryOf, ticketTypeOf } from './normalize';
import { rejected, unreadableDate } from './rejects';
import type { ParseSummary, SkipReason } from './summary';
import { cleanOptional, cleanText, htmlToText, subjectFromBody } from './text';
import type { AuthorRole, EventRecord, ParsedItem, ParseOptions, TicketRecord } from './types';

/** Names and roles of side-loaded users, names of organizations and of brands, by id. */
export interface ZendeskPeople {
  names: Map<string, string>;
  roles: Map<string, string>;
  organizations: Map<string, string>;
  /** Brand names: a multi-brand desk's brand is the product a ticket is about. */
  brands: Map<string, string>;
}

interface Metrics {
  solvedAt: unknown;
  replyMinutes: number | null;
  reopens: number | null;
}

/** Everything besides the ticket object that its conversion reads. */
export interface ZendeskContext {
  timeZone: string;
  people: ZendeskPeople;
  /** Side-loaded `metric_sets` by ticket id (see `zendeskMetrics`). */
  metrics: Map<string, Metrics>;
  /** Comment events by ticket id. */
  eventsByTicket: Map<string, EventRecord[]>;
}

/** People from side-loaded `users`, `organizations` and `brands` arrays (from one or many pages). */
export function zendeskPeople(users: unknown[], organizations: unknown[], brands: unknown[] = []): ZendeskPeople {
  const names = new Map<string, string>();
  const roles = new Map<string, string>();
  for (const user of users) {
    if (!isObject(user)) continue;
    const id = idField(user.id);
    const name = textField(user.name) ?? textField(user.email);
    if (id === null) continue;
    if (name !== null && name.trim() !== '') names.set(id, name.trim());
    const role = textField(user.role);
    if (role !== null) roles.set(id, role);
  }
  const orgs = new Map<string, string>();
  for (const org of organizations) {
    if (!isObject(org)) continue;
    const id = idField(org.id);
    const name = textField(org.name);
    if (id !== null && name !== null && name.trim() !== '') orgs.set(id, name.trim());
  }
  const brandNames = new Map<string, string>();
  for (const brand of brands) {
    if (!isObject(brand)) continue;
    const id = idField(brand.id);
    const name = textField(brand.name);
    if (id !== null && name !== null && name.trim() !== '') brandNames.set(id, name.trim());
  }
  return { names, roles, organizations: orgs, brands: brandNames };
}

function metricsOf(value: unknown): Metrics | null {
  if (!isObject(value)) return null;
  const reply = value.reply_time_in_minutes;
  return {
    solvedAt: value.solved_at,
    replyMinutes: isObject(reply) ? numberField(reply.calendar) : numberField(reply),
    reopens: numberField(value.reopens),
  };
}

/** Side-loaded `metric_sets` by ticket id. */
export function zendeskMetrics(metricSets: unknown[]): Map<string, Metrics> {
  const metrics = new Map<string, Metrics>();
  for (const m of metricSets) {
    const parsed = isObject(m) ? metricsOf(m) : null;
    const ticketId = isObject(m) ? idField(m.ticket_id) : null;
    if (parsed !== null && ticketId !== null) metrics.set(ticketId, parsed);
  }
  return metrics;
}

/** A user or organization id as a display name; `user:<id>` when it was not side-loaded. */
function personOf(people: ZendeskPeople, id: unknown, prefix: 'user' | 'org'): string | null {
  const key = idField(id);
  if (key === null) return null;
  return (prefix === 'user' ? people.names : people.organizations).get(key) ?? `${prefix}:${key}`;
}

export async function* parseZendeskJson(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  summary: ParseSummary,
): AsyncGenerator<ParsedItem> {
  const tz = options.timeZone;
  const json = await readJsonDocuments(input, options);
  const hasEvents = sideLoaded(json, 'ticket_events').length > 0;
  const tickets = recordsOf(json, ['tickets']) ?? (hasEvents ? [] : null);
  if (tickets === null) throw unexpectedJson(json, 'a Zendesk incremental export ({"tickets": [...]} or an array of tickets)');
  const people = zendeskPeople(sideLoaded(json, 'users'), sideLoaded(json, 'organizations'), sideLoaded(json, 'brands'));
  const metrics = zendeskMetrics(sideLoaded(json, 'metric_sets'));

  // Comment events first: tickets take their first agent reply from them when metrics are absent.
  const requesters = new Map<string, string>();
  for (const { value } of tickets) {
    if (isObject(value) && idField(value.id) !== null && idField(value.requester_id) !== null) {
      requesters.set(idField(value.id)!, idField(value.requester_id)!);
    }
  }
  const eventsByTicket = new Map<string, EventRecord[]>();
  const eventProblems: ParsedItem[] = [];
  if (hasEvents) {
    for (const { value, line } of recordsOf(json, ['ticket_events']) ?? []) {
      for (const item of zendeskCommentEvents(value, line, tz, people, requesters)) {
        if (item.kind === 'event') {
          const list = eventsByTicket.get(item.record.ticketExternalId);
          if (list) list.push(item.record);
          else eventsByTicket.set(item.record.ticketExternalId, [item.record]);
        } else {
          eventProblems.push(item);
        }
      }
    }
  }

  const context: ZendeskContext = { timeZone: tz, people, metrics, eventsByTicket };
  function* conversions(): Generator<TicketConversion> {
    for (const record of tickets!) yield convertZendeskTicket(record, context);
  }
  yield* emitTickets(conversions(), summary);
  // Events of tickets not in this file (an events-only export): the loader attaches them by id.
  const emitted = new Set(tickets.map((t) => (isObject(t.value) ? idField(t.value.id) : null)));
  for (const [ticketId, events] of eventsByTicket) {
    if (emitted.has(ticketId)) continue;
    for (const record of events) yield { kind: 'event', record };
  }
  yield* eventProblems;
}

/**
 * Comment child events of one `ticket_events` entry. The comments API
 * (`/tickets/{id}/comments.json`) gives the same objects: wrap them as
 * `{ticket_id, child_events: comments}`. `requesters` maps ticket id → requester id.
 */
export function* zendeskCommentEvents(
  value: unknown,
  line: number,
  tz: string,
  people: ZendeskPeople,
  requesters: Map<string, string>,
): Generator<ParsedItem> {
  const person = (id: unknown, prefix: 'user') => personOf(people, id, prefix);
  if (!isObject(value)) {
    yield rejected(line, null, 'expected a ticket event object', rawJson(value));
    return;
  }
  const children = objectsField(value.child_events).filter((c) => (textField(c.event_type) ?? textField(c.type)) === 'Comment');
  if (children.length === 0) return;
  const ticketId = idField(value.ticket_id);
  if (ticketId === null) {
    yield rejected(line, 'ticket_id', 'the ticket event has no ticket_id', rawJson(value));
    return;
  }
  for (const child of children) {
    const rawTime = child.created_at ?? value.created_at ?? value.timestamp;
    const created = parseJsonTimestamp(rawTime, tz);
    if (created === null || Number.isNaN(created)) {
      yield rejected(line, 'created_at', created === null ? 'the comment has no time' : unreadableDate(shown(rawTime)), rawJson(child));
      continue;
    }
    const authorId = idField(child.author_id) ?? idField(value.updater_id);
    const role = authorId === null ? undefined : people.roles.get(authorId);
    let authorRole: AuthorRole;
    if (role !== undefined) authorRole = role === 'end-user' ? 'customer' : 'agent';
    else if (authorId === '-1') authorRole = 'system'; // Zendesk's id for automatic updates
    else authorRole = authorId !== null && requesters.get(ticketId) === authorId ? 'customer' : 'agent';
    const html = textField(child.html_body);
    const body = cleanText(textField(child.body) ?? textField(child.plain_body) ?? (html === null ? '' : htmlToText(html)));
    const ownId = idField(child.id);
    yield {
      kind: 'event',
      record: {
        ticketExternalId: ticketId,
        externalId: ownId ?? `${ticketId}:${created}`,
        createdAt: new Date(created),
        author: person(authorId, 'user'),
        authorRole,
        isPublic: child.public !== false,
        body,
        line,
      },
    };
  }
}

/** One ticket of the incremental export → the ticket and its comment events (from `context`). */
export function convertZendeskTicket({ value, line }: JsonRecord, context: ZendeskContext): TicketConversion {
  const { timeZone: tz, metrics, eventsByTicket } = context;
  const person = (id: unknown, prefix: 'user' | 'org') => personOf(context.people, id, prefix);
  const fail = (field: string | null, reason: string, raw = rawJson(value)) => ({ rejected: rejected(line, field, reason, raw) });
  if (!isObject(value)) return fail(null, 'expected a ticket object');
  const externalId = idField(value.id);
  if (externalId === null) return fail('id', 'the ticket id is missing');
  const updated = parseJsonTimestamp(value.updated_at, tz);
  if (updated !== null && Number.isNaN(updated)) return fail('updated_at', unreadableDate(shown(value.updated_at)), shown(value.updated_at));
  // The export keeps deleted tickets with status "deleted" (their text may be scrubbed already):
  // the newest copy decides, like for any other change.
  if (value.status === 'deleted') return { deletion: { externalId, deletedAt: updated === null ? null : new Date(updated), line } };
  const created = parseJsonTimestamp(value.created_at, tz);
  if (created === null) return fail('created_at', `ticket ${externalId}: created_at is missing`);
  if (Number.isNaN(created)) return fail('created_at', unreadableDate(shown(value.created_at)), shown(value.created_at));
  const description = cleanText(textField(value.description) ?? '');
  let subject = cleanText(textField(value.subject) ?? textField(value.raw_subject) ?? '');
  if (subject === '') subject = subjectFromBody(description);
  if (subject === '') return fail('subject', `ticket ${externalId}: both subject and description are empty`);

  const metric = metrics.get(externalId) ?? metricsOf(value.metric_set);
  let resolved: number | null = null;
  let firstResponse: number | null = null;
  if (metric !== null) {
    resolved = parseJsonTimestamp(metric.solvedAt, tz);
    if (resolved !== null && Number.isNaN(resolved)) return fail('solved_at', unreadableDate(shown(metric.solvedAt)), shown(metric.solvedAt));
    if (metric.replyMinutes !== null) {
      if (!(metric.replyMinutes >= 0 && metric.replyMinutes < 100 * 365 * 24 * 60)) {
        return fail('reply_time_in_minutes', `ticket ${externalId}: cannot use a reply time of ${metric.replyMinutes} minutes`, shown(metric.replyMinutes));
      }
      firstResponse = created + metric.replyMinutes * 60_000;
    }
  }
  const events = eventsByTicket.get(externalId) ?? [];
  const firstAgentReply = earliest(events.filter((e) => e.authorRole === 'agent' && e.isPublic).map((e) => e.createdAt.getTime()));

  const tags = namesField(value.tags);
  const status = cleanOptional(textField(value.status));
  const priorityRaw = cleanOptional(textField(value.priority));
  const via = isObject(value.via) ? textField(value.via.channel) : null;
  return {
    ticket: {
      externalId,
      createdAt: new Date(created),
      updatedAt: updated === null ? null : new Date(updated),
      firstResponseAt: firstResponse !== null ? new Date(firstResponse) : firstAgentReply,
      resolvedAt: resolved === null ? null : new Date(resolved),
      status,
      statusCategory: statusCategoryOf(status),
      priorityRaw,
      priority: priorityOf(priorityRaw),
      channel: channelOf(via),
      type: ticketTypeOf(textField(value.type)),
      subject,
      description,
      resolution: null,
      productVersion: null,
      // Only a named brand: a bare brand id would never match the product of a release.
      product: context.people.brands.get(idField(value.brand_id) ?? '') ?? null,
      fixVersions: [],
      tags,
      assignee: person(value.assignee_id, 'user'),
      requester: person(value.requester_id, 'user'),
      organization: person(value.organization_id, 'org'),
      reopened: (metric?.reopens ?? 0) > 0,
      escalated: hasEscalationTag(tags),
      line,
    },
    events,
    problems: [],
  };
}
