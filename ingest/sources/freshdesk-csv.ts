/**
 * Freshdesk's ticket export from the web UI (Tickets → Export → CSV). Its columns carry human
 * labels and depend on what the user ticked, so they are found by name, like the generic CSV.
 */
import { streamCsv } from './csv-stream';
import { createTicketRowHandler, type TicketField } from './csv-tickets';
import { FRESHDESK_PRIORITY, splitFreshdeskTags } from './freshdesk-codes';
import type { ColumnRule } from './header-aliases';
import { priorityOf } from './normalize';
import type { ParseSummary } from './summary';
import type { ParsedItem, ParseOptions, Priority } from './types';

export const FRESHDESK_CSV_COLUMNS: readonly ColumnRule<TicketField>[] = [
  { field: 'id', names: ['Ticket ID'] },
  { field: 'created', names: ['Created time', 'Created at', 'Created date'] },
  { field: 'updated', names: ['Last update time', 'Last updated time', 'Updated time'] },
  { field: 'subject', names: ['Subject'] },
  { field: 'description', names: ['Description', 'Description text'] },
  { field: 'assignee', names: ['Agent', 'Agent name', 'Responder'] },
  { field: 'requester', names: ['Requester name', 'Full name', 'Contact', 'Contact name', 'Requester email', 'Email'] },
  { field: 'organization', names: ['Company name', 'Company'] },
  { field: 'status', names: ['Status'] },
  { field: 'priority', names: ['Priority'] },
  { field: 'channel', names: ['Source'] },
  { field: 'type', names: ['Type', 'Ticket type'] },
  { field: 'resolved', names: ['Resolved time', 'Closed time'] },
  { field: 'firstResponse', names: ['Initial response time', 'First responded time', 'First response at'] },
  { field: 'tags', names: ['Tags'] },
  { field: 'escalated', names: ['Escalated', 'Is escalated'] },
];

/** Labels ("Medium") as the UI writes them; the numeric codes too when an export has them. */
function freshdeskPriority(raw: string): Priority | null {
  const code = Number(raw);
  return Number.isInteger(code) && raw.trim() !== '' ? (FRESHDESK_PRIORITY[code] ?? null) : priorityOf(raw);
}

export function parseFreshdeskCsv(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  summary: ParseSummary,
): AsyncGenerator<ParsedItem> {
  const handler = createTicketRowHandler(options, summary, FRESHDESK_CSV_COLUMNS, 'Freshdesk CSV', {
    priority: freshdeskPriority,
    tags: splitFreshdeskTags,
  });
  return streamCsv(input, options, handler);
}
