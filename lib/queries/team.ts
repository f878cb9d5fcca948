/**
 * The team-load snapshot of the last analysis, with what the viewer may not see taken out here —
 * at the read seam, so no page or endpoint can forget it.
 */
import { desc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { teamLoadSnapshots } from '@/db/schema';
import type { TeamLoadReport, TeamLoadRow } from '@/lib/analysis/team';

/** A team's row; the spread is null for teams too small to break down. */
export type TeamRowView = Omit<TeamLoadRow, 'load_per_agent_iqr'> & { load_per_agent_iqr: [number, number] | null };

export interface TeamLoadView extends Omit<TeamLoadReport, 'teams'> {
  teams: TeamRowView[];
  /** True when `agents` and single-owner names are present (see canSeeIndividuals). */
  individuals: boolean;
}

/** Stand-in for a name when individuals are not shown. */
export const ANONYMOUS_OWNER = 'one person';

/**
 * The latest snapshot, or null before any analysis. Without `includeIndividuals`: no per-person
 * rows and single owners unnamed. Always: no spread (IQR) for teams too small to break down —
 * with two people the quartiles of their loads are their loads — and no name of a single owner
 * who belongs to such a team.
 */
export async function getTeamLoad(db: Db, options: { includeIndividuals: boolean }): Promise<TeamLoadView | null> {
  const [row] = await db
    .select({ report: teamLoadSnapshots.report })
    .from(teamLoadSnapshots)
    .orderBy(desc(teamLoadSnapshots.id))
    .limit(1);
  if (!row) return null;
  const full = row.report as TeamLoadReport;
  const teams: TeamRowView[] = full.teams.map((t) => (t.brokenDown ? t : { ...t, load_per_agent_iqr: null }));
  if (options.includeIndividuals) {
    // A single owner in a team too small to break down stays unnamed: naming them would break
    // that team down after all.
    const shown = new Set(full.agents.map((a) => a.agent));
    const singleOwners = full.single_owner_topics.map((s) => (shown.has(s.agent) ? s : { ...s, agent: ANONYMOUS_OWNER }));
    return { ...full, teams, single_owner_topics: singleOwners, individuals: true };
  }
  return {
    ...full,
    teams,
    agents: [],
    single_owner_topics: full.single_owner_topics.map((s) => ({ ...s, agent: ANONYMOUS_OWNER })),
    individuals: false,
  };
}
