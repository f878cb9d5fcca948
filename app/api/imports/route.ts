import { getDatabase } from '@/db/client';
import { recordAudit } from '@/lib/auth/audit';
import { assertSameOrigin } from '@/lib/auth/same-origin';
import { requireRole } from '@/lib/auth/viewer';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { importUpload } from '@/lib/services/import-upload';
import { handle } from '../respond';

export const dynamic = 'force-dynamic';
// Ingest and analysis of a big export take a while; nothing here may be cut short.
export const maxDuration = 3600;

/**
 * POST /api/imports with the file as the raw body and its name in the X-File-Name header
 * (URL-encoded): ingests and analyses it, answering with the ingest summary (counts, first
 * rejected rows) and the analysis run. Admin only.
 */
export async function POST(request: Request): Promise<Response> {
  return handle(async () => {
    // A mutation: refuse cross-site requests (proxy.ts checks too), then need the admin role.
    assertSameOrigin(request);
    const viewer = await requireRole('admin');
    const rawName = request.headers.get('x-file-name');
    if (!rawName) throw new AppError('InvalidInput', 'The upload has no file name (X-File-Name header).');
    if (!request.body) throw new AppError('InvalidInput', 'The upload is empty.');
    const declared = Number(request.headers.get('content-length'));
    const { db } = await getDatabase();
    const outcome = await importUpload(db, request.body, {
      fileName: decodeURIComponent(rawName),
      timeZone: getEnv().SUPPORT_TRENDS_TZ,
      declaredBytes: Number.isFinite(declared) && declared > 0 ? declared : undefined,
    });
    await recordAudit(viewer, 'data.import', outcome.fileName, { bytes: outcome.bytes, analysisRunId: outcome.analysis.runId });
    return Response.json(outcome);
  });
}
