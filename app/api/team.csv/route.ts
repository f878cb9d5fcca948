/**
 * GET /api/team.csv — the team-load export as CSV (lib/exports/team.ts; formula-safe, UTF-8 BOM
 * for spreadsheets). Team rows for every signed-in viewer; ?individuals=1 adds one row per
 * agent: managers and admins only (403 otherwise), recorded in the audit log before the file
 * is sent.
 */
import { getDatabase } from '@/lib/database';
import { recordAudit } from '@/lib/auth/audit';
import { handle, NO_STORE } from '@/lib/http-errors';
import { individualsRequested } from '@/lib/auth/team-access';
import { requireRole } from '@/lib/auth/viewer';
import { toCsv } from '@/lib/csv-export';
import { exportTeamRows, TEAM_EXPORT_COLUMNS } from '@/lib/exports/team';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return handle(async () => {
    const viewer = await requireRole('viewer');
    const individuals = individualsRequested(request, viewer);
    const { db } = await getDatabase();
    const rows = await exportTeamRows(db, { includeIndividuals: individuals });
    if (individuals) {
      const agents = rows.filter((r) => r.kind === 'agent').length;
      await recordAudit(viewer, 'team.export_individuals', 'team', { via: 'api', format: 'csv', agents });
    }
    const filename = individuals ? 'team-load-individuals.csv' : 'team-load.csv';
    return new Response(toCsv(rows, TEAM_EXPORT_COLUMNS, { bom: true }), {
      headers: {
        ...NO_STORE,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      },
    });
  });
}
