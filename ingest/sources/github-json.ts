/**
 * GitHub issues JSON in its two common shapes:
 * - REST `GET /repos/{owner}/{repo}/issues?state=all` (snake_case; also `gh api --paginate`,
 *   which prints the pages back to back, and the search API's `{items:[…]}`);
 * - `gh issue list --json number,title,body,state,stateReason,createdAt,updatedAt,closedAt,author,assignees,labels,url[,comments]`
 *   (camelCase; `comments` become events).
 *
 * The issues endpoint also lists pull requests (they carry a `pull_request` key): they are not
 * support tickets, so they are skipped and counted in the summary's `skipped['pull-request']`.
 * Ids are `owner/repo#number` when the repository can be read from the item's URLs, else the
 * number alone — ask `gh` for the `url` field so both shapes give the same ids.
 */
import { parseJsonTimestamp } from './dates';
import { idField, namesField, numberField, objectsField, personField, textField } from './json-fields';
import { isObject, rawJson, readJsonDocuments, recordsOf, shown, type JsonRecord } from './json-input';
import { earliest, emitTickets, unexpectedJson, type TicketConversion } from './json-tickets';
import { hasEscalationTag, priorityOf } from './normalize';
import { rejected, unreadableDate } from './rejects';
import type { ParseSummary } from './summary';
import { cleanText } from './text';
import type { AuthorRole, EventRecord, ParsedItem, ParseOptions, Priority, StatusCategory } from './types';

const REPO_FROM_API_URL = /^https?:\/\/[^/]+\/(?:api\/v3\/)?repos\/([^/]+\/[^/]+?)(?:\/|$)/;
const REPO_FROM_HTML_URL = /^https?:\/\/[^/]+\/([^/]+\/[^/]+)\/(?:issues|pull)\/\d+/;

function repositoryOf(item: Record<string, unknown>): string | null {
  const api = textField(item.repository_url);
  const m = api === null ? null : REPO_FROM_API_URL.exec(api);
  if (m) return m[1];
  for (const key of ['html_url', 'url']) {
    const url = textField(item[key]);
    const h = url === null ? null : REPO_FROM_HTML_URL.exec(url);
    if (h) return h[1];
    const a = url === null ? null : REPO_FROM_API_URL.exec(url);
    if (a) return a[1];
  }
  const repo = item.repository;
  if (isObject(repo)) return textField(repo.nameWithOwner) ?? textField(repo.full_name);
  return null;
}

/** The milestone's title (`{title}` in both the REST and the `gh` shape), as a one-item list. */
function milestoneOf(item: Record<string, unknown>): string[] {
  const title = isObject(item.milestone) ? textField(item.milestone.title) : null;
  return title === null || title.trim() === '' ? [] : [title.trim()];
}

const TYPE_LABELS = new Map<string, string>([
  ['bug', 'bug'], ['type: bug', 'bug'], ['kind/bug', 'bug'], ['type/bug', 'bug'],
  ['enhancement', 'feature'], ['feature', 'feature'], ['feature request', 'feature'], ['type: feature', 'feature'],
  ['kind/feature', 'feature'], ['question', 'question'], ['type: question', 'question'], ['documentation', 'documentation'],
]);
const PRIORITY_LABEL = /^(?:priority[:/ -]+\S|p[0-4]$)/i;

/** Issue type and priority from labels such as "bug", "kind/feature", "priority: high", "P1". */
function fromLabels(labels: string[]): { type: string | null; priorityRaw: string | null; priority: Priority | null } {
  let type: string | null = null;
  let priorityRaw: string | null = null;
  for (const label of labels) {
    const lower = label.toLowerCase();
    if (type === null) type = TYPE_LABELS.get(lower) ?? null;
    if (priorityRaw === null && PRIORITY_LABEL.test(lower) && priorityOf(lower) !== null) priorityRaw = label;
  }
  return { type, priorityRaw, priority: priorityOf(priorityRaw) };
}

/** Maintainers answer as "agents"; everyone else is a customer of the project. */
function roleOfAssociation(association: string | null): AuthorRole | null {
  if (association === null) return null;
  const a = association.toUpperCase();
  if (a === 'OWNER' || a === 'MEMBER' || a === 'COLLABORATOR') return 'agent';
  return 'customer';
}

export async function* parseGithubJson(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  summary: ParseSummary,
): AsyncGenerator<ParsedItem> {
  const tz = options.timeZone;
  const json = await readJsonDocuments(input, options);
  const records = recordsOf(json, ['items', 'issues']);
  if (records === null) throw unexpectedJson(json, 'GitHub issues (an array from the REST API or `gh issue list --json`)');

  function* conversions(): Generator<TicketConversion> {
    for (const record of records!) yield convertGithubIssue(record, tz);
  }
  yield* emitTickets(conversions(), summary);
}

/** The ticket id of an issue object (`owner/repo#number`, or the number alone), null when it has no number. */
export function githubIssueId(value: Record<string, unknown>): string | null {
  const number = numberField(value.number) ?? (idField(value.number) !== null ? Number(idField(value.number)) : null);
  if (number === null || !Number.isInteger(number)) return null;
  const repo = repositoryOf(value);
  return repo === null ? String(number) : `${repo}#${number}`;
}

/** One GitHub issue (REST or `gh` shape, `comments` as an array of comment objects) → the ticket and its events. */
export function convertGithubIssue({ value, line }: JsonRecord, tz: string): TicketConversion {
  const fail = (field: string | null, reason: string, raw = rawJson(value)) => ({ rejected: rejected(line, field, reason, raw) });
  if (!isObject(value)) return fail(null, 'expected an issue object');
  if ('pull_request' in value || value.isPullRequest === true) return { skip: 'pull-request' };
  const gh = 'createdAt' in value; // gh CLI output is camelCase
  const externalId = githubIssueId(value);
  if (externalId === null) return fail('number', 'the issue number is missing');
  const number = Number(externalId.slice(externalId.lastIndexOf('#') + 1));
  const createdField = gh ? 'createdAt' : 'created_at';
  const created = parseJsonTimestamp(value[createdField], tz);
  if (created === null) return fail(createdField, `issue ${number}: ${createdField} is missing`);
  if (Number.isNaN(created)) return fail(createdField, unreadableDate(shown(value[createdField])), shown(value[createdField]));
  const updatedField = gh ? 'updatedAt' : 'updated_at';
  const updated = parseJsonTimestamp(value[updatedField], tz);
  if (updated !== null && Number.isNaN(updated)) return fail(updatedField, unreadableDate(shown(value[updatedField])), shown(value[updatedField]));
  const closedField = gh ? 'closedAt' : 'closed_at';
  const closed = parseJsonTimestamp(value[closedField], tz);
  if (closed !== null && Number.isNaN(closed)) return fail(closedField, unreadableDate(shown(value[closedField])), shown(value[closedField]));
  const subject = cleanText(textField(value.title) ?? '');
  if (subject === '') return fail('title', `issue ${number}: the title is empty`);

  const state = textField(value.state);
  // gh writes "" for open issues and upper case ("NOT_PLANNED"); REST writes null and lower case.
  const stateReason = (textField(gh ? value.stateReason : value.state_reason) ?? '').trim().toLowerCase() || null;
  const isClosed = state !== null && state.toLowerCase() === 'closed';
  const statusCategory: StatusCategory | null =
    state === null ? null : !isClosed ? 'open' : stateReason === 'not_planned' || stateReason === 'duplicate' ? 'closed' : 'solved';
  const tags = namesField(value.labels);
  const author = personField(gh ? value.author : value.user);
  const assignee = personField(value.assignee) ?? personField(objectsField(value.assignees)[0]);

  // `gh issue list --json comments`; the REST issue only has a comment count.
  const events: EventRecord[] = [];
  const problems: ParsedItem[] = [];
  objectsField(value.comments).forEach((c, i) => {
    const at = parseJsonTimestamp(c.createdAt ?? c.created_at, tz);
    if (at === null || Number.isNaN(at)) {
      problems.push(rejected(line, 'comments.createdAt', at === null ? 'a comment has no time' : unreadableDate(shown(c.createdAt ?? c.created_at)), rawJson(c)));
      return;
    }
    const commenter = personField(c.author ?? c.user);
    const role = roleOfAssociation(textField(c.authorAssociation ?? c.author_association)) ?? (commenter !== null && commenter === author ? 'customer' : 'agent');
    events.push({
      ticketExternalId: externalId,
      externalId: idField(c.id) ?? textField(c.url) ?? `${externalId}:comment:${i + 1}`,
      createdAt: new Date(at),
      author: commenter,
      authorRole: role,
      isPublic: true,
      body: cleanText(textField(c.body) ?? ''),
      line,
    });
  });
  const labels = fromLabels(tags);
  return {
    ticket: {
      externalId,
      createdAt: new Date(created),
      updatedAt: updated === null ? null : new Date(updated),
      firstResponseAt: earliest(events.filter((e) => e.authorRole === 'agent').map((e) => e.createdAt.getTime())),
      resolvedAt: isClosed && closed !== null ? new Date(closed) : null,
      // Lower-cased so REST ("closed") and gh ("CLOSED") exports of one repository agree.
      status: state === null ? null : state.toLowerCase(),
      statusCategory,
      priorityRaw: labels.priorityRaw,
      priority: labels.priority,
      channel: 'github',
      type: labels.type,
      subject,
      description: cleanText(textField(value.body) ?? ''),
      resolution: isClosed ? stateReason : null,
      productVersion: null,
      // The repository is the product its releases belong to (GitHub releases are per repository).
      product: repositoryOf(value),
      // A milestone is the release an issue is planned and, once closed, fixed in.
      fixVersions: milestoneOf(value),
      tags,
      assignee,
      requester: author,
      organization: null,
      reopened: stateReason === 'reopened',
      escalated: hasEscalationTag(tags),
      line,
    },
    events,
    problems,
  };
}
