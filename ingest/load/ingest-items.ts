/**
 * Writes a stream of parsed records in batches. Each batch is one transaction that also
 * advances the ingest run's counters, so after a crash the database holds whole batches and
 * counts that match them; re-running the same input then inserts exactly what is missing and
 * counts the rest as unchanged. Files (ingest-file.ts) and API pulls both come through here.
 */
import { eq, sql } from 'drizzle-orm';
import { asDatabaseUnavailable, type Db } from '@/db/client';
import { deletedTickets, tickets } from '@/db/schema';
import { AppError, describeError } from '@/db/errors';
import type { DeletionRecord, ParsedItem, RejectedRow, ReleaseRecord } from '@/ingest/sources/types';
import { applyDeletions, deletedTicketIds, eventsOf, withoutDeletedTickets } from './delete-tickets';
import { DimensionCache } from './dimensions';
import { createPreparer, prepareStream, type PreparedEvent, type PreparedItem, type PreparedTicket } from './prepare';
import { redactionSettings } from './redaction';
import { addToRun, finishRun, markInterruptedRuns, startRun, type RunCounts } from './ingest-runs';
import { upsertEvents } from './upsert-events';
import { upsertReleases } from './upsert-releases';
import { upsertTickets, type WriteMode } from './upsert-tickets';

export interface IngestTarget {
  /** What is being read, for the run record: a file path or e.g. "zendesk pull (acme)". */
  label: string;
  /** The detected kind of input (csv-tickets, zendesk-json, …). */
  kind: string;
  /** The source tickets and events are stored under (csv, jira, zendesk…). */
  source: string;
  bytes?: number;
  /** The configured API source a pull's page comes from (pull_sources.name). */
  pullSource?: string;
}

export interface IngestItemsOptions {
  /** Tickets per transaction; larger batches load faster, smaller ones lose less on a crash. */
  batchSize?: number;
  /** Called after every committed batch with the rows read so far. */
  onBatch?: (rowsRead: number) => void;
  /** Stop between batches (Ctrl-C): the run is marked failed and committed batches stay. */
  signal?: AbortSignal;
  /** PII replaced so far by the preparation (a running total), recorded with each batch. */
  redactions?: () => Record<string, number>;
  /** Records redacted conservatively so far (text over its time budget), recorded with each batch. */
  conservativeRecords?: () => number;
}

export interface IngestTotals extends RunCounts {
  runId: number;
  durationMs: number;
  /** The first rejected rows, for the summary printed after the ingest. */
  rejectedSample: RejectedRow[];
  /** Records whose text outran its time budget and was redacted conservatively (see prepare.ts). */
  conservativeRecords: number;
}

const SAMPLE_REJECTS = 20;

interface Batch {
  tickets: PreparedTicket[];
  events: PreparedEvent[];
  releases: ReleaseRecord[];
  deletions: DeletionRecord[];
  rejected: RejectedRow[];
  rows: number;
  /** Position in the input of each id's last ticket row and last deletion: the later one wins. */
  ticketAt: Map<string, number>;
  deletionAt: Map<string, number>;
}

/**
 * A ticket and its deletion in one batch (an update stream that edits, then deletes, or deletes,
 * then restores): parsers only repeat an id with a newer copy, so the later one in the input wins.
 */
function laterWins(batch: Batch): { tickets: PreparedTicket[]; deletions: DeletionRecord[]; deletedLater: Set<string> } {
  const deletedLater = new Set<string>();
  for (const [id, at] of batch.deletionAt) if ((batch.ticketAt.get(id) ?? -1) < at && batch.ticketAt.has(id)) deletedLater.add(id);
  return {
    tickets: deletedLater.size === 0 ? batch.tickets : batch.tickets.filter((t) => !deletedLater.has(t.externalId)),
    deletions: batch.deletions.filter((d) => (batch.ticketAt.get(d.externalId) ?? -1) < batch.deletionAt.get(d.externalId)!),
    deletedLater,
  };
}

/** Writes one batch inside the caller's transaction; pure of side effects outside the database. */
async function writeBatch(
  db: Db,
  batch: Batch,
  target: IngestTarget,
  runId: number,
  dimensions: DimensionCache,
  mode: WriteMode,
  /** Whether the source has recorded deletions: without any, the per-batch check is skipped. */
  hasDeletions: { known: boolean },
): Promise<{ counts: RunCounts; rejected: RejectedRow[]; changedFrom: Date | null }> {
  const rejected = [...batch.rejected];
  const counts: RunCounts = { rowsRead: batch.rows, inserted: 0, updated: 0, unchanged: 0, rejected: 0, deleted: 0 };
  const add = (c: { inserted: number; updated: number; unchanged: number }) => {
    counts.inserted += c.inserted;
    counts.updated += c.updated;
    counts.unchanged += c.unchanged;
  };
  const ordered = laterWins(batch);
  // Copies that a deletion recorded earlier supersedes stay out (an older export imported again).
  const { kept: tickets, superseded } = hasDeletions.known
    ? await withoutDeletedTickets(db, target.source, ordered.tickets)
    : { kept: ordered.tickets, superseded: new Set<string>() };
  const dropped = new Set([...ordered.deletedLater, ...superseded]);
  const events = eventsOf(batch.events, dropped);
  counts.unchanged += batch.tickets.length - tickets.length + events.dropped + (batch.deletions.length - ordered.deletions.length);
  // Tickets first: events of the same batch may belong to them.
  let changedFrom: Date | null = null;
  const earliest = (a: Date | null, b: Date | null | undefined) => (b == null ? a : a === null || b < a ? b : a);
  if (tickets.length > 0) {
    const written = await upsertTickets(db, target.source, runId, tickets, dimensions, mode);
    add(written);
    changedFrom = earliest(changedFrom, written.changedFrom);
  }
  if (events.kept.length > 0) {
    const result = await upsertEvents(db, target.source, runId, events.kept, dimensions);
    add(result);
    // Comments of a ticket deleted at the source, arriving later (a comments file): not an error.
    const orphans = hasDeletions.known && result.rejected.length > 0 ? await deletedTicketIds(db, target.source, result.rejected.map((r) => r.raw)) : new Set<string>();
    const stillRejected = result.rejected.filter((r) => !orphans.has(r.raw));
    counts.unchanged += result.rejected.length - stillRejected.length;
    rejected.push(...stillRejected);
  }
  if (batch.releases.length > 0) add(await upsertReleases(db, target.kind, runId, batch.releases));
  if (ordered.deletions.length > 0) {
    const removed = await applyDeletions(db, target.source, runId, ordered.deletions);
    counts.deleted += removed.deleted;
    counts.unchanged += ordered.deletions.length - removed.deleted;
    changedFrom = earliest(changedFrom, removed.changedFrom);
    hasDeletions.known = true;
  }
  counts.rejected = rejected.length;
  return { counts, rejected, changedFrom };
}

export async function ingestItems(
  db: Db,
  items: AsyncIterable<PreparedItem>,
  target: IngestTarget,
  options: IngestItemsOptions = {},
): Promise<IngestTotals> {
  const batchSize = options.batchSize ?? 2_000;
  await markInterruptedRuns(db);
  const started = Date.now();
  const runId = await startRun(db, target.label, target.kind, target.source, target.bytes ?? null, target.pullSource ?? null);
  let mode = await firstLoadMode(db, target.source);
  const hasDeletions = { known: await sourceHasDeletions(db, target.source) };
  // Names already inserted by this ingest. A failed batch aborts the whole ingest, so the memory
  // never outlives a rolled-back transaction.
  const dimensions = new DimensionCache();
  const totals: RunCounts = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, deleted: 0 };
  const rejectedSample: RejectedRow[] = [];
  let storedRejects = 0;

  let tickets: PreparedTicket[] = [];
  let events: PreparedEvent[] = [];
  let releases: ReleaseRecord[] = [];
  let deletions: DeletionRecord[] = [];
  let rejected: RejectedRow[] = [];
  let ticketAt = new Map<string, number>();
  let deletionAt = new Map<string, number>();
  let pendingRows = 0;

  const flush = async () => {
    if (pendingRows === 0) return;
    const batch: Batch = { tickets, events, releases, deletions, rejected, rows: pendingRows, ticketAt, deletionAt };
    tickets = [];
    events = [];
    releases = [];
    deletions = [];
    rejected = [];
    ticketAt = new Map();
    deletionAt = new Map();
    pendingRows = 0;
    const attempt = (writeMode: WriteMode) =>
      withRetryOnConflict(
        () =>
          db.transaction(async (tx) => {
            const txDb = tx as unknown as Db;
            const result = await writeBatch(txDb, batch, target, runId, dimensions, writeMode, hasDeletions);
            const stored = await addToRun(
              txDb,
              runId,
              result.counts,
              result.rejected,
              storedRejects,
              options.redactions?.(),
              result.changedFrom,
              options.conservativeRecords?.(),
            );
            return { ...result, stored };
          }),
        dimensions,
      );
    let written;
    try {
      written = await attempt(mode);
    } catch (error) {
      // A first load met a ticket that is already stored (a duplicate later in the file, or a
      // concurrent ingest): the batch was rolled back; from here on every batch upserts.
      if (mode !== 'insert' || sqlState(error) !== UNIQUE_VIOLATION) throw error;
      mode = 'upsert';
      written = await attempt(mode);
    }
    storedRejects = written.stored;
    for (const key of Object.keys(totals) as (keyof RunCounts)[]) totals[key] += written.counts[key];
    for (const r of written.rejected) if (rejectedSample.length < SAMPLE_REJECTS) rejectedSample.push(r);
    options.onBatch?.(totals.rowsRead);
  };

  try {
    for await (const item of items) {
      pendingRows++;
      if (item.kind === 'ticket') {
        tickets.push(item.row);
        ticketAt.set(item.row.externalId, pendingRows);
      } else if (item.kind === 'event') events.push(item.row);
      else if (item.kind === 'release') releases.push(item.record);
      else if (item.kind === 'deletion') {
        deletions.push(item.record);
        deletionAt.set(item.record.externalId, pendingRows);
      } else rejected.push(item.row);
      if (tickets.length >= batchSize || events.length >= batchSize * 2 || pendingRows >= batchSize * 4) {
        await flush();
        // Let the event loop run between batches: a Ctrl-C (SIGINT) is only seen there, and the
        // database and a parsing worker can resolve everything else without ever yielding.
        await new Promise((resolve) => setImmediate(resolve));
        if (options.signal?.aborted) throw new AppError('Conflict', 'Interrupted by the user');
      }
    }
    await flush();
  } catch (caught) {
    const error = asDatabaseUnavailable(caught) ?? caught;
    const message = error instanceof AppError ? error.message : describeError(error);
    await finishRun(db, runId, started, message, options.conservativeRecords?.()).catch(() => {
      // The database itself may be what failed; the run then stays 'running' and the next
      // ingest marks it interrupted.
    });
    throw error;
  }
  const conservativeRecords = options.conservativeRecords?.() ?? 0;
  await finishRun(db, runId, started, undefined, conservativeRecords);
  return { runId, ...totals, durationMs: Date.now() - started, rejectedSample, conservativeRecords };
}

/**
 * Parsed records straight from a parser or an API page: prepared (redacted, serialised) on this
 * thread, then loaded. File ingests prepare in a worker instead (ingest-file.ts).
 */
export async function ingestParsedItems(
  db: Db,
  items: AsyncIterable<ParsedItem> | Iterable<ParsedItem>,
  target: IngestTarget,
  options: IngestItemsOptions = {},
): Promise<IngestTotals> {
  const preparer = createPreparer(await redactionSettings(db));
  return ingestItems(db, prepareStream(items, preparer), target, {
    ...options,
    redactions: () => preparer.counts,
    conservativeRecords: () => preparer.conservative.records,
  });
}

const UNIQUE_VIOLATION = '23505';

async function sourceHasDeletions(db: Db, source: string): Promise<boolean> {
  const rows = await db.select({ one: sql`1` }).from(deletedTickets).where(eq(deletedTickets.source, source)).limit(1);
  return rows.length > 0;
}

/** Plain inserts while the source has no tickets yet (see WriteMode), upserts otherwise. */
async function firstLoadMode(db: Db, source: string): Promise<WriteMode> {
  const stored = await db.select({ one: sql`1` }).from(tickets).where(eq(tickets.source, source)).limit(1);
  return stored.length > 0 ? 'upsert' : 'insert';
}

/** PostgreSQL error codes worth retrying a batch for: deadlock and serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 4;

function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Runs a batch transaction, retrying it when PostgreSQL aborted it to break a deadlock with a
 * concurrent ingest of overlapping data (the whole batch is rolled back, so a retry is safe).
 */
async function withRetryOnConflict<T>(transaction: () => Promise<T>, dimensions: DimensionCache): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await transaction();
      dimensions.commit();
      return result;
    } catch (error) {
      dimensions.discard();
      if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(sqlState(error) ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 50));
    }
  }
}
