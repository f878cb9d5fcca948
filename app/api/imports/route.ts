import { getJobDatabase } from '@/db/client';
import { recordAudit } from '@/lib/auth/audit';
import { gateUnproxiedRoute } from '@/lib/auth/request-gate';
import { assertSameOrigin } from '@/lib/auth/same-origin';
import { requireRole } from '@/lib/auth/viewer';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { importUpload } from '@/lib/services/import-upload';
import { describeBytes, uploadLimitBytes } from '@/lib/services/upload-limit';
import { handle } from '../respond';

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
  return gate.finish(
    await handle(async () => {
      // A mutation: refuse cross-site requests (the gate checks too), then need the admin role.
      assertSameOrigin(request);
      const viewer = await requireRole('admin');
      const fileName = fileNameOf(request);
      const declared = declaredLength(request);
      const limit = uploadLimitBytes();
      if (declared !== undefined && declared > limit) {
        throw new AppError('TooLarge', `${fileName} is ${describeBytes(declared)}; the upload limit is ${describeBytes(limit)} (SUPPORT_TRENDS_UPLOAD_LIMIT_MB). Nothing was imported.`, {
          hint: 'Load big exports with the command line instead: support-trends ingest <file> (stop the dashboard first, or use PostgreSQL).',
        });
      }
      if (!request.body || declared === 0) throw new AppError('InvalidInput', 'The upload is empty.');
      const { db } = await getJobDatabase();
      const outcome = await importUpload(db, request.body, { fileName, timeZone: getEnv().SUPPORT_TRENDS_TZ, limit, declaredBytes: declared });
      await recordAudit(viewer, 'data.import', outcome.fileName, { bytes: outcome.bytes, analysisRunId: outcome.analysis.runId });
      return Response.json(outcome);
    }),
  );
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
