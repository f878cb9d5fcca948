/**
 * Release calendar as CSV: `version,date[,notes][,product]` (also `release_date` / `released_at`,
 * extra columns ignored — e.g. hadoop_releases.csv's `date_kind,source_repo,…`). `product` says
 * which product shipped (alloy_releases.csv separates Alloy, Titanium SDK and sprints by it): a
 * release is compared only with that product's tickets.
 */
import { streamCsv, type CsvRowHandler } from './csv-stream';
import { parseTimestamp } from './dates';
import { DuplicateTracker } from './duplicates';
import { firstColumn, requireColumns, resolveColumns, type ColumnRule } from './header-aliases';
import { rejected, unreadableDate } from './rejects';
import { cleanOptional } from './text';
import type { ParsedItem, ParseOptions } from './types';

type ReleaseField = 'version' | 'date' | 'notes' | 'product';

export const RELEASE_COLUMNS: readonly ColumnRule<ReleaseField>[] = [
  { field: 'version', names: ['version', 'release', 'tag', 'version name', 'release version'] },
  { field: 'date', names: ['date', 'release_date', 'released_at', 'released', 'release date', 'published_at'] },
  { field: 'notes', names: ['notes', 'description', 'title', 'release notes'] },
  { field: 'product', names: ['product', 'product name', 'project', 'project name', 'brand', 'repository'] },
];

export function parseReleasesCsv(input: AsyncIterable<Buffer | string>, options: ParseOptions): AsyncGenerator<ParsedItem> {
  const duplicates = new DuplicateTracker();
  let headers: string[] = [];
  let c = {} as Record<ReleaseField, number>;
  const handler: CsvRowHandler = {
    header(cells) {
      headers = cells;
      const index = resolveColumns(cells, RELEASE_COLUMNS);
      requireColumns(options.fileName, cells, index, RELEASE_COLUMNS, [['version'], ['date']], 'releases CSV');
      c = Object.fromEntries(RELEASE_COLUMNS.map((r) => [r.field, firstColumn(index, r.field)])) as Record<ReleaseField, number>;
    },
    row(cells, line, out) {
      const version = cells[c.version].trim();
      if (version === '') return void out.push(rejected(line, headers[c.version], 'the version is empty', cells.join(',')));
      const dateText = cells[c.date];
      if (dateText.trim() === '') return void out.push(rejected(line, headers[c.date], 'the release date is empty', cells.join(',')));
      const releasedAt = parseTimestamp(dateText, options.timeZone);
      if (Number.isNaN(releasedAt)) return void out.push(rejected(line, headers[c.date], unreadableDate(dateText), dateText));
      const verdict = duplicates.check(version, line, null);
      if (verdict !== 'keep' && verdict !== 'superseded') return void out.push(rejected(line, headers[c.version], verdict.reject, version));
      const notes = c.notes < 0 ? null : cleanOptional(cells[c.notes]);
      const product = c.product < 0 ? null : cleanOptional(cells[c.product]);
      out.push({ kind: 'release', record: { version, releasedAt: new Date(releasedAt), notes, product, line } });
    },
  };
  return streamCsv(input, options, handler);
}
