/**
 * Finding columns by header name. Headers are compared case-insensitively, trimmed, and with
 * `_`, `-` and spaces ignored, so `Created At`, `created_at` and `created-at` are one name.
 */
import { AppError } from '@/db/errors';

const IGNORED = /[\s_-]+/g;

/** "Created At" → "createdat", "ticket_id" → "ticketid". */
export function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(IGNORED, '');
}

export interface ColumnRule<F extends string> {
  field: F;
  /** Accepted header names, written readably; compared after `normalizeHeader`. */
  names: readonly string[];
}

/** Column indices per field, in file order (a field may be repeated, e.g. Jira's `Labels`). */
export type ColumnIndex<F extends string> = Map<F, number[]>;

export function resolveColumns<F extends string>(headers: readonly string[], rules: readonly ColumnRule<F>[]): ColumnIndex<F> {
  const byName = new Map<string, F>();
  for (const rule of rules) for (const name of rule.names) byName.set(normalizeHeader(name), rule.field);
  const index: ColumnIndex<F> = new Map();
  headers.forEach((header, i) => {
    const field = byName.get(normalizeHeader(header));
    if (field === undefined) return;
    const list = index.get(field);
    if (list) list.push(i);
    else index.set(field, [i]);
  });
  return index;
}

function shownHeaders(headers: readonly string[]): string {
  const shown = headers.slice(0, 30).map((h) => JSON.stringify(h)).join(', ');
  return headers.length > 30 ? `${shown}, … (${headers.length} columns)` : shown;
}

/**
 * Throws the whole-file error for a missing required column: it names the file, the field, the
 * header names that would have been accepted and the headers that were found.
 * Each entry of `required` lists alternatives: `[['subject', 'description']]` needs either.
 */
export function requireColumns<F extends string>(
  fileName: string,
  headers: readonly string[],
  index: ColumnIndex<F>,
  rules: readonly ColumnRule<F>[],
  required: readonly (readonly F[])[],
  formatName: string,
): void {
  for (const alternatives of required) {
    if (alternatives.some((f) => index.has(f))) continue;
    const accepted = alternatives
      .map((f) => `"${f}" (${(rules.find((r) => r.field === f)?.names ?? [f]).join(', ')})`)
      .join(' or ');
    throw new AppError(
      'InvalidInput',
      `${fileName}: no column for ${accepted} in this ${formatName} file. Headers found: ${shownHeaders(headers)}.`,
      { hint: 'Rename the column in the header row (names are matched ignoring case, spaces, "_" and "-").' },
    );
  }
}

/** First index of a field, or -1. */
export function firstColumn<F extends string>(index: ColumnIndex<F>, field: F): number {
  return index.get(field)?.[0] ?? -1;
}
