/**
 * The common tail of the JSON ticket parsers: de-duplicate converted tickets (newest
 * `updated_at` wins — API exports page through a changing list and repeat tickets), then yield
 * rejected rows and each kept ticket followed by its events, or its deletion when the newest
 * copy says the source deleted it.
 */
import { AppError } from '@/db/errors';
import { NewestById } from './duplicates';
import { describeShape, type JsonDocuments } from './json-input';
import { rejected } from './rejects';
import type { ParseSummary, SkipReason } from './summary';
import type { DeletionRecord, EventRecord, ParsedItem, TicketRecord } from './types';

type Converted = { ticket: TicketRecord; events: EventRecord[]; problems: ParsedItem[] };

export type TicketConversion = Converted | { deletion: DeletionRecord } | { rejected: ParsedItem } | { skip: SkipReason };

export function* emitTickets(conversions: Iterable<TicketConversion>, summary: ParseSummary): Generator<ParsedItem> {
  const kept = new NewestById<Converted | { deletion: DeletionRecord }>();
  for (const c of conversions) {
    if ('skip' in c) {
      summary.skipped[c.skip]++;
      continue;
    }
    if ('rejected' in c) {
      yield c.rejected;
      continue;
    }
    const record = 'deletion' in c ? c.deletion : c.ticket;
    const at = 'deletion' in c ? c.deletion.deletedAt : c.ticket.updatedAt;
    const verdict = kept.add(record.externalId, c, record.line, at?.getTime() ?? null);
    if (verdict === 'superseded') summary.skipped.superseded++;
    else if (verdict !== 'keep') yield rejected(record.line, 'id', verdict.reject, record.externalId);
  }
  for (const c of kept.values()) {
    if ('deletion' in c) {
      yield { kind: 'deletion', record: c.deletion };
      continue;
    }
    yield { kind: 'ticket', record: c.ticket };
    for (const event of c.events) yield { kind: 'event', record: event };
    yield* c.problems;
  }
}

/** The whole-file error for JSON that has none of the shapes a format accepts. */
export function unexpectedJson(json: JsonDocuments, expected: string): AppError {
  return new AppError('InvalidInput', `${json.fileName}: expected ${expected}, found ${describeShape(json)}.`, {
    hint: 'Pass the file exactly as the API or export wrote it.',
  });
}

/** Earliest time in `times`, as a Date, or null. */
export function earliest(times: number[]): Date | null {
  let min = Infinity;
  for (const t of times) if (t < min) min = t;
  return min === Infinity ? null : new Date(min);
}
