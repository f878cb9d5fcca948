/**
 * An export uploaded on the Imports page, handled by the server process (which holds the embedded
 * database): the upload is streamed to a temporary file with a size limit, then ingested exactly
 * as the CLI does (format detected from the content; an agents CSV configures agents) and
 * analysed. One upload at a time: a second one is told to wait instead of interleaving.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '@/db/client';
import { ingestFile, readHead, type IngestSummary } from '@/ingest/ingest-file';
import { ingestAgentsFile, looksLikeAgentsFile } from '@/ingest/load/upsert-agents';
import { runAnalysis, runAnalysisUnlessCovered, type AnalysisResult } from '@/analyze/run-analysis';
import { AppError } from '@/db/errors';
import { describeBytes, uploadLimitBytes } from '@/lib/services/upload-limit';

export interface UploadOutcome {
  fileName: string;
  bytes: number;
  /** Null for an agents file (no ingest run). */
  ingest: Omit<IngestSummary, 'file'> | null;
  agentsConfigured: number | null;
  /** The analysis that followed, or the one already running that covered this file too. */
  analysis:
    | (Pick<AnalysisResult, 'status' | 'runId' | 'durationMs' | 'stages'> & { topics: number; mode: string })
    | { status: 'covered'; runId: number; message: string };
}

/** A file name safe to create in our temporary directory; the extension is kept for detection. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[^\w.-]+/g, '_').replace(/^\.+/, '');
  return (base || 'upload').slice(-120);
}

let busy = false;

/**
 * Streams `body` to a temporary file (refusing more than `limit` bytes), checks it arrived whole
 * (`declaredBytes`, the Content-Length), ingests and analyses it, and removes the file. Nothing is
 * stored from a body that was cut or too large. Throws AppError: TooLarge, InvalidInput (cut,
 * empty, unknown format), Conflict (another upload is running).
 */
export async function importUpload(
  db: Db,
  body: ReadableStream<Uint8Array>,
  options: { fileName: string; timeZone: string; limit?: number; declaredBytes?: number },
): Promise<UploadOutcome> {
  const limit = options.limit ?? uploadLimitBytes();
  const tooLarge = () =>
    new AppError('TooLarge', `${options.fileName} is larger than the upload limit of ${describeBytes(limit)} (SUPPORT_TRENDS_UPLOAD_LIMIT_MB); nothing was imported.`, {
      hint: 'Load big exports with the command line instead: support-trends ingest <file> (stop the dashboard first, or use PostgreSQL).',
    });
  if (options.declaredBytes !== undefined && options.declaredBytes > limit) throw tooLarge();
  if (busy) throw new AppError('Conflict', 'Another upload is being imported.', { hint: 'Wait until it finishes, then upload again.' });
  busy = true;
  const dir = await mkdtemp(path.join(tmpdir(), 'support-trends-upload-'));
  try {
    const fileName = safeFileName(options.fileName);
    const file = path.join(dir, fileName);
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(bytes > limit ? tooLarge() : null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), counter, createWriteStream(file));
    if (bytes === 0) throw new AppError('InvalidInput', `${fileName} is empty.`);
    if (options.declaredBytes !== undefined && bytes !== options.declaredBytes) {
      throw new AppError('InvalidInput', `${fileName} arrived cut: ${bytes.toLocaleString('en-US')} of the ${options.declaredBytes.toLocaleString('en-US')} bytes announced; nothing was imported.`, {
        hint: 'Upload the file again.',
      });
    }

    let ingest: Omit<IngestSummary, 'file'> | null = null;
    let agentsConfigured: number | null = null;
    if (looksLikeAgentsFile(await readHead(file))) {
      agentsConfigured = await ingestAgentsFile(db, file);
    } else {
      // Parsed and redacted in a worker thread: a slow file never holds up the server's event loop.
      const { file: _tempPath, ...summary } = await ingestFile(db, file, { timeZone: options.timeZone, useWorker: true });
      ingest = summary;
    }
    // An agents file leaves no ingest run by which a running analysis could be seen to cover it.
    const analysis =
      agentsConfigured === null
        ? await runAnalysisUnlessCovered(db, { mode: 'auto', timeZone: options.timeZone })
        : await runAnalysis(db, { mode: 'auto', timeZone: options.timeZone });
    return {
      fileName,
      bytes,
      ingest,
      agentsConfigured,
      analysis:
        analysis.status === 'covered'
          ? analysis
          : { status: analysis.status, runId: analysis.runId, durationMs: analysis.durationMs, stages: analysis.stages, topics: analysis.topics.topics, mode: analysis.topics.mode },
    };
  } finally {
    busy = false;
    await rm(dir, { recursive: true, force: true });
  }
}
