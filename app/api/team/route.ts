/**
 * GET /api/team — the team-load report of the last analysis as JSON.
 *   Aggregates (teams, shares, risk counts) for every signed-in viewer.
 *   ?individuals=1 adds per-person rows and names single owners: managers and admins only
 *   (403 otherwise), and each such request is recorded in the audit log first.
 * Response: { individuals: boolean, team: TeamLoadView | null } (null before any analysis), its
 * keys in the JSON contract's snake_case.
 */
import { teamLoadToJson } from '@/lib/analysis/team';
import { getDatabase } from '@/lib/database';
import { recordAudit } from '@/lib/auth/audit';
import { handle, NO_STORE } from '@/lib/http-errors';
import { individualsRequested } from '@/lib/auth/team-access';
import { requireRole } from '@/lib/auth/viewer';
import { getTeamLoad } from '@/lib/queries/team';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return handle(async () => {
    const viewer = await requireRole('viewer');
    const individuals = individualsRequested(request, viewer);
    const { db } = await getDatabase();
    const team = await getTeamLoad(db, { includeIndividuals: individuals });
    if (individuals) {
      await recordAudit(viewer, 'team.view_individuals', 'team', { via: 'api', format: 'json', agents: team?.agents.length ?? 0 });
    }
    return Response.json({ individuals, team: team && teamLoadToJson(team) }, { headers: NO_STORE });
  });
}
