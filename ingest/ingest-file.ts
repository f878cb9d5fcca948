/**
 * Ingests one export file: detect its format, stream it through its parser, and write the
 * records in batches. Each batch is one transaction that also advances the run's counters, so
 * after a crash the database holds whole batches and counts that match them; re-running the
 * same file then inserts exactly what is missing and counts the rest as unchanged.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@/db/client';
import { AppError, describeError } from '@/lib/errors';
import { detectFileKind } from '@/ingest/sources/detect';
import { parseFileWithSummary, sourceOfKind, type SkipReason } from '@/ingest/sources';
import type { EventRecord, FileKind, RejectedRow, ReleaseRecord, SourceFormat, TicketRecord } from '@/ingest/sources/types';
import { DimensionCache } from './load/dimensions';
import { addToRun, finishRun, markInterruptedRuns, startRun } from './load/ingest-runs';
import { upsertEvents } from './load/upsert-events';
import { upsertReleases } from './load/upsert-releases';
import { upsertTickets } from './load/upsert-tickets';

export interface IngestProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
}

export interface IngestFileOptions {
  /** Skip detection (the caller already knows the kind). */
  kind?: FileKind;
  /** The CLI's --source: detection chooses among this source's formats. */
  source?: SourceFormat;
  /** IANA zone for timestamps without an offset. */
  timeZone: string;
  /** Decode as Windows-1252 instead of UTF-8 (old Excel exports). */
  encoding?: 'utf8' | 'latin1';
  /** Tickets per transaction; larger batches load faster, smaller ones lose less on a crash. */
  batchSize?: number;
  onProgress?: (progress: IngestProgress) => void;
  /** Stop between batches (Ctrl-C): the run is marked failed and committed batches stay. */
  signal?: AbortSignal;
}

export interface IngestSummary {
  runId: number;
  file: string;
  kind: FileKind;
  source: string | null;
  status: 'succeeded';
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  durationMs: number;
  /** The first rejected rows, for the summary printed after the ingest. */
  rejectedSample: RejectedRow[];
  /** Valid rows deliberately not loaded (pull requests, deleted tickets, superseded copies…). */
  skipped: Partial<Record<SkipReason, number>>;
}

const HEAD_BYTES = 64 * 1024;
const SAMPLE_REJECTS = 20;

export async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

export async function detectKind(file: string, source?: SourceFormat): Promise<FileKind> {
  return detectFileKind(await readHead(file), path.basename(file), source);
}

export async function ingestFile(db: Db, file: string, options: IngestFileOptions): Promise<IngestSummary> {
  const info = await stat(file).catch(() => {
    throw new AppError('NotFound', `File not found: ${file}`);
  });
  if (!info.isFile()) throw new AppError('InvalidInput', `${file} is not a file`);
  const kind = options.kind ?? (await detectKind(file, options.source));
  const source = sourceOfKind(kind);
  const fileName = path.basename(file);
  const batchSize = options.batchSize ?? 2_000;

  await markInterruptedRuns(db);
  const started = Date.now();
  const runId = await startRun(db, path.resolve(file), kind, source ?? kind, info.size);
  const dimensions = new DimensionCache();
  const totals = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const rejectedSample: RejectedRow[] = [];
  let storedRejects = 0;
  let bytesRead = 0;
  let skipped: Record<SkipReason, number> | undefined;

  let tickets: TicketRecord[] = [];
  let events: EventRecord[] = [];
  let releases: ReleaseRecord[] = [];
  let rejected: RejectedRow[] = [];
  let pendingRows = 0;

  const flush = async () => {
    if (pendingRows === 0) return;
    const batch = { tickets, events, releases, rejected, rows: pendingRows };
    tickets = [];
    events = [];
    releases = [];
    rejected = [];
    pendingRows = 0;
    await db.transaction(async (tx) => {
      const counts = { rowsRead: batch.rows, inserted: 0, updated: 0, unchanged: 0, rejected: batch.rejected.length };
      const add = (c: { inserted: number; updated: number; unchanged: number }) => {
        counts.inserted += c.inserted;
        counts.updated += c.updated;
        counts.unchanged += c.unchanged;
      };
      const txDb = tx as unknown as Db;
      // Tickets first: events of the same batch may belong to them.
      if (batch.tickets.length > 0) add(await upsertTickets(txDb, source ?? 'csv', runId, batch.tickets, dimensions));
      if (batch.events.length > 0) {
        const result = await upsertEvents(txDb, source ?? 'csv', runId, batch.events, dimensions);
        add(result);
        batch.rejected.push(...result.rejected);
        counts.rejected += result.rejected.length;
      }
      if (batch.releases.length > 0) add(await upsertReleases(txDb, kind, runId, batch.releases));
      storedRejects = await addToRun(txDb, runId, counts, batch.rejected, storedRejects);
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += counts[key];
    });
    for (const r of batch.rejected) if (rejectedSample.length < SAMPLE_REJECTS) rejectedSample.push(r);
    options.onProgress?.({ file, bytesRead, totalBytes: info.size, rowsRead: totals.rowsRead });
  };

  try {
    const stream = createReadStream(file);
    stream.on('data', (chunk) => {
      bytesRead += chunk.length;
    });
    const parsed = parseFileWithSummary(kind, stream, { fileName, timeZone: options.timeZone, encoding: options.encoding });
    skipped = parsed.summary.skipped;
    for await (const item of parsed.items) {
      pendingRows++;
      if (item.kind === 'ticket') tickets.push(item.record);
      else if (item.kind === 'event') events.push(item.record);
      else if (item.kind === 'release') releases.push(item.record);
      else rejected.push(item.row);
      if (tickets.length >= batchSize || events.length >= batchSize * 2 || pendingRows >= batchSize * 4) {
        await flush();
        if (options.signal?.aborted) throw new AppError('Conflict', 'Interrupted by the user');
      }
    }
    await flush();
  } catch (error) {
    const message = error instanceof AppError ? error.message : describeError(error);
    await finishRun(db, runId, started, message).catch(() => {
      // the database itself may be what failed; the run then stays 'running' and is marked
      // interrupted by the next ingest
    });
    throw error;
  }
  await finishRun(db, runId, started);
  return {
    runId,
    file,
    kind,
    source,
    status: 'succeeded',
    ...totals,
    durationMs: Date.now() - started,
    rejectedSample,
    skipped: Object.fromEntries(Object.entries(skipped ?? {}).filter(([, count]) => count > 0)),
  };
}
