/**
 * Building and wording rejected rows, so every parser explains bad input the same way:
 * `line 14, field "created": cannot read "31/Feb/21 25:00" as a date`.
 */
import type { ParsedItem, RejectedRow } from './types';

const RAW_LIMIT = 300;

/** The offending text, cut to a size that fits in a message and a database column. */
export function truncateRaw(raw: string): string {
  return raw.length <= RAW_LIMIT ? raw : raw.slice(0, RAW_LIMIT) + '…';
}

export function rejected(line: number, field: string | null, reason: string, raw: string): ParsedItem {
  return { kind: 'rejected', row: { line: Math.max(1, line), field, reason, raw: truncateRaw(raw) } };
}

/** Reason for a value that is not a timestamp in any supported form. */
export function unreadableDate(value: string): string {
  return `cannot read "${truncateRaw(value)}" as a date (use e.g. 2024-01-31 14:05, 2024-01-31T14:05:00Z or 31/Jan/24 14:05)`;
}

/** One line for people: `tickets.csv line 14, field "created": cannot read … as a date`. */
export function formatRejectedRow(fileName: string, row: RejectedRow): string {
  const field = row.field === null ? '' : `, field "${row.field}"`;
  return `${fileName} line ${row.line}${field}: ${row.reason}`;
}
