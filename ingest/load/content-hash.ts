import { createHash } from 'node:crypto';

/**
 * A short fingerprint of a record's stored fields. Re-importing an identical row compares
 * equal and is counted "unchanged" without rewriting it. The source line is excluded: the
 * same ticket in a re-sorted export is the same ticket.
 */
export function contentHash(record: object): string {
  const { line: _line, ...fields } = record as Record<string, unknown>;
  return createHash('sha1').update(JSON.stringify(fields)).digest('base64url').slice(0, 22);
}
