/**
 * Turns parsed records into rows ready for the upsert: redacted, serialised to the JSON the
 * SQL reads, and fingerprinted. This is the CPU-heavy half of loading and needs no database,
 * so a file ingest does it in a worker thread (prepare-worker.ts) while the main thread writes;
 * API pulls and tests do it inline. Both go through `createPreparer`.
 */
import type { DeletionRecord, EventRecord, ParsedItem, RejectedRow, ReleaseRecord } from '@/ingest/sources/types';
import {
  addCounts,
  emptyCounts,
  PIECE_CHARS,
  redactConservatively,
  redactText,
  textPieces,
  type PiiCounts,
  type PiiKind,
  type RedactedText,
} from '@/lib/redact';
import { hashText } from './content-hash';
import { redactEventRecord, redactReleaseRecord, redactTicketRecord } from './redact-record';
import { budgetMs, createTimedRunner, TEXT_BUDGET, type TextBudget, type TimedRunner } from './text-budget';

export interface PreparedTicket {
  externalId: string;
  /** Creation time, epoch ms (which rollup days the ticket touches). */
  createdAt: number;
  /** Update time at the source, epoch ms or null: decides against a deletion recorded earlier. */
  updatedAt: number | null;
  /** The stored fields as a JSON object text, without the ids of agent/customer/organization. */
  json: string;
  hash: string;
  assignee: string | null;
  /** The zone the export declares for the assignee (not part of the content hash: a property of the person). */
  assigneeTimeZone: string | null;
  requester: string | null;
  organization: string | null;
}

export interface PreparedEvent {
  ticketExternalId: string;
  externalId: string;
  /** As for tickets; the loader adds ticket_id and agent_id. */
  json: string;
  hash: string;
  author: string | null;
  /** The zone the export declares for an agent author (a customer's is not kept). */
  authorTimeZone: string | null;
  authorRole: EventRecord['authorRole'];
  line: number;
}

export type PreparedItem =
  | { kind: 'ticket'; row: PreparedTicket }
  | { kind: 'event'; row: PreparedEvent }
  | { kind: 'release'; record: ReleaseRecord }
  | { kind: 'deletion'; record: DeletionRecord }
  | { kind: 'rejected'; row: RejectedRow };

export interface RedactionSettings {
  kinds: PiiKind[];
  /** Secret of the keyed hash that replaces requesters. */
  secret: string;
}

export interface Preparer {
  /** One record (API pages, tests). Many at once should go through `prepareAll`, which times them in groups. */
  prepare(item: ParsedItem): PreparedItem;
  prepareAll(items: readonly ParsedItem[]): PreparedItem[];
  /** PII replaced so far, by kind. */
  counts: PiiCounts;
  /** Records whose text outran its time budget and was redacted conservatively, with the first lines. */
  conservative: ConservativeRecords;
}

export interface ConservativeRecords {
  records: number;
  /** File lines of the first few, for the summary. */
  lines: number[];
}

/** A group of records timed together: one timed run costs ~0.1 ms, a typical record a tenth of that. */
const GROUP_ITEMS = 1_024;
const GROUP_CHARS = 1024 * 1024;
const SAMPLE_LINES = 10;

/** What a record's precise redaction finished before it was stopped: pieces of each text field, in field order. */
interface Attempt {
  fields: RedactedText[][];
}

type FieldRedactor = (text: string) => RedactedText;

function textLength(item: ParsedItem): number {
  switch (item.kind) {
    case 'ticket':
      return item.record.subject.length + item.record.description.length + (item.record.resolution?.length ?? 0);
    case 'event':
      return item.record.body.length;
    case 'rejected':
      return item.row.raw.length;
    default:
      return 0;
  }
}

function lineOf(item: ParsedItem): number {
  return item.kind === 'rejected' ? item.row.line : item.record.line;
}

/**
 * Redaction is timed (text-budget.ts): records are prepared in groups under one time limit; when
 * a group is stopped, the record it stopped in gets a limit of its own, and when that runs out
 * too, the pieces of its text already redacted are kept and the rest is redacted conservatively
 * (lib/redact/conservative.ts) — counted, never allowed to stall the import.
 */
export function createPreparer(
  redaction: RedactionSettings,
  { budget = TEXT_BUDGET, runner = createTimedRunner() }: { budget?: TextBudget; runner?: TimedRunner } = {},
): Preparer {
  const counts = emptyCounts();
  const conservative: ConservativeRecords = { records: 0, lines: [] };
  const kinds = redaction.kinds;
  const textOptions = { kinds };

  /** Precise redaction, piece by piece, noting each finished piece in `attempt`. */
  const precise =
    (attempt: Attempt): FieldRedactor =>
    (text) => {
      if (text.length <= PIECE_CHARS) {
        const whole = redactText(text, textOptions);
        attempt.fields.push([whole]);
        return whole;
      }
      const done: RedactedText[] = [];
      attempt.fields.push(done);
      for (const piece of textPieces(text)) done.push(redactText(piece, textOptions));
      return joinPieces(done);
    };

  /** The pieces `attempt` finished, then conservative redaction for the rest. */
  const fallback = (attempt: Attempt): FieldRedactor => {
    let field = 0;
    return (text) => {
      const done = attempt.fields[field++] ?? [];
      const pieces = textPieces(text).map((piece, i) => done[i] ?? { text: redactConservatively(piece), counts: emptyCounts() });
      return joinPieces(pieces);
    };
  };

  function prepareWith(item: ParsedItem, redact: FieldRedactor, recordCounts: PiiCounts): PreparedItem {
    const options = { kinds, pseudonymSecret: redaction.secret, counts: recordCounts, redact };
    switch (item.kind) {
      case 'ticket': {
        const r = redactTicketRecord(item.record, options);
        const json = JSON.stringify({
          external_id: r.externalId,
          created_at: r.createdAt,
          updated_at: r.updatedAt,
          first_response_at: r.firstResponseAt,
          resolved_at: r.resolvedAt,
          status: r.status,
          status_category: r.statusCategory,
          priority_raw: r.priorityRaw,
          priority: r.priority,
          channel: r.channel,
          type: r.type,
          subject: r.subject,
          description: r.description,
          resolution: r.resolution,
          product_version: r.productVersion,
          product: r.product,
          fix_versions: r.fixVersions,
          tags: r.tags,
          assignee: r.assignee,
          requester: r.requester,
          organization: r.organization,
          reopened: r.reopened,
          escalated: r.escalated,
        });
        return {
          kind: 'ticket',
          row: {
            externalId: r.externalId,
            createdAt: r.createdAt.getTime(),
            updatedAt: r.updatedAt === null ? null : r.updatedAt.getTime(),
            json,
            hash: hashText(json),
            assignee: r.assignee,
            assigneeTimeZone: r.assignee === null ? null : (r.assigneeTimeZone ?? null),
            requester: r.requester,
            organization: r.organization,
          },
        };
      }
      case 'event': {
        const r = redactEventRecord(item.record, options);
        const json = JSON.stringify({
          external_id: r.externalId,
          created_at: r.createdAt,
          author: r.author,
          author_role: r.authorRole,
          is_public: r.isPublic,
          body: r.body,
        });
        return {
          kind: 'event',
          row: { ticketExternalId: r.ticketExternalId, externalId: r.externalId, json, hash: hashText(json), author: r.author, authorTimeZone: r.authorRole === 'agent' && r.author !== null ? (r.authorTimeZone ?? null) : null, authorRole: r.authorRole, line: r.line },
        };
      }
      case 'release':
        return { kind: 'release', record: redactReleaseRecord(item.record, options) };
      case 'rejected':
        // A rejected row's raw text is shown on the Imports page: it must not leak PII either.
        return { kind: 'rejected', row: { ...item.row, raw: redact(item.row.raw).text } };
      default:
        return item;
    }
  }

  function prepareAll(items: readonly ParsedItem[]): PreparedItem[] {
    const out = new Array<PreparedItem>(items.length);
    const itemCounts = new Array<PiiCounts>(items.length);
    if (kinds.length === 0) {
      // Nothing to redact: nothing that could run away.
      for (let i = 0; i < items.length; i++) out[i] = prepareWith(items[i], (text) => ({ text, counts: emptyCounts() }), emptyCounts());
      return out;
    }
    let next = 0;
    while (next < items.length) {
      let end = next;
      let chars = 0;
      while (end < items.length && end - next < GROUP_ITEMS) {
        const length = textLength(items[end]);
        if (end > next && chars + length > GROUP_CHARS) break;
        chars += length;
        end++;
      }
      let current = next;
      let attempt: Attempt = { fields: [] };
      let started = performance.now();
      const finished = runner.run(() => {
        for (; current < end; current++) {
          attempt = { fields: [] };
          started = performance.now();
          const recordCounts = emptyCounts();
          out[current] = prepareWith(items[current], precise(attempt), recordCounts);
          itemCounts[current] = recordCounts;
        }
      }, budgetMs(chars, budget));
      // (The limit can strike just after the last record of the group was done.)
      if (finished || current >= end) {
        next = end;
        continue;
      }
      // Stopped inside items[current]: time it alone, unless it already used its own budget.
      const item = items[current];
      const own = budgetMs(textLength(item), budget);
      let done = false;
      if (performance.now() - started < own) {
        attempt = { fields: [] };
        const recordCounts = emptyCounts();
        done = runner.run(() => {
          out[current] = prepareWith(item, precise(attempt), recordCounts);
          itemCounts[current] = recordCounts;
        }, own);
      }
      if (!done) {
        const recordCounts = emptyCounts();
        out[current] = prepareWith(item, fallback(attempt), recordCounts);
        itemCounts[current] = recordCounts;
        conservative.records++;
        if (conservative.lines.length < SAMPLE_LINES) conservative.lines.push(lineOf(item));
      }
      next = current + 1;
    }
    for (const c of itemCounts) if (c) addCounts(counts, c);
    return out;
  }

  return { counts, conservative, prepareAll, prepare: (item) => prepareAll([item])[0] };
}

/**
 * Prepares a stream of parsed records in groups of `prepareAll`, in order; `onPrepared` is told
 * how many records each group held once they are ready (progress inside a file).
 */
export async function* prepareStream(
  items: AsyncIterable<ParsedItem> | Iterable<ParsedItem>,
  preparer: Preparer,
  onPrepared?: (count: number) => void,
): AsyncGenerator<PreparedItem> {
  let pending: ParsedItem[] = [];
  const flush = () => {
    const prepared = preparer.prepareAll(pending);
    onPrepared?.(pending.length);
    pending = [];
    return prepared;
  };
  for await (const item of items) {
    pending.push(item);
    if (pending.length >= GROUP_ITEMS) yield* flush();
  }
  if (pending.length > 0) yield* flush();
}

function joinPieces(pieces: readonly RedactedText[]): RedactedText {
  if (pieces.length === 1) return pieces[0];
  const counts = emptyCounts();
  for (const p of pieces) addCounts(counts, p.counts);
  return { text: pieces.map((p) => p.text).join(''), counts };
}

/** Appends fields to a JSON object text: `{"a":1}` + `"b":2` → `{"a":1,"b":2}`. */
export function withFields(json: string, fields: string): string {
  return `${json.slice(0, -1)},${fields}}`;
}
