/**
 * Freshdesk API v2 tickets JSON (`GET /api/v2/tickets?include=stats`): a bare array or
 * `{tickets:[…]}`, numeric status/priority/source codes, HTML `description` next to
 * `description_text`, optional `stats` timestamps and `conversations[]` (from
 * `GET /tickets/{id}/conversations`, merged per ticket) which become events. A ticket with
 * `deleted: true` (trash) or `spam: true` is a deletion.
 */
import { parseJsonTimestamp } from './dates';
import { FRESHDESK_PRIORITY, FRESHDESK_SOURCE, FRESHDESK_STATUS } from './freshdesk-codes';
import { idField, namesField, numberField, objectsField, personField, textField } from './json-fields';
import { isObject, rawJson, readJsonDocuments, recordsOf, shown, type JsonRecord } from './json-input';
import { earliest, emitTickets, unexpectedJson, type TicketConversion } from './json-tickets';
import { channelOf, hasEscalationTag, priorityOf, statusCategoryOf, ticketTypeOf } from './normalize';
import { rejected, unreadableDate } from './rejects';
import type { ParseSummary } from './summary';
import { cleanOptional, cleanText, htmlToText, subjectFromBody } from './text';
import type { EventRecord, ParsedItem, ParseOptions, StatusCategory } from './types';

/** `description_text` when Freshdesk sent it, else the HTML `description` turned into text. */
function plainBody(text: unknown, html: unknown): string {
  const plain = textField(text);
  if (plain !== null && plain.trim() !== '') return cleanText(plain);
  const markup = textField(html);
  return markup === null ? '' : htmlToText(markup);
}

export async function* parseFreshdeskJson(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  summary: ParseSummary,
): AsyncGenerator<ParsedItem> {
  const tz = options.timeZone;
  const json = await readJsonDocuments(input, options);
  const records = recordsOf(json, ['tickets']);
  if (records === null) throw unexpectedJson(json, 'Freshdesk tickets (an array of tickets or {"tickets": [...]})');

  function* conversions(): Generator<TicketConversion> {
    for (const record of records!) yield convertFreshdeskTicket(record, tz);
  }
  yield* emitTickets(conversions(), summary);
}

/** One Freshdesk ticket object (its `stats` and merged `conversations` included) → the ticket and its events. */
export function convertFreshdeskTicket({ value, line }: JsonRecord, tz: string): TicketConversion {
  const fail = (field: string | null, reason: string, raw = rawJson(value)) => ({ rejected: rejected(line, field, reason, raw) });
  const date = (v: unknown) => parseJsonTimestamp(v, tz);
  if (!isObject(value)) return fail(null, 'expected a ticket object');
  const externalId = idField(value.id);
  if (externalId === null) return fail('id', 'the ticket id is missing');
  const created = date(value.created_at);
  if (created === null) return fail('created_at', `ticket ${externalId}: created_at is missing`);
  if (Number.isNaN(created)) return fail('created_at', unreadableDate(shown(value.created_at)), shown(value.created_at));
  const updated = date(value.updated_at);
  if (updated !== null && Number.isNaN(updated)) return fail('updated_at', unreadableDate(shown(value.updated_at)), shown(value.updated_at));
  // Trashed or marked as spam (`filter=deleted` / `filter=spam` listings, or a ticket viewed by id).
  if (value.deleted === true || value.spam === true) return { deletion: { externalId, deletedAt: updated === null ? null : new Date(updated), line } };
  const stats = isObject(value.stats) ? value.stats : {};
  const resolved = date(stats.resolved_at ?? stats.closed_at);
  if (resolved !== null && Number.isNaN(resolved)) return fail('stats.resolved_at', unreadableDate(shown(stats.resolved_at)), rawJson(stats));
  const responded = date(stats.first_responded_at);
  if (responded !== null && Number.isNaN(responded)) {
    return fail('stats.first_responded_at', unreadableDate(shown(stats.first_responded_at)), rawJson(stats));
  }

  const description = plainBody(value.description_text, value.description);
  let subject = cleanText(textField(value.subject) ?? '');
  if (subject === '') subject = subjectFromBody(description);
  if (subject === '') return fail('subject', `ticket ${externalId}: both subject and description are empty`);

  const statusCode = numberField(value.status);
  const status = cleanOptional(textField(value.status));
  // Codes 6+ are statuses an account defined itself: their meaning is unknown here.
  const statusCategory: StatusCategory | null =
    statusCode !== null ? (FRESHDESK_STATUS[statusCode]?.category ?? null) : statusCategoryOf(status);
  const priorityCode = numberField(value.priority);
  const priorityRaw = cleanOptional(textField(value.priority));
  const sourceCode = numberField(value.source);

  const events: EventRecord[] = [];
  const problems: ParsedItem[] = [];
  let lastAgentReply: EventRecord | null = null;
  for (const c of objectsField(value.conversations)) {
    const at = date(c.created_at);
    if (at === null || Number.isNaN(at)) {
      problems.push(rejected(line, 'conversations.created_at', at === null ? 'a conversation has no created_at' : unreadableDate(shown(c.created_at)), rawJson(c)));
      continue;
    }
    const userId = idField(c.user_id);
    const event: EventRecord = {
      ticketExternalId: externalId,
      externalId: idField(c.id) ?? `${externalId}:${at}`,
      createdAt: new Date(at),
      author: userId === null ? null : `user:${userId}`,
      authorRole: c.incoming === true ? 'customer' : 'agent',
      isPublic: c.private !== true,
      body: plainBody(c.body_text, c.body),
      line,
    };
    events.push(event);
    if (event.authorRole === 'agent' && event.isPublic && (lastAgentReply === null || at >= lastAgentReply.createdAt.getTime())) {
      lastAgentReply = event;
    }
  }
  const solved = statusCategory === 'solved' || statusCategory === 'closed';
  const firstAgentReply = earliest(events.filter((e) => e.authorRole === 'agent' && e.isPublic).map((e) => e.createdAt.getTime()));
  const tags = namesField(value.tags);
  const requesterId = idField(value.requester_id);
  const responderId = idField(value.responder_id);
  const companyId = idField(value.company_id);

  return {
    ticket: {
      externalId,
      createdAt: new Date(created),
      updatedAt: updated === null ? null : new Date(updated),
      firstResponseAt: responded !== null ? new Date(responded) : firstAgentReply,
      resolvedAt: resolved === null ? null : new Date(resolved),
      status,
      statusCategory,
      priorityRaw,
      priority: priorityCode !== null ? (FRESHDESK_PRIORITY[priorityCode] ?? null) : priorityOf(priorityRaw),
      channel: sourceCode !== null ? (FRESHDESK_SOURCE[sourceCode] ?? `source-${sourceCode}`) : channelOf(textField(value.source)),
      type: ticketTypeOf(textField(value.type)),
      subject,
      description,
      // The last public agent reply of a solved ticket is usually the answer.
      resolution: solved && lastAgentReply !== null && lastAgentReply.body !== '' ? lastAgentReply.body : null,
      productVersion: null,
      product: null,
      fixVersions: [],
      tags,
      assignee: personField(value.responder) ?? (responderId === null ? null : `user:${responderId}`),
      requester: personField(value.requester) ?? (requesterId === null ? null : `user:${requesterId}`),
      organization: personField(value.company) ?? (companyId === null ? null : `org:${companyId}`),
      reopened: stats.reopened_at !== undefined && stats.reopened_at !== null,
      escalated: value.is_escalated === true || hasEscalationTag(tags),
      line,
    },
    events,
    problems,
  };
}
