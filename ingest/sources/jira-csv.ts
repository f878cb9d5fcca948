/**
 * Jira's CSV export ("Export CSV (all fields / current fields)"), as Jira writes it:
 * multi-valued fields are repeated columns with the same name (Labels, Comment, Component/s,
 * Affects Version/s, Fix Version/s), dates are `30/Sep/21 17:20` (Server) or
 * `30/Sep/21 5:20 PM` (Cloud) without a zone, descriptions are multi-line wiki markup, and
 * each Comment cell is `date;author;text` where the text may hold `;` and newlines.
 */
import { streamCsv, type CsvRowHandler } from './csv-stream';
import { parseTimestamp } from './dates';
import { DuplicateTracker } from './duplicates';
import { firstColumn, requireColumns, resolveColumns, type ColumnRule } from './header-aliases';
import { fixVersionsOf } from './csv-tickets';
import { jiraTicketRecord } from './jira-ticket';
import { splitTags } from './normalize';
import { rejected, unreadableDate } from './rejects';
import { cleanOptional, cleanText, subjectFromBody } from './text';
import type { ParseSummary } from './summary';
import type { EventRecord, ParsedItem, ParseOptions } from './types';

type JiraField =
  | 'key' | 'id' | 'summary' | 'created' | 'updated' | 'resolved' | 'status' | 'priority' | 'resolution' | 'type'
  | 'assignee' | 'reporter' | 'reporterId' | 'description' | 'affects' | 'fixVersions' | 'components' | 'labels' | 'comments'
  | 'projectName' | 'projectKey';

export const JIRA_COLUMNS: readonly ColumnRule<JiraField>[] = [
  { field: 'key', names: ['Issue key'] },
  { field: 'id', names: ['Issue id'] },
  { field: 'summary', names: ['Summary'] },
  { field: 'created', names: ['Created'] },
  { field: 'updated', names: ['Updated'] },
  { field: 'resolved', names: ['Resolved', 'Resolution date'] },
  { field: 'status', names: ['Status'] },
  { field: 'priority', names: ['Priority'] },
  { field: 'resolution', names: ['Resolution'] },
  { field: 'type', names: ['Issue Type'] },
  { field: 'assignee', names: ['Assignee'] },
  { field: 'reporter', names: ['Reporter'] },
  { field: 'reporterId', names: ['Reporter Id'] },
  { field: 'description', names: ['Description'] },
  { field: 'affects', names: ['Affects Version/s', 'Affects versions'] },
  { field: 'fixVersions', names: ['Fix Version/s', 'Fix versions'] },
  { field: 'projectName', names: ['Project name'] },
  { field: 'projectKey', names: ['Project key'] },
  { field: 'components', names: ['Component/s', 'Components'] },
  { field: 'labels', names: ['Labels'] },
  { field: 'comments', names: ['Comment', 'Comments'] },
];

/** Jira's "no resolution yet" spellings. */

interface ParsedComment {
  createdAt: number;
  author: string | null;
  body: string;
}

/** `30/Sep/21 17:20;jdoe;text; more text` → its parts; a string reason when unreadable. */
function parseCommentCell(cell: string, timeZone: string): ParsedComment | string {
  const first = cell.indexOf(';');
  const second = first < 0 ? -1 : cell.indexOf(';', first + 1);
  if (second < 0) return 'expected "date;author;text" in the Comment cell';
  const dateText = cell.slice(0, first);
  const createdAt = parseTimestamp(dateText, timeZone);
  if (Number.isNaN(createdAt)) return `comment ${unreadableDate(dateText)}`;
  const author = cell.slice(first + 1, second).trim();
  return { createdAt, author: author === '' ? null : author, body: cleanText(cell.slice(second + 1)) };
}

export function parseJiraCsv(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  summary: ParseSummary,
): AsyncGenerator<ParsedItem> {
  const tz = options.timeZone;
  const duplicates = new DuplicateTracker();
  let headers: string[] = [];
  let c = {} as Record<JiraField, number>;
  let affects: number[] = [];
  let fixes: number[] = [];
  let components: number[] = [];
  let labels: number[] = [];
  let comments: number[] = [];

  const handler: CsvRowHandler = {
    header(cells) {
      headers = cells;
      const index = resolveColumns(cells, JIRA_COLUMNS);
      requireColumns(options.fileName, cells, index, JIRA_COLUMNS, [['summary'], ['key', 'id'], ['created']], 'Jira CSV');
      c = Object.fromEntries(JIRA_COLUMNS.map((r) => [r.field, firstColumn(index, r.field)])) as Record<JiraField, number>;
      affects = index.get('affects') ?? [];
      fixes = index.get('fixVersions') ?? [];
      components = index.get('components') ?? [];
      labels = index.get('labels') ?? [];
      comments = index.get('comments') ?? [];
    },

    row(cells, line, out) {
      const fail = (col: number, reason: string, raw: string) => {
        out.push(rejected(line, col < 0 ? null : headers[col], reason, raw));
      };
      const text = (col: number) => (col < 0 ? null : cleanOptional(cells[col]));
      const date = (col: number): number | null => (col < 0 || cells[col].trim() === '' ? null : parseTimestamp(cells[col], tz));

      const key = c.key < 0 ? '' : cells[c.key].trim();
      const externalId = key !== '' ? key : c.id < 0 ? '' : cells[c.id].trim();
      if (externalId === '') return fail(c.key >= 0 ? c.key : c.id, 'the issue key/id is empty', cells.join(','));
      const createdText = cells[c.created];
      if (createdText.trim() === '') return fail(c.created, 'the creation time is empty', cells.join(','));
      const created = parseTimestamp(createdText, tz);
      if (Number.isNaN(created)) return fail(c.created, unreadableDate(createdText), createdText);
      const updated = date(c.updated);
      if (updated !== null && Number.isNaN(updated)) return fail(c.updated, unreadableDate(cells[c.updated]), cells[c.updated]);
      const resolved = date(c.resolved);
      if (resolved !== null && Number.isNaN(resolved)) return fail(c.resolved, unreadableDate(cells[c.resolved]), cells[c.resolved]);

      const description = c.description < 0 ? '' : cleanText(cells[c.description]);
      let subject = cleanText(cells[c.summary]);
      if (subject === '') subject = subjectFromBody(description);
      if (subject === '') return fail(c.summary, 'both Summary and Description are empty', cells.join(','));

      const verdict = duplicates.check(externalId, line, updated);
      if (verdict === 'superseded') return void summary.skipped.superseded++;
      if (verdict !== 'keep') return fail(c.key >= 0 ? c.key : c.id, verdict.reject, externalId);

      const tags: string[] = [];
      for (const col of labels) splitTags(cells[col].trim(), tags);
      const seen = new Set(tags);
      for (const col of components) {
        const tag = `component:${cells[col].trim()}`;
        if (tag !== 'component:' && !seen.has(tag)) {
          seen.add(tag);
          tags.push(tag);
        }
      }
      let productVersion: string | null = null;
      for (const col of affects) {
        if (cells[col].trim() !== '') {
          productVersion = cells[col].trim();
          break;
        }
      }
      const resolution = text(c.resolution);
      const status = text(c.status);
      const priorityRaw = text(c.priority);
      const reporter = text(c.reporter);
      const reporterId = text(c.reporterId);

      // Comments: the ticket is kept even when one comment cell is unreadable.
      const events: EventRecord[] = [];
      const badComments: ParsedItem[] = [];
      let firstAgentReply = Infinity;
      let n = 0;
      for (const col of comments) {
        const cell = cells[col];
        if (cell.trim() === '') continue;
        n++;
        const comment = parseCommentCell(cell, tz);
        if (typeof comment === 'string') {
          badComments.push(rejected(line, headers[col], comment, cell));
          continue;
        }
        const byReporter = comment.author !== null && (comment.author === reporter || comment.author === reporterId);
        if (!byReporter && comment.createdAt < firstAgentReply) firstAgentReply = comment.createdAt;
        events.push({
          ticketExternalId: externalId,
          externalId: `${externalId}:comment:${n}`,
          createdAt: new Date(comment.createdAt),
          author: comment.author,
          authorRole: byReporter ? 'customer' : 'agent',
          isPublic: true,
          body: comment.body,
          line,
        });
      }

      const record = jiraTicketRecord({
        externalId,
        created,
        updated,
        resolved,
        firstAgentReply,
        status,
        priority: priorityRaw,
        issueType: text(c.type),
        subject,
        description,
        resolution,
        productVersion,
        // The project is the product its versions belong to (a Jira version lives in one project).
        product: text(c.projectName) ?? text(c.projectKey),
        // One version per repeated cell, as Jira writes them: a name may hold a comma.
        fixVersions: fixVersionsOf(cells, fixes, false),
        tags,
        assignee: text(c.assignee),
        reporter,
        reopenedInHistory: false, // a CSV export has no history
        line,
      });
      out.push({ kind: 'ticket', record });
      for (const event of events) out.push({ kind: 'event', record: event });
      for (const bad of badComments) out.push(bad);
    },
  };
  return streamCsv(input, options, handler);
}
