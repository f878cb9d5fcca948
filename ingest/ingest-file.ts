/**
 * Ingests one export file: detect its format and stream it through its parser into the batched,
 * idempotent loader (load/ingest-items.ts).
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@/db/client';
import { AppError } from '@/db/errors';
import { detectFileKind } from '@/ingest/sources/detect';
import { parseFileWithSummary, sourceOfKind, type SkipReason } from '@/ingest/sources';
import type { FileKind, ParseOptions, SourceFormat } from '@/ingest/sources/types';
import { ingestItems, type IngestTotals } from './load/ingest-items';
import { createPreparer, prepareStream, type PreparedItem, type RedactionSettings } from './load/prepare';
import { emptyPreparedProgress, prepareFileInWorker, type PreparedFile } from './load/prepared-file';
import { redactionSettings } from './load/redaction';

export interface IngestProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  /** Rows parsed and prepared so far (written a batch or two later). */
  rowsRead: number;
  /** Rows written to the database so far. */
  rowsStored: number;
}

/** How often progress is reported while a file loads, batch or not: a stall shows as a falling rate. */
const PROGRESS_TICK_MS = 1_000;

export interface IngestFileOptions {
  /** Skip detection (the caller already knows the kind). */
  kind?: FileKind;
  /** The CLI's --source: detection chooses among this source's formats. */
  source?: SourceFormat;
  /** IANA zone for timestamps without an offset. */
  timeZone: string;
  /** Decode as Windows-1252 instead of UTF-8 (old Excel exports). */
  encoding?: 'utf8' | 'latin1';
  batchSize?: number;
  /** Called every second while the file loads, and after every batch written. */
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
  /**
   * Parse and prepare in a worker thread (worker-script.ts), in parallel with the database writes
   * and off the event loop: the CLI and the web server's uploads do. Inline otherwise (tests,
   * where starting a worker would cost more than the file).
   */
  useWorker?: boolean;
}

export interface IngestSummary extends IngestTotals {
  file: string;
  kind: FileKind;
  source: string | null;
  /** Valid rows deliberately not loaded (pull requests, superseded copies…). */
  skipped: Partial<Record<SkipReason, number>>;
  /** File lines of the first records redacted conservatively (their count is `conservativeRecords`). */
  conservativeLines: number[];
}

const HEAD_BYTES = 64 * 1024;

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
  const parseOptions = { fileName: path.basename(file), timeZone: options.timeZone, encoding: options.encoding };
  const redaction = await redactionSettings(db);
  const prepared = options.useWorker ? prepareFileInWorker(file, kind, parseOptions, redaction) : prepareFileInline(file, kind, parseOptions, redaction);
  let rowsStored = 0;
  const report = () =>
    options.onProgress?.({
      file,
      bytesRead: prepared.progress.bytesRead,
      totalBytes: info.size,
      rowsRead: Math.max(prepared.progress.rowsPrepared, rowsStored),
      rowsStored,
    });
  const ticker = options.onProgress ? setInterval(report, PROGRESS_TICK_MS) : null;
  try {
    const totals = await ingestItems(
      db,
      prepared.items,
      { label: path.resolve(file), kind, source: source ?? kind, bytes: info.size },
      {
        batchSize: options.batchSize,
        signal: options.signal,
        redactions: () => prepared.progress.redactions,
        conservativeRecords: () => prepared.progress.conservative.records,
        onBatch: (rowsRead) => {
          rowsStored = rowsRead;
          report();
        },
      },
    );
    return {
      ...totals,
      file,
      kind,
      source,
      skipped: Object.fromEntries(Object.entries(prepared.progress.skipped).filter(([, count]) => count > 0)),
      conservativeLines: prepared.progress.conservative.lines,
    };
  } finally {
    if (ticker) clearInterval(ticker);
    await prepared.close(); // a failed load leaves no worker behind
  }
}

/** Parsing and preparation on this thread (the server's uploads, tests): same stream shape as the worker's. */
function prepareFileInline(file: string, kind: FileKind, parseOptions: ParseOptions, redaction: RedactionSettings): PreparedFile {
  const preparer = createPreparer(redaction);
  const progress: PreparedFile['progress'] = { ...emptyPreparedProgress(), redactions: preparer.counts, conservative: preparer.conservative };
  const stream = createReadStream(file);
  // Counted as the parser pulls each chunk. (A 'data' listener would switch the stream to
  // flowing mode and drop every chunk read before the parser starts iterating.)
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of stream) {
      progress.bytesRead += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const parsed = parseFileWithSummary(kind, chunks(), parseOptions);
  async function* items(): AsyncGenerator<PreparedItem> {
    try {
      yield* prepareStream(parsed.items, preparer, (count) => (progress.rowsPrepared += count));
      progress.skipped = parsed.summary.skipped;
    } finally {
      stream.destroy();
    }
  }
  return { items: items(), progress, close: async () => void stream.destroy() };
}
