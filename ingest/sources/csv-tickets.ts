/**
 * Generic tickets CSV: any export whose header names an id, a creation time and a subject or
 * description. Columns are found by name through the alias table below; the Freshdesk CSV
 * export reuses the same row mapping with its own labels.
 */
import { streamCsv, type CsvRowHandler } from './csv-stream';
import { parseTimestamp } from './dates';
import { DuplicateTracker } from './duplicates';
import { firstColumn, requireColumns, resolveColumns, type ColumnIndex, type ColumnRule } from './header-aliases';
import { channelOf, flagOf, hasEscalationTag, priorityOf, splitTags, statusCategoryOf, ticketTypeOf } from './normalize';
import { rejected, unreadableDate } from './rejects';
import { cleanOptional, cleanText, subjectFromBody } from './text';
import type { ParseSummary } from './summary';
import type { ParsedItem, ParseOptions, Priority, TicketRecord } from './types';

export type TicketField =
  | 'id' | 'created' | 'updated' | 'subject' | 'description' | 'assignee' | 'requester' | 'organization'
  | 'status' | 'priority' | 'channel' | 'type' | 'resolved' | 'firstResponse' | 'resolution' | 'tags'
  | 'version' | 'reopened' | 'escalated' | 'product' | 'fixVersion' | 'deleted';

export const TICKET_COLUMNS: readonly ColumnRule<TicketField>[] = [
  { field: 'id', names: ['id', 'ticket id', 'ticket_id', 'key', 'ticket', 'ticket number', 'issue key', 'case id', 'case number'] },
  { field: 'created', names: ['created', 'created_at', 'created time', 'created date', 'created on', 'opened', 'opened at', 'date created'] },
  { field: 'updated', names: ['updated', 'updated_at', 'updated time', 'last updated', 'last update time', 'modified', 'modified_at'] },
  { field: 'subject', names: ['subject', 'summary', 'title'] },
  { field: 'description', names: ['description', 'body', 'text', 'message', 'content'] },
  { field: 'assignee', names: ['assignee', 'agent', 'owner', 'responder', 'assigned to'] },
  { field: 'requester', names: ['requester', 'customer', 'reporter', 'requester email', 'requester name', 'customer email'] },
  { field: 'organization', names: ['organization', 'organisation', 'company', 'account', 'company name', 'org'] },
  { field: 'status', names: ['status', 'state'] },
  { field: 'priority', names: ['priority', 'severity'] },
  { field: 'channel', names: ['channel', 'source', 'via'] },
  { field: 'type', names: ['type', 'ticket type', 'issue type'] },
  { field: 'resolved', names: ['resolved', 'resolved_at', 'resolved time', 'solved_at', 'solved', 'closed_at', 'closed time', 'resolution date'] },
  { field: 'firstResponse', names: ['first_response_at', 'first response time', 'first response', 'first responded at', 'first reply at'] },
  { field: 'resolution', names: ['resolution', 'solution'] },
  { field: 'tags', names: ['tags', 'labels', 'tag', 'label'] },
  { field: 'version', names: ['version', 'product version', 'affects version', 'affects version/s', 'affected version'] },
  { field: 'reopened', names: ['reopened', 'reopens', 'reopen count'] },
  { field: 'escalated', names: ['escalated', 'is escalated'] },
  { field: 'product', names: ['product', 'product name', 'project', 'project name', 'brand'] },
  // "Fixed in", not the version the customer runs: Jira's Fix Version/s, a Launchpad or GitHub milestone.
  { field: 'fixVersion', names: ['fix version', 'fix version/s', 'fix versions', 'fixed in', 'fixed in version', 'fixed version', 'milestone'] },
  // A re-export that marks rows the helpdesk deleted (yes/true/1), like a status "deleted".
  { field: 'deleted', names: ['deleted', 'is deleted', 'deleted?', 'removed'] },
];

export const REQUIRED_TICKET_COLUMNS: readonly (readonly TicketField[])[] = [['id'], ['created'], ['subject', 'description']];

/** How a format reads the cells the generic mapping cannot know (Freshdesk's labels…). */
export interface TicketRowTweaks {
  priority?: (raw: string) => Priority | null;
  /** Splits one tags cell; default `splitTags` (`,` `;` `|` or whitespace). */
  tags?: (raw: string, into: string[]) => string[];
}

/**
 * Fix versions from one or more cells (Jira repeats the column; a hand-made sheet may list
 * several in one cell): split on `,` `;` `|`, trimmed, each name once. Spaces stay inside a name
 * ("Release 3.0.0").
 */
export function fixVersionsOf(cells: readonly string[], columns: readonly number[], split = true): string[] {
  const versions: string[] = [];
  for (const col of columns) {
    const cell = cells[col];
    if (cell === undefined) continue;
    for (const part of split ? cell.split(/[,;|]/) : [cell]) {
      const name = part.trim();
      if (name !== '' && !versions.includes(name)) versions.push(name);
    }
  }
  return versions;
}

/** A timestamp cell: absent column or empty cell → null, unreadable → NaN (the row is rejected). */
function dateCell(cells: string[], col: number, timeZone: string): number | null {
  if (col < 0) return null;
  const s = cells[col];
  return s === '' || s.trim() === '' ? null : parseTimestamp(s, timeZone);
}

function textCell(cells: string[], col: number): string | null {
  return col < 0 ? null : cleanOptional(cells[col]);
}

/** Row handler shared by the generic and the Freshdesk CSV formats. */
export function createTicketRowHandler(
  options: ParseOptions,
  summary: ParseSummary,
  rules: readonly ColumnRule<TicketField>[],
  formatName: string,
  tweaks: TicketRowTweaks = {},
): CsvRowHandler {
  const tz = options.timeZone;
  const duplicates = new DuplicateTracker();
  const priorityFor = tweaks.priority ?? priorityOf;
  const tagsOf = tweaks.tags ?? splitTags;
  let headers: string[] = [];
  // Column positions, -1 when absent: plain numbers so the per-row path does no map lookups.
  let c: Record<TicketField, number> = {} as Record<TicketField, number>;
  let tagColumns: number[] = [];
  let fixVersionColumns: number[] = [];

  // Declared once, not per row: this path runs for every row of files with millions of rows.
  function reject(out: ParsedItem[], line: number, col: number, reason: string, raw: string): void {
    out.push(rejected(line, col < 0 ? null : headers[col], reason, raw));
  }
  function badDate(out: ParsedItem[], line: number, cells: string[], col: number): void {
    reject(out, line, col, unreadableDate(cells[col]), cells[col]);
  }

  return {
    header(cells) {
      headers = cells;
      const index: ColumnIndex<TicketField> = resolveColumns(cells, rules);
      requireColumns(options.fileName, cells, index, rules, REQUIRED_TICKET_COLUMNS, formatName);
      c = Object.fromEntries(rules.map((r) => [r.field, firstColumn(index, r.field)])) as Record<TicketField, number>;
      tagColumns = index.get('tags') ?? [];
      fixVersionColumns = index.get('fixVersion') ?? [];
    },

    row(cells, line, out) {
      const externalId = cells[c.id].trim();
      if (externalId === '') return reject(out, line, c.id, 'the id is empty', cells.join(','));
      const deletedCol = c.deleted ?? -1;
      let deleted = false;
      if (deletedCol >= 0 && cells[deletedCol].trim() !== '') {
        const flag = flagOf(cells[deletedCol]);
        if (flag === null) return reject(out, line, deletedCol, `cannot read "${cells[deletedCol]}" as yes/no`, cells[deletedCol]);
        deleted = flag;
      }
      if (deleted || textCell(cells, c.status)?.toLowerCase() === 'deleted') {
        // A deleted row needs only its id (its text may be scrubbed); its update time, when the
        // file has one, decides against other copies of the ticket.
        const at = dateCell(cells, c.updated, tz);
        if (at !== null && Number.isNaN(at)) return badDate(out, line, cells, c.updated);
        const verdict = duplicates.check(externalId, line, at);
        if (verdict === 'superseded') return void summary.skipped.superseded++;
        if (verdict !== 'keep') return reject(out, line, c.id, verdict.reject, externalId);
        out.push({ kind: 'deletion', record: { externalId, deletedAt: at === null ? null : new Date(at), line } });
        return;
      }
      if (cells[c.created].trim() === '') return reject(out, line, c.created, 'the creation time is empty', cells.join(','));
      const created = parseTimestamp(cells[c.created], tz);
      if (Number.isNaN(created)) return badDate(out, line, cells, c.created);
      const updated = dateCell(cells, c.updated, tz);
      if (updated !== null && Number.isNaN(updated)) return badDate(out, line, cells, c.updated);
      const resolved = dateCell(cells, c.resolved, tz);
      if (resolved !== null && Number.isNaN(resolved)) return badDate(out, line, cells, c.resolved);
      const firstResponse = dateCell(cells, c.firstResponse, tz);
      if (firstResponse !== null && Number.isNaN(firstResponse)) return badDate(out, line, cells, c.firstResponse);

      const description = c.description < 0 ? '' : cleanText(cells[c.description]);
      let subject = c.subject < 0 ? '' : cleanText(cells[c.subject]);
      if (subject === '') subject = subjectFromBody(description);
      if (subject === '') {
        return reject(out, line, c.subject >= 0 ? c.subject : c.description, 'both subject and description are empty', cells.join(','));
      }

      let reopened = false;
      if (c.reopened >= 0) {
        const flag = flagOf(cells[c.reopened]);
        if (flag === null) return reject(out, line, c.reopened, `cannot read "${cells[c.reopened]}" as yes/no or a count`, cells[c.reopened]);
        reopened = flag;
      }
      const tags: string[] = [];
      for (let i = 0; i < tagColumns.length; i++) tagsOf(cells[tagColumns[i]].trim(), tags);
      let escalated: boolean;
      if (c.escalated >= 0) {
        const flag = flagOf(cells[c.escalated]);
        if (flag === null) return reject(out, line, c.escalated, `cannot read "${cells[c.escalated]}" as yes/no`, cells[c.escalated]);
        escalated = flag;
      } else {
        escalated = hasEscalationTag(tags);
      }

      const verdict = duplicates.check(externalId, line, updated);
      if (verdict === 'superseded') return void summary.skipped.superseded++;
      if (verdict !== 'keep') return reject(out, line, c.id, verdict.reject, externalId);

      const status = textCell(cells, c.status);
      const priorityRaw = textCell(cells, c.priority);
      const record: TicketRecord = {
        externalId,
        createdAt: new Date(created),
        updatedAt: updated === null ? null : new Date(updated),
        firstResponseAt: firstResponse === null ? null : new Date(firstResponse),
        resolvedAt: resolved === null ? null : new Date(resolved),
        status,
        statusCategory: statusCategoryOf(status),
        priorityRaw,
        priority: priorityRaw === null ? null : priorityFor(priorityRaw),
        channel: channelOf(textCell(cells, c.channel)),
        type: ticketTypeOf(textCell(cells, c.type)),
        subject,
        description,
        resolution: textCell(cells, c.resolution),
        productVersion: textCell(cells, c.version),
        product: textCell(cells, c.product ?? -1),
        fixVersions: fixVersionsOf(cells, fixVersionColumns),
        tags,
        assignee: textCell(cells, c.assignee),
        requester: textCell(cells, c.requester),
        organization: textCell(cells, c.organization),
        reopened: reopened || (status !== null && status.toLowerCase() === 'reopened'),
        escalated,
        line,
      };
      out.push({ kind: 'ticket', record });
    },
  };
}

/** Tickets from a generic CSV export (see TICKET_COLUMNS for the accepted header names). */
export function parseCsvTickets(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  summary: ParseSummary,
): AsyncGenerator<ParsedItem> {
  return streamCsv(input, options, createTicketRowHandler(options, summary, TICKET_COLUMNS, 'tickets CSV'));
}
