/**
 * Companion events CSV: one row per comment/reply of a ticket
 * (`ticket_id,created_at,author,author_role,body`, optional `id` and `public`/`private`).
 * This is how comment history arrives for helpdesks whose ticket export has none.
 */
import { streamCsv, type CsvRowHandler } from './csv-stream';
import { parseTimestamp } from './dates';
import { DuplicateTracker } from './duplicates';
import { firstColumn, requireColumns, resolveColumns, type ColumnRule } from './header-aliases';
import { authorRoleOf, flagOf } from './normalize';
import { rejected, unreadableDate } from './rejects';
import { cleanOptional, cleanText } from './text';
import type { ParsedItem, ParseOptions } from './types';

type EventField = 'ticket' | 'created' | 'author' | 'role' | 'body' | 'id' | 'public' | 'private';

export const EVENT_COLUMNS: readonly ColumnRule<EventField>[] = [
  { field: 'ticket', names: ['ticket_id', 'ticket', 'ticket id', 'ticket key', 'issue key', 'issue id'] },
  { field: 'created', names: ['created_at', 'created', 'timestamp', 'sent_at', 'date', 'time'] },
  { field: 'author', names: ['author', 'user', 'from', 'sender', 'author name', 'author email'] },
  { field: 'role', names: ['author_role', 'role', 'author type', 'sender type', 'sender role'] },
  { field: 'body', names: ['body', 'text', 'comment', 'message', 'content'] },
  { field: 'id', names: ['id', 'event_id', 'comment_id', 'message_id'] },
  { field: 'public', names: ['public', 'is_public', 'visibility'] },
  { field: 'private', names: ['private', 'is_private', 'internal'] },
];

/** 32-bit FNV-1a, hex: a short stable fingerprint for rows without their own id. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Derived event id: same ticket, time, author and text → same id on every re-import. */
export function derivedEventId(ticketId: string, createdAt: number, author: string | null, body: string): string {
  return `${ticketId}:${createdAt}:${fingerprint(`${author ?? ''}\n${body}`)}`;
}

export function parseCsvEvents(input: AsyncIterable<Buffer | string>, options: ParseOptions): AsyncGenerator<ParsedItem> {
  const tz = options.timeZone;
  const duplicates = new DuplicateTracker();
  let headers: string[] = [];
  let c = {} as Record<EventField, number>;

  const handler: CsvRowHandler = {
    header(cells) {
      headers = cells;
      const index = resolveColumns(cells, EVENT_COLUMNS);
      requireColumns(options.fileName, cells, index, EVENT_COLUMNS, [['ticket'], ['created'], ['role'], ['body']], 'events CSV');
      c = Object.fromEntries(EVENT_COLUMNS.map((r) => [r.field, firstColumn(index, r.field)])) as Record<EventField, number>;
    },

    row(cells, line, out) {
      const fail = (col: number, reason: string, raw: string) => {
        out.push(rejected(line, col < 0 ? null : headers[col], reason, raw));
      };
      const ticketExternalId = cells[c.ticket].trim();
      if (ticketExternalId === '') return fail(c.ticket, 'the ticket id is empty', cells.join(','));
      const createdText = cells[c.created];
      if (createdText.trim() === '') return fail(c.created, 'the time is empty', cells.join(','));
      const created = parseTimestamp(createdText, tz);
      if (Number.isNaN(created)) return fail(c.created, unreadableDate(createdText), createdText);
      const roleText = cells[c.role];
      const authorRole = authorRoleOf(roleText);
      if (authorRole === null) {
        return fail(c.role, `cannot read "${roleText}" as an author role (agent, customer or system)`, roleText);
      }
      let isPublic = true;
      if (c.public >= 0 && cells[c.public].trim() !== '') {
        const v = cells[c.public].trim().toLowerCase();
        const flag = v === 'public' ? true : v === 'internal' || v === 'private' ? false : flagOf(v);
        if (flag === null) return fail(c.public, `cannot read "${cells[c.public]}" as public/private`, cells[c.public]);
        isPublic = flag;
      } else if (c.private >= 0) {
        const flag = flagOf(cells[c.private]);
        if (flag === null) return fail(c.private, `cannot read "${cells[c.private]}" as yes/no`, cells[c.private]);
        isPublic = !flag;
      }
      const author = c.author < 0 ? null : cleanOptional(cells[c.author]);
      const body = cleanText(cells[c.body]);
      const ownId = c.id < 0 ? '' : cells[c.id].trim();
      const externalId = ownId !== '' ? ownId : derivedEventId(ticketExternalId, created, author, body);
      // Scoped by ticket: some exports number comments per ticket (1, 2, 3…).
      const verdict = duplicates.check(`${ticketExternalId}\u0000${externalId}`, line, null);
      if (verdict !== 'keep' && verdict !== 'superseded') return fail(c.id, verdict.reject, cells.join(','));
      out.push({
        kind: 'event',
        record: { ticketExternalId, externalId, createdAt: new Date(created), author, authorRole, isPublic, body, line },
      });
    },
  };
  return streamCsv(input, options, handler);
}
