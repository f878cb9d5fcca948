import type { Db } from '@/db/client';
import { teamLoadToJson, type TeamLoadReport } from '@/lib/analysis/team';
import type { CsvColumn } from '@/lib/csv-export';
import { pseudonymiseTeamLoad } from '@/lib/privacy';
import { getTeamLoad } from '@/lib/queries/team';
import { WEEKDAY_NAMES } from '@/lib/time';

const columns = (...keys: string[]): CsvColumn[] => keys.map((key) => ({ key, header: key }));

/**
 * Team load as rows: one per team (kind "team") and, when individuals are allowed, one per agent
 * (kind "agent") in the order risk then name — never ranked by output.
 *
 * A team row fills the columns as the team's aggregate: sleep_hour_days are person-nights summed
 * over the team, max_consecutive_days the longest run of anyone in it, open_backlog the team's at
 * the end of the last week, reasons and suggestion its team findings. Columns that only exist per
 * person (tickets_per_active_day, actions_per_day, current_streak, urgent/reopened/negative share,
 * risk) stay empty on team rows, and a team withheld from the viewer (under five people) has only
 * its name and size.
 */
export const TEAM_EXPORT_COLUMNS = columns(
  'kind', 'team', 'agent', 'size', 'tickets', 'tickets_per_active_day', 'actions_per_day', 'load_per_agent_median',
  'after_hours_share', 'weekend_share', 'sleep_hour_days', 'max_consecutive_days', 'current_streak', 'open_backlog',
  'urgent_share', 'reopened_share', 'negative_share', 'load_gini', 'top20_share', 'risk', 'reasons', 'suggestion', 'as_of',
  // Added with issue 16: where the hours come from, and what was collapsed as bulk.
  'working_hours_source', 'time_zone', 'working_hours', 'actions', 'after_hours_previous_share', 'longest_streak_median',
  'bulk_bursts', 'bulk_actions', 'risk_note',
);

export interface TeamExportOptions {
  includeIndividuals: boolean;
  /** Key for stable pseudonyms ("Agent 7f3a"); names are replaced when given. */
  pseudonymKey?: string;
}

export async function exportTeamRows(db: Db, options: TeamExportOptions): Promise<Record<string, unknown>[]> {
  // The same privacy cut as the Team page and the report (lib/queries/team.ts).
  const view = await getTeamLoad(db, { includeIndividuals: options.includeIndividuals });
  if (!view) return [];
  const report = options.pseudonymKey ? pseudonymiseTeamLoad(view as unknown as TeamLoadReport, options.pseudonymKey) : view;
  const teams = view.teams.map((t) => {
    const findings = view.teamFindings.filter((f) => f.team === t.team);
    const lastWeek = t.weekly.at(-1);
    return {
      kind: 'team',
      team: t.team,
      size: t.size,
      tickets: t.tickets,
      load_per_agent_median: t.loadPerAgentMedian,
      after_hours_share: t.afterHoursShare,
      weekend_share: t.weekendShare,
      sleep_hour_days: t.sleepHourNights,
      max_consecutive_days: t.longestStreak,
      open_backlog: t.withheld ? null : (lastWeek?.backlog ?? null),
      load_gini: t.loadGini,
      top20_share: t.top20Share,
      reasons: findings.map((f) => f.sentence).join('; ') || null,
      suggestion: findings.map((f) => f.suggestion).join(' ') || null,
      as_of: report.asOf,
      working_hours_source: t.workingHoursSource,
      actions: t.actions,
      after_hours_previous_share: t.afterHoursChange?.previousShare ?? null,
      longest_streak_median: t.longestStreakMedian,
      bulk_bursts: t.bulkBursts,
      bulk_actions: t.bulkActions,
    };
  });
  if (!options.includeIndividuals) return teams;
  const agents = report.agents.map((a) => ({
    kind: 'agent',
    // The export's columns are the JSON contract's names (snake_case).
    ...teamLoadToJson(a),
    as_of: report.asOf,
    working_hours_source: a.workingHours.source,
    time_zone: a.workingHours.timeZone,
    working_hours: `${a.workingHours.start}–${a.workingHours.end} ${a.workingHours.workDays.map((d) => WEEKDAY_NAMES[d].slice(0, 3)).join(',')}`,
  }));
  return [...teams, ...agents];
}
