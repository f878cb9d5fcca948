/**
 * The team-load snapshot of the last analysis, with what the viewer may not see taken out here —
 * at the read seam, so no page, endpoint or export can forget it.
 */
import { desc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { teamLoadSnapshots } from '@/db/schema';
import { MIN_GROUP_SIZE, teamLoadFromJson, type TeamLoadReport, type TeamLoadRow, type TeamWeek } from '@/lib/analysis/team';

/** A team's week; the per-person figures are null when fewer than MIN_GROUP_SIZE people were active. */
export type TeamWeekView = Omit<TeamWeek, 'tickets' | 'actions' | 'loadPerAgentMedian' | 'afterHoursShare'> & {
  tickets: number | null;
  actions: number | null;
  loadPerAgentMedian: number | null;
  afterHoursShare: number | null;
};

/**
 * A team's row. Without individual access, a team under MIN_GROUP_SIZE people shows only its name
 * and size (`withheld`): its totals, medians, shares, streaks, hours and heatmap are nearly its
 * members' own numbers.
 */
export type TeamRowView = Omit<TeamLoadRow, WithheldFigure | 'loadPerAgentIqr' | 'weekly'> & {
  [K in WithheldFigure]: TeamLoadRow[K] | null;
} & {
  loadPerAgentIqr: [number, number] | null;
  weekly: TeamWeekView[];
  /** True when the figures are withheld because the team is smaller than MIN_GROUP_SIZE. */
  withheld: boolean;
};

/** A team's figures that a viewer without individual access does not get for a team under MIN_GROUP_SIZE. */
const WITHHELD_FIGURES = [
  'tickets',
  'loadPerAgentMedian',
  'afterHoursShare',
  'workingHoursSource',
  'workingHoursPeople',
  'actions',
  'weekendShare',
  'sleepHourNights',
  'longestStreak',
  'longestStreakMedian',
  'afterHoursChange',
  'hourOfWeek',
  'bulkBursts',
  'bulkActions',
] as const;
type WithheldFigure = (typeof WITHHELD_FIGURES)[number];

export interface TeamLoadView extends Omit<TeamLoadReport, 'teams'> {
  teams: TeamRowView[];
  /** True when `agents` and single-owner names are present (see canSeeIndividuals). */
  individuals: boolean;
}

/** Stand-in for a name when individuals are not shown. */
export const ANONYMOUS_OWNER = 'one person';

/** A week with its per-person figures withheld when fewer than MIN_GROUP_SIZE people were active. */
function weekView(week: TeamWeek): TeamWeekView {
  if (week.activeAgents >= MIN_GROUP_SIZE) return week;
  return {
    ...week,
    tickets: null,
    actions: null,
    loadPerAgentMedian: null,
    afterHoursShare: null,
    firstResponseHoursMedian: null,
    resolutionHoursMedian: null,
  };
}

/**
 * A team as a viewer without individual access sees it: every figure is over at least
 * MIN_GROUP_SIZE people (the rule the Team page states) — a smaller team keeps its name and
 * size only, and a week with fewer people active loses its per-person figures.
 */
export function aggregateTeamRow(team: TeamLoadRow): TeamRowView {
  if (team.size < MIN_GROUP_SIZE) {
    const withheld = Object.fromEntries(WITHHELD_FIGURES.map((key) => [key, null])) as { [K in WithheldFigure]: null };
    return { ...team, ...withheld, loadPerAgentIqr: null, loadGini: null, top20Share: null, weekly: [], withheld: true };
  }
  return { ...team, weekly: team.weekly.map(weekView), withheld: false };
}

/**
 * The latest snapshot, or null before any analysis. Without `includeIndividuals`: no per-person
 * rows, single owners unnamed, and every team figure over at least MIN_GROUP_SIZE people
 * (aggregateTeamRow). Always: no spread (IQR) for teams too small to break down — with two
 * people the quartiles of their loads are their loads — and no name of a single owner who
 * belongs to such a team.
 */
export async function getTeamLoad(db: Db, options: { includeIndividuals: boolean }): Promise<TeamLoadView | null> {
  const [row] = await db
    .select({ report: teamLoadSnapshots.report })
    .from(teamLoadSnapshots)
    .orderBy(desc(teamLoadSnapshots.id))
    .limit(1);
  if (!row) return null;
  const full = teamLoadFromJson(row.report);
  if (options.includeIndividuals) {
    const teams: TeamRowView[] = full.teams.map((t) => ({ ...t, loadPerAgentIqr: t.brokenDown ? t.loadPerAgentIqr : null, withheld: false }));
    // A single owner in a team too small to break down stays unnamed: naming them would break
    // that team down after all.
    const shown = new Set(full.agents.map((a) => a.agent));
    const singleOwners = full.singleOwnerTopics.map((s) => (shown.has(s.agent) ? s : { ...s, agent: ANONYMOUS_OWNER }));
    return { ...full, teams, singleOwnerTopics: singleOwners, individuals: true };
  }
  const teams = full.teams.map(aggregateTeamRow);
  const withheldTeams = new Set(teams.filter((t) => t.withheld).map((t) => t.team));
  return {
    ...full,
    teams,
    // A finding about a team too small to show is that team's figures under another name.
    teamFindings: full.teamFindings.filter((f) => !withheldTeams.has(f.team)),
    agents: [],
    singleOwnerTopics: full.singleOwnerTopics.map((s) => ({ ...s, agent: ANONYMOUS_OWNER })),
    individuals: false,
  };
}
