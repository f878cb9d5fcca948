import { getJobDatabase } from '@/lib/database';
import { recordAudit } from '@/lib/auth/audit';
import { gateUnproxiedRoute } from '@/lib/auth/request-gate';
import { assertSameOrigin } from '@/lib/auth/same-origin';
import { requireRole } from '@/lib/auth/viewer';
import { getEnv } from '@/lib/env';
import { AppError } from '@/db/errors';
import { importUpload } from '@/ingest/upload';
import { describeBytes, uploadLimitBytes } from '@/lib/services/upload-limit';
import { handle } from '@/lib/http-errors';

export const dynamic = 'force-dynamic';
// Ingest and analysis of a big export take a while; nothing here may be cut short.
export const maxDuration = 3600;

/** The file name from X-File-Name (URL-encoded, as the Imports page sends it). */
function fileNameOf(request: Request): string {
  const raw = request.headers.get('x-file-name');
  if (!raw) throw new AppError('InvalidInput', 'The upload has no file name (X-File-Name header).');
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError('InvalidInput', `The file name in X-File-Name ("${raw.slice(0, 80)}") is not valid URL encoding.`, {
      hint: 'Send the name encoded with encodeURIComponent, as the Imports page does.',
    });
  }
}

/** Content-Length, when the client announced one. */
function declaredLength(request: Request): number | undefined {
  const value = request.headers.get('content-length');
  if (value === null) return undefined;
  if (!/^\d{1,15}$/.test(value.trim())) throw new AppError('InvalidInput', `Content-Length "${value.slice(0, 40)}" is not a number of bytes.`);
  return Number(value);
}

/** After a refusal, at most this much more of the body is read (and dropped) so the client can read the answer. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const DRAIN_LIMIT_MS = 30_000;

/**
 * The request body as importUpload reads it, except that stopping early (a refusal) does not
 * cancel the request: `drain` then reads the rest and drops it, because a server that answers
 * and closes while the client is still sending makes most clients report a broken connection
 * instead of the 413 or 409 it was given. Past DRAIN_LIMIT_* the connection is dropped after all.
 */
function drainableBody(source: ReadableStream<Uint8Array>): { body: ReadableStream<Uint8Array>; drain(): Promise<void> } {
  const reader = source.getReader();
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await reader.read();
      if (chunk.done) {
        done = true;
        controller.close();
      } else controller.enqueue(chunk.value);
    },
    // importUpload stopped reading: leave the request open for drain().
    cancel() {},
  });
  return {
    body,
    async drain() {
      let dropped = 0;
      const deadline = Date.now() + DRAIN_LIMIT_MS;
      try {
        while (!done && dropped <= DRAIN_LIMIT_BYTES && Date.now() < deadline) {
          const chunk = await reader.read();
          if (chunk.done) done = true;
          else dropped += chunk.value.length;
        }
        if (!done) await reader.cancel();
      } catch {
        // The client went away: nothing to answer.
      }
    },
  };
}

/**
 * POST /api/imports with the file as the raw body and its name in the X-File-Name header
 * (URL-encoded): ingests and analyses it, answering with the ingest summary (counts, first
 * rejected rows) and the analysis run. Admin only.
 *
 * proxy.ts does not run for this route (Next.js would hold the body in memory and cut it at its
 * proxy body limit), so it runs the same gate itself; the body streams to a temporary file. Over
 * SUPPORT_TRENDS_UPLOAD_LIMIT_MB → 413 with the limit in words; a body shorter than its
 * Content-Length (a cut upload) → 400; either way nothing is stored.
 */
export async function POST(request: Request): Promise<Response> {
  const gate = gateUnproxiedRoute(request);
  if (gate.refusal) return gate.refusal;
  const upload = request.body ? drainableBody(request.body) : null;
  let authorized = false;
  const response = await handle(async () => {
    // A mutation: refuse cross-site requests (the gate checks too), then need the admin role.
    assertSameOrigin(request);
    const viewer = await requireRole('admin');
    // An admin's refused upload gets its answer read (drain); anyone else's connection is just closed.
    authorized = true;
    const fileName = fileNameOf(request);
    const declared = declaredLength(request);
    const limit = uploadLimitBytes();
    if (declared !== undefined && declared > limit) {
      throw new AppError('TooLarge', `${fileName} is ${describeBytes(declared)}; the upload limit is ${describeBytes(limit)} (SUPPORT_TRENDS_UPLOAD_LIMIT_MB). Nothing was imported.`, {
        hint: 'Load big exports with the command line instead: support-trends ingest <file> (stop the dashboard first, or use PostgreSQL).',
      });
    }
    if (!upload || declared === 0) throw new AppError('InvalidInput', 'The upload is empty.');
    const { db } = await getJobDatabase();
    const outcome = await importUpload(db, upload.body, { fileName, timeZone: getEnv().SUPPORT_TRENDS_TZ, limit, declaredBytes: declared });
    await recordAudit(viewer, 'data.import', outcome.fileName, { bytes: outcome.bytes, analysisRunId: outcome.analysis.runId });
    return Response.json(outcome);
  });
  if (authorized) await upload?.drain();
  return gate.finish(response);
}

/** Any other method: the gate answers it (405 with Allow), as proxy.ts does for every other path. */
export const GET = gateOnly;
export const PUT = gateOnly;
export const DELETE = gateOnly;
export const PATCH = gateOnly;

async function gateOnly(request: Request): Promise<Response> {
  const gate = gateUnproxiedRoute(request);
  return gate.refusal ?? gate.finish(Response.json({ error: { code: 'MethodNotAllowed', message: 'Upload a file with POST.', hint: null } }, { status: 405, headers: { Allow: 'POST' } }));
}
