/**
 * Worker thread of a file ingest: reads and parses the file and prepares its records
 * (prepare.ts), sending batches to the main thread, which only writes them. Parsing, redaction
 * and serialisation then run on the second core instead of waiting between database writes.
 * Flow control: at most two batches in flight, so a fast parser cannot fill memory.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parseFileWithSummary } from '@/ingest/sources';
import type { FileKind, ParseOptions } from '@/ingest/sources/types';
import { AppError } from '@/lib/errors';
import { createPreparer, type PreparedItem, type RedactionSettings } from './prepare';

export interface PrepareWorkerData {
  file: string;
  kind: FileKind;
  parseOptions: ParseOptions;
  redaction: RedactionSettings;
}

export type PrepareWorkerMessage =
  | { type: 'batch'; items: PreparedItem[]; bytesRead: number; redactions: Record<string, number> }
  | { type: 'done'; bytesRead: number; redactions: Record<string, number>; skipped: Record<string, number> }
  | { type: 'error'; message: string; code?: AppError['code']; hint?: string };

const BATCH = 1_000;
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
async function* chunks(): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file)) {
    bytesRead += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
}

async function send(items: PreparedItem[]): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port!.postMessage({ type: 'batch', items, bytesRead, redactions: { ...preparer.counts } } satisfies PrepareWorkerMessage);
}

try {
  const parsed = parseFileWithSummary(kind, chunks(), parseOptions);
  let batch: PreparedItem[] = [];
  for await (const item of parsed.items) {
    batch.push(preparer.prepare(item));
    if (batch.length >= BATCH) {
      await send(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await send(batch);
  port.postMessage({ type: 'done', bytesRead, redactions: { ...preparer.counts }, skipped: parsed.summary.skipped } satisfies PrepareWorkerMessage);
} catch (error) {
  const message: PrepareWorkerMessage =
    error instanceof AppError
      ? { type: 'error', message: error.message, code: error.code, hint: error.hint }
      : { type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  port.postMessage(message);
}
