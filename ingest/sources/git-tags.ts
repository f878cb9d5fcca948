/**
 * Release dates from git, one commit per line, as printed by
 *   git log --tags --simplify-by-decoration --pretty="format:%ci %d"
 *     → `2021-06-15 10:00:00 +0200  (tag: rel/release-3.3.1, tag: v3.3.1)`
 *   git log --tags --no-walk --pretty="%H %ci %D"
 *     → `4f1d… 2021-06-15 10:00:00 +0200 HEAD -> main, tag: v3.3.1, origin/main`
 * Every `tag: X` of a line is a release at the commit time; lines without a tag are skipped.
 */
import { AppError } from '@/db/errors';
import { parseTimestamp } from './dates';
import { utf8Chunks } from './decode';
import { DuplicateTracker } from './duplicates';
import { rejected, unreadableDate } from './rejects';
import type { ParseSummary } from './summary';
import type { ParsedItem, ParseOptions } from './types';

// The zone's leading spaces belong to the zone, and the decorations start at a non-space, so
// each run of spaces is matched one way only.
const LOG_LINE = /^(?:[0-9a-f]{7,40}\s+)?(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\s*(?:[+-]\d{2}:?\d{2}|Z))?)(?:\s+(\S.*))?$/;
const TAG = /(?:^|[(,]\s*)tag: ([^,()\s]+)/g;

/** One line of `git log` output → its releases, a rejection, or nothing. */
function parseLine(text: string, line: number, options: ParseOptions, duplicates: DuplicateTracker, summary: ParseSummary): ParsedItem[] {
  const s = text.trim();
  if (s === '') return [];
  const m = LOG_LINE.exec(s);
  if (m === null) {
    return [rejected(line, null, 'expected "<commit date> (tag: <name>)" as printed by git log --pretty="format:%ci %d"', s)];
  }
  const releasedAt = parseTimestamp(m[1], options.timeZone);
  if (Number.isNaN(releasedAt)) return [rejected(line, 'date', unreadableDate(m[1]), s)];
  const items: ParsedItem[] = [];
  for (const tag of (m[2] ?? '').matchAll(TAG)) {
    const version = tag[1];
    const verdict = duplicates.check(version, line, null);
    if (verdict !== 'keep' && verdict !== 'superseded') items.push(rejected(line, 'tag', verdict.reject, version));
    else items.push({ kind: 'release', record: { version, releasedAt: new Date(releasedAt), notes: null, product: null, line } });
  }
  if (items.length === 0) summary.skipped['untagged-commit']++;
  return items;
}

export async function* parseGitTags(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  summary: ParseSummary,
): AsyncGenerator<ParsedItem> {
  const duplicates = new DuplicateTracker();
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let line = 1;
  let sawText = false;
  for await (const chunk of utf8Chunks(input, options)) {
    const text = carry + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    for (const l of lines) {
      if (l.trim() !== '') sawText = true;
      yield* parseLine(l, line, options, duplicates, summary);
      line++;
    }
  }
  if (carry.trim() !== '') sawText = true;
  yield* parseLine(carry, line, options, duplicates, summary);
  if (!sawText) throw new AppError('InvalidInput', `${options.fileName} is empty: expected git log output with tag decorations.`);
}
