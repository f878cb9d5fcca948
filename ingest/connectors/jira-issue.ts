/**
 * One Jira REST issue (`/rest/api/2/search` with `expand=changelog`) → the same ticket and
 * comment records the Jira CSV parser makes from a row, so an issue imported from a CSV export
 * and later pulled from the API is one ticket with the same comments:
 * - Labels and `component:<name>` tags, the first Affects Version as the product version;
 * - Resolution "Unresolved"/"None" is no resolution;
 * - comments get the CSV parser's ids (`KEY:comment:N`, in order) and roles (the reporter is
 *   the customer, everyone else an agent; the earliest other comment is the first response).
 * The API adds what the CSV lacks: the changelog says whether the issue was ever reopened.
 * Field reference: https://developer.atlassian.com/server/jira/platform/rest/v10000/api-group-search/
 */
import { parseJsonTimestamp } from '@/ingest/sources/dates';
import { idField, namesField, objectsField, textField } from '@/ingest/sources/json-fields';
import { isObject, rawJson, shown, type JsonRecord } from '@/ingest/sources/json-input';
import type { TicketConversion } from '@/ingest/sources/json-tickets';
import { jiraTicketRecord } from '@/ingest/sources/jira-ticket';
import { statusCategoryOf } from '@/ingest/sources/normalize';
import { rejected, unreadableDate } from '@/ingest/sources/rejects';
import { cleanOptional, cleanText, subjectFromBody } from '@/ingest/sources/text';
import type { EventRecord, ParsedItem } from '@/ingest/sources/types';

/** Jira's "no resolution yet" spellings (as in the CSV parser). */

/** A user as the CSV export shows it: the display name first. */
function userName(value: unknown): string | null {
  if (!isObject(value)) return cleanOptional(textField(value));
  return cleanOptional(textField(value.displayName) ?? textField(value.name) ?? textField(value.emailAddress) ?? textField(value.accountId));
}

function named(value: unknown): string | null {
  return isObject(value) ? cleanOptional(textField(value.name)) : null;
}

const LINE_END = Symbol('line end');

/**
 * API v2 sends wiki-markup text; v3 sends Atlassian Document Format, whose text nodes are kept.
 * Walked with a stack of its own, not recursion: nesting is as deep as the sender makes it.
 */
function bodyText(value: unknown): string {
  if (typeof value === 'string') return cleanText(value);
  if (!isObject(value)) return '';
  const parts: string[] = [];
  const stack: (Record<string, unknown> | typeof LINE_END)[] = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === LINE_END) {
      parts.push('\n');
      continue;
    }
    if (typeof node.text === 'string') parts.push(node.text);
    // After the children: a paragraph or heading ends its line.
    if (node.type === 'paragraph' || node.type === 'heading') stack.push(LINE_END);
    const children = objectsField(node.content);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return cleanText(parts.join(''));
}

/** True when the changelog moves the status from a solved/closed state back to an open one. */
function reopenedInChangelog(changelog: unknown): boolean {
  if (!isObject(changelog)) return false;
  for (const history of objectsField(changelog.histories)) {
    for (const item of objectsField(history.items)) {
      if (textField(item.field) !== 'status') continue;
      const from = statusCategoryOf(textField(item.fromString));
      const to = statusCategoryOf(textField(item.toString));
      if ((from === 'solved' || from === 'closed') && to !== 'solved' && to !== 'closed' && to !== null) return true;
    }
  }
  return false;
}

/** One issue of a search page → the ticket and its comment events. */
export function convertJiraIssue({ value, line }: JsonRecord, tz: string): TicketConversion {
  const fail = (field: string | null, reason: string, raw = rawJson(value)) => ({ rejected: rejected(line, field, reason, raw) });
  if (!isObject(value)) return fail(null, 'expected an issue object');
  const externalId = idField(value.key) ?? idField(value.id);
  if (externalId === null) return fail('key', 'the issue key/id is missing');
  const f = isObject(value.fields) ? value.fields : {};
  const date = (field: string): number | null => parseJsonTimestamp(f[field], tz);
  const created = date('created');
  if (created === null) return fail('fields.created', `issue ${externalId}: created is missing`);
  if (Number.isNaN(created)) return fail('fields.created', unreadableDate(shown(f.created)), shown(f.created));
  const updated = date('updated');
  if (updated !== null && Number.isNaN(updated)) return fail('fields.updated', unreadableDate(shown(f.updated)), shown(f.updated));
  const resolved = date('resolutiondate');
  if (resolved !== null && Number.isNaN(resolved)) return fail('fields.resolutiondate', unreadableDate(shown(f.resolutiondate)), shown(f.resolutiondate));

  const description = bodyText(f.description);
  let subject = cleanText(textField(f.summary) ?? '');
  if (subject === '') subject = subjectFromBody(description);
  if (subject === '') return fail('fields.summary', `issue ${externalId}: both summary and description are empty`);

  const tags = namesField(f.labels);
  const seen = new Set(tags);
  for (const name of namesField(f.components)) {
    const tag = `component:${name}`;
    if (!seen.has(tag)) {
      seen.add(tag);
      tags.push(tag);
    }
  }
  const productVersion = namesField(f.versions)[0] ?? null;
  const status = named(f.status);
  const priorityRaw = named(f.priority);
  const resolution = named(f.resolution);
  const reporter = userName(f.reporter);

  const events: EventRecord[] = [];
  const problems: ParsedItem[] = [];
  let firstAgentReply = Infinity;
  const comments = isObject(f.comment) ? objectsField(f.comment.comments) : [];
  comments.forEach((c, i) => {
    const at = parseJsonTimestamp(c.created, tz);
    if (at === null || Number.isNaN(at)) {
      problems.push(rejected(line, 'fields.comment.comments.created', at === null ? 'a comment has no time' : unreadableDate(shown(c.created)), rawJson(c)));
      return;
    }
    const author = userName(c.author);
    const byReporter = author !== null && author === reporter;
    if (!byReporter && at < firstAgentReply) firstAgentReply = at;
    events.push({
      ticketExternalId: externalId,
      // The CSV parser's id, so CSV imports and pulls of one issue share their comments.
      externalId: `${externalId}:comment:${i + 1}`,
      createdAt: new Date(at),
      author,
      authorRole: byReporter ? 'customer' : 'agent',
      // Jira Service Management marks internal notes jsdPublic: false.
      isPublic: c.jsdPublic !== false,
      body: bodyText(c.body),
      line,
    });
  });

  const ticket = jiraTicketRecord({
    externalId,
    created,
    updated,
    resolved,
    firstAgentReply,
    status,
    priority: priorityRaw,
    issueType: named(f.issuetype),
    subject,
    description,
    resolution,
    productVersion,
    tags,
    assignee: userName(f.assignee),
    reporter,
    reopenedInHistory: reopenedInChangelog(value.changelog),
    line,
  });
  return { ticket, events, problems };
}
