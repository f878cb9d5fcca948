/**
 * Jira REST issue JSON → the same ticket and comment records the Jira CSV parser makes from a
 * row, so an issue imported from a CSV export, from saved REST JSON files, or pulled from the API
 * is one ticket with the same comments. Used by the pull connector (ingest/connectors/jira.ts)
 * and, as the `jira-json` file format, by `ingest`: a single issue (`{"id", "key", "fields"}`,
 * as `GET /rest/api/2/issue/{key}` returns it), a search page (`{"issues": [...]}` from
 * `/rest/api/2/search` or `/rest/api/3/search/jql`), an array of either, or several concatenated.
 * - Labels and `component:<name>` tags, the first Affects Version as the product version, the
 *   Fix Versions as what the issue was fixed in, the project (name, else key) as the product;
 * - Resolution "Unresolved"/"None" is no resolution;
 * - comments get the CSV parser's ids (`KEY:comment:N`, in order) and roles (the reporter is
 *   the customer, everyone else an agent; the earliest other comment is the first response).
 * - bodies: API v2 (and Server/Data Center) send wiki-markup strings, Cloud's v3 sends Atlassian
 *   Document Format, turned into plain text by adf-text.ts.
 * The API adds what the CSV lacks: the changelog says whether the issue was ever reopened.
 * Field reference: https://developer.atlassian.com/server/jira/platform/rest/v10000/api-group-search/
 */
import { adfToText } from './adf-text';
import { parseJsonTimestamp } from './dates';
import { idField, namesField, objectsField, textField } from './json-fields';
import { isObject, rawJson, readJsonDocuments, shown, type JsonDocuments, type JsonRecord } from './json-input';
import { emitTickets, unexpectedJson, type TicketConversion } from './json-tickets';
import { jiraTicketRecord } from './jira-ticket';
import { statusCategoryOf } from './normalize';
import { rejected, unreadableDate } from './rejects';
import type { ParseSummary } from './summary';
import { cleanOptional, cleanText, subjectFromBody } from './text';
import { isValidTimeZone } from '@/lib/time';
import type { EventRecord, ParsedItem, ParseOptions } from './types';

/** Jira's "no resolution yet" spellings (as in the CSV parser). */

/** A user as the CSV export shows it: the display name first. */
function userName(value: unknown): string | null {
  if (!isObject(value)) return cleanOptional(textField(value));
  return cleanOptional(textField(value.displayName) ?? textField(value.name) ?? textField(value.emailAddress) ?? textField(value.accountId));
}

/**
 * The user's own zone as Jira stores it (`timeZone` on user objects of the REST API), when it is
 * a zone this runtime knows; team load reads working hours in it (lib/analysis/team).
 */
function userTimeZone(value: unknown): string | null {
  if (!isObject(value)) return null;
  const zone = cleanOptional(textField(value.timeZone));
  return zone !== null && isValidTimeZone(zone) ? zone : null;
}

function named(value: unknown): string | null {
  return isObject(value) ? cleanOptional(textField(value.name)) : null;
}

/** API v2 sends wiki-markup text; v3 sends an Atlassian Document Format tree. */
export function jiraBodyText(value: unknown): string {
  if (typeof value === 'string') return cleanText(value);
  return cleanText(adfToText(value));
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

  const description = jiraBodyText(f.description);
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
  const fixVersions = namesField(f.fixVersions);
  const project = isObject(f.project) ? f.project : {};
  const product = cleanOptional(textField(project.name) ?? textField(project.key));
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
      authorTimeZone: userTimeZone(c.author),
      authorRole: byReporter ? 'customer' : 'agent',
      // Jira Service Management marks internal notes jsdPublic: false.
      isPublic: c.jsdPublic !== false,
      body: jiraBodyText(c.body),
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
    product,
    fixVersions,
    tags,
    assignee: userName(f.assignee),
    reporter,
    reopenedInHistory: reopenedInChangelog(value.changelog),
    line,
  });
  const assigneeTimeZone = userTimeZone(f.assignee);
  if (assigneeTimeZone !== null) ticket.assigneeTimeZone = assigneeTimeZone;
  return { ticket, events, problems };
}

/** An issue object: what a single-issue file holds and what search pages list. */
function isIssue(value: unknown): boolean {
  return isObject(value) && isObject(value.fields) && (typeof value.key === 'string' || typeof value.id === 'string');
}

/** The issues of a file: single issues, search pages (`issues`), or arrays of either, in file order. */
function issueRecords(json: JsonDocuments): JsonRecord[] | null {
  const out: JsonRecord[] = [];
  const fromPage = (page: unknown, depth: number) => {
    for (const value of (page as { issues: unknown[] }).issues) out.push({ value, line: json.lines.next(depth, 'issues') });
  };
  for (const doc of json.docs) {
    if (isIssue(doc)) out.push({ value: doc, line: 1 });
    else if (isObject(doc) && Array.isArray(doc.issues)) fromPage(doc, 2);
    else if (Array.isArray(doc)) {
      for (const element of doc) {
        const line = json.lines.next(1, '');
        if (isObject(element) && Array.isArray(element.issues)) fromPage(element, 3);
        else out.push({ value: element, line });
      }
    } else return null;
  }
  return out;
}

/** Saved Jira REST JSON (see the header): tickets and their comments, de-duplicated on the newest `updated`. */
export async function* parseJiraJson(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  summary: ParseSummary,
): AsyncGenerator<ParsedItem> {
  const json = await readJsonDocuments(input, options);
  const records = issueRecords(json);
  if (records === null) throw unexpectedJson(json, 'Jira REST issues (an issue {"key", "fields"}, a search page {"issues": [...]} or an array of them)');
  function* conversions(): Generator<TicketConversion> {
    for (const record of records!) yield convertJiraIssue(record, options.timeZone);
  }
  yield* emitTickets(conversions(), summary);
}
