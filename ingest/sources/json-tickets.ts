/**
 * The common tail of the JSON ticket parsers: de-duplicate converted tickets (newest
 * `updated_at` wins — API exports page through a changing list and repeat tickets), then yield
 * rejected rows and each kept ticket followed by its events.
 */
import { AppError } from '@/lib/errors';
import { NewestById } from './duplicates';
import { describeShape, type JsonDocuments } from './json-input';
import { rejected } from './rejects';
import type { ParseSummary, SkipReason } from './summary';
import type { EventRecord, ParsedItem, TicketRecord } from './types';

export type TicketConversion =
  | { ticket: TicketRecord; events: EventRecord[]; problems: ParsedItem[] }
  | { rejected: ParsedItem }
  | { skip: SkipReason };

export function* emitTickets(
  conversions: Iterable<TicketConversion>,
  summary: ParseSummary,
  /** Decides after de-duplication, on the newest copy (a ticket deleted since is dropped). */
  dropNewest: (ticket: TicketRecord) => SkipReason | null = () => null,
): Generator<ParsedItem> {
  const kept = new NewestById<{ ticket: TicketRecord; events: EventRecord[]; problems: ParsedItem[] }>();
  for (const c of conversions) {
    if ('skip' in c) {
      summary.skipped[c.skip]++;
      continue;
    }
    if ('rejected' in c) {
      yield c.rejected;
      continue;
    }
    const { ticket } = c;
    const verdict = kept.add(ticket.externalId, c, ticket.line, ticket.updatedAt?.getTime() ?? null);
    if (verdict === 'superseded') summary.skipped.superseded++;
    else if (verdict !== 'keep') yield rejected(ticket.line, 'id', verdict.reject, ticket.externalId);
  }
  for (const { ticket, events, problems } of kept.values()) {
    const drop = dropNewest(ticket);
    if (drop !== null) {
      summary.skipped[drop]++;
      continue;
    }
    yield { kind: 'ticket', record: ticket };
    for (const event of events) yield { kind: 'event', record: event };
    yield* problems;
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
