/**
 * The main thread's side of a file ingest's preparation: starts prepare-worker.ts and turns its
 * messages into an async stream of prepared records, with progress and summary on the side.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileKind, ParseOptions } from '@/ingest/sources/types';
import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';
import type { PreparedItem, RedactionSettings } from './prepare';
import type { PrepareWorkerData, PrepareWorkerMessage } from './prepare-worker';

export interface PreparedFile {
  items: AsyncGenerator<PreparedItem>;
  /** Updated as batches arrive; complete once `items` is exhausted. */
  progress: { bytesRead: number; redactions: Record<string, number>; skipped: Record<string, number> };
}

export function prepareFileInWorker(file: string, kind: FileKind, parseOptions: ParseOptions, redaction: RedactionSettings): PreparedFile {
  // A plain path, not new URL(…, import.meta.url): the web server's bundler would otherwise try
  // to bundle the worker (and tsx with it) into every route that can ingest a file.
  const entry = path.join(/*turbopackIgnore: true*/ getEnv().projectRoot, 'ingest', 'load', 'prepare-worker-entry.mjs');
  const worker = new Worker(entry, {
    workerData: {
      file,
      kind,
      parseOptions,
      redaction,
      tsconfig: path.join(getEnv().projectRoot, 'tsconfig.json'),
    } satisfies PrepareWorkerData & { tsconfig: string },
  });
  const progress: PreparedFile['progress'] = { bytesRead: 0, redactions: {}, skipped: {} };
  const queue: PrepareWorkerMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  worker.on('message', (message: PrepareWorkerMessage) => {
    queue.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`the parsing worker stopped with exit code ${code}`);
    wake?.();
  });

  async function* items(): AsyncGenerator<PreparedItem> {
    try {
      for (;;) {
        while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
        const message = queue.shift();
        if (!message) throw failure;
        if (message.type === 'error') {
          throw message.code ? new AppError(message.code, message.message, { hint: message.hint }) : new Error(message.message);
        }
        progress.bytesRead = message.bytesRead;
        progress.redactions = message.redactions;
        if (message.type === 'done') {
          progress.skipped = message.skipped;
          return;
        }
        worker.postMessage('more');
        yield* message.items;
      }
    } finally {
      await worker.terminate();
    }
  }
  return { items: items(), progress };
}
