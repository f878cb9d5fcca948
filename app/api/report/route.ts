import { getDatabase } from '@/lib/database';
import { canSeeIndividuals, requireRole } from '@/lib/auth/viewer';
import { getEnv } from '@/lib/env';
import { requireValidFilters, searchParamsToRecord } from '@/lib/filters';
import { getPlanningReport } from '@/lib/queries/report';
import { handle } from '@/lib/http-errors';

export const dynamic = 'force-dynamic';

/** GET /api/report?from=YYYY-MM-DD&to=YYYY-MM-DD — the planning report (lib/report/schema.ts); team rows only for permitted viewers. */
export async function GET(request: Request): Promise<Response> {
  return handle(async () => {
    const viewer = await requireRole('viewer');
    const { from, to } = requireValidFilters(searchParamsToRecord(new URL(request.url).searchParams));
    const { db } = await getDatabase();
    const report = await getPlanningReport(db, { from, to, timeZone: getEnv().SUPPORT_TRENDS_TZ, includeIndividuals: canSeeIndividuals(viewer) });
    return Response.json(report, { headers: { 'Cache-Control': 'no-store' } });
  });
}
