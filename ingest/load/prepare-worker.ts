/**
 * Worker thread of a file ingest: reads and parses the file and prepares its records
 * (prepare.ts), sending batches to the main thread, which only writes them. Parsing, redaction
 * and serialisation then run on the second core instead of waiting between database writes, and
 * never on the web server's event loop. Runs as a bundle built from this file (worker-script.ts).
 * Flow control: at most two batches in flight, so a fast parser cannot fill memory.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parseFileWithSummary } from '@/ingest/sources';
import type { FileKind, ParseOptions } from '@/ingest/sources/types';
import { AppError } from '@/db/errors';
import { createPreparer, prepareStream, type ConservativeRecords, type PreparedItem, type RedactionSettings } from './prepare';

export interface PrepareWorkerData {
  file: string;
  kind: FileKind;
  parseOptions: ParseOptions;
  redaction: RedactionSettings;
}

/** How far the worker is: sent with every message, and on its own while a batch fills. */
export interface PrepareWorkerProgress {
  bytesRead: number;
  rowsPrepared: number;
  redactions: Record<string, number>;
  conservative: ConservativeRecords;
}

export type PrepareWorkerMessage =
  | ({ type: 'progress' } & PrepareWorkerProgress)
  | ({ type: 'batch'; items: PreparedItem[] } & PrepareWorkerProgress)
  | ({ type: 'done'; skipped: Record<string, number> } & PrepareWorkerProgress)
  | { type: 'error'; message: string; code?: AppError['code']; hint?: string };

const BATCH = 1_000;
/** A progress message at most this often, so a slow file still shows its pace. */
const PROGRESS_INTERVAL_MS = 250;

const port = parentPort;
if (!port) throw new Error('prepare-worker.ts runs as a worker thread');

const { file, kind, parseOptions, redaction } = workerData as PrepareWorkerData;
const preparer = createPreparer(redaction);
let credits = 2;
let wake: (() => void) | null = null;
port.on('message', (message) => {
  if (message === 'more') {
    credits++;
    wake?.();
  }
});

let bytesRead = 0;
let rowsPrepared = 0;
let lastProgress = 0;
async function* chunks(): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file)) {
    bytesRead += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
}

const progress = (): PrepareWorkerProgress => ({
  bytesRead,
  rowsPrepared,
  redactions: { ...preparer.counts },
  conservative: { records: preparer.conservative.records, lines: [...preparer.conservative.lines] },
});

function onPrepared(count: number): void {
  rowsPrepared += count;
  const now = Date.now();
  if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
    lastProgress = now;
    port!.postMessage({ type: 'progress', ...progress() } satisfies PrepareWorkerMessage);
  }
}

async function send(items: PreparedItem[]): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port!.postMessage({ type: 'batch', items, ...progress() } satisfies PrepareWorkerMessage);
}

try {
  const parsed = parseFileWithSummary(kind, chunks(), parseOptions);
  let batch: PreparedItem[] = [];
  for await (const item of prepareStream(parsed.items, preparer, onPrepared)) {
    batch.push(item);
    if (batch.length >= BATCH) {
      await send(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await send(batch);
  port.postMessage({ type: 'done', skipped: parsed.summary.skipped, ...progress() } satisfies PrepareWorkerMessage);
} catch (error) {
  const message: PrepareWorkerMessage =
    error instanceof AppError
      ? { type: 'error', message: error.message, code: error.code, hint: error.hint }
      : { type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  port.postMessage(message);
}
