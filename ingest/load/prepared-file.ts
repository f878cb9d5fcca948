/**
 * The main thread's side of a file ingest's preparation: starts prepare-worker.ts and turns its
 * messages into an async stream of prepared records, with progress and summary on the side.
 */
import { Worker } from 'node:worker_threads';
import type { FileKind, ParseOptions } from '@/ingest/sources/types';
import { AppError } from '@/db/errors';
import type { ConservativeRecords, PreparedItem, RedactionSettings } from './prepare';
import type { PrepareWorkerData, PrepareWorkerMessage } from './prepare-worker';
import { prepareWorkerScript } from './worker-script';

export interface PreparedFile {
  items: AsyncGenerator<PreparedItem>;
  /** Stops the preparation (the worker) if `items` was not read to its end. */
  close(): Promise<void>;
  /** Updated as the worker reports; complete once `items` is exhausted. */
  progress: {
    bytesRead: number;
    /** Records parsed and prepared so far (ahead of those written by at most two batches). */
    rowsPrepared: number;
    redactions: Record<string, number>;
    conservative: ConservativeRecords;
    skipped: Record<string, number>;
  };
}

export function emptyPreparedProgress(): PreparedFile['progress'] {
  return { bytesRead: 0, rowsPrepared: 0, redactions: {}, conservative: { records: 0, lines: [] }, skipped: {} };
}

export function prepareFileInWorker(file: string, kind: FileKind, parseOptions: ParseOptions, redaction: RedactionSettings): PreparedFile {
  const progress = emptyPreparedProgress();
  const queue: PrepareWorkerMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let worker: Worker | null = null;

  async function start(): Promise<Worker> {
    const started = new Worker(await prepareWorkerScript(), { workerData: { file, kind, parseOptions, redaction } satisfies PrepareWorkerData });
    started.on('message', (message: PrepareWorkerMessage) => {
      if (message.type === 'progress') {
        Object.assign(progress, { bytesRead: message.bytesRead, rowsPrepared: message.rowsPrepared, redactions: message.redactions, conservative: message.conservative });
        return;
      }
      queue.push(message);
      wake?.();
    });
    started.on('error', (error) => {
      failure = error;
      wake?.();
    });
    started.on('exit', (code) => {
      if (code !== 0 && !failure) failure = new Error(`the parsing worker stopped with exit code ${code}`);
      wake?.();
    });
    return started;
  }

  // Started at once, so the worker starts and parses while the loader opens its run.
  const starting = start().then((started) => (worker = started));
  starting.catch(() => {}); // the failure is thrown where items are read
  const close = async () => {
    await starting.catch(() => {});
    await worker?.terminate();
  };

  async function* items(): AsyncGenerator<PreparedItem> {
    try {
      const running = await starting;
      for (;;) {
        while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
        const message = queue.shift();
        if (!message) throw failure;
        if (message.type === 'error') {
          throw message.code ? new AppError(message.code, message.message, { hint: message.hint }) : new Error(message.message);
        }
        if (message.type === 'progress') continue;
        Object.assign(progress, { bytesRead: message.bytesRead, rowsPrepared: message.rowsPrepared, redactions: message.redactions, conservative: message.conservative });
        if (message.type === 'done') {
          progress.skipped = message.skipped;
          return;
        }
        running.postMessage('more');
        yield* message.items;
      }
    } finally {
      await close();
    }
  }
  return { items: items(), progress, close };
}
