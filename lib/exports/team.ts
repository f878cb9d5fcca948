import type { Db } from '@/db/client';
import type { TeamLoadReport } from '@/lib/analysis/team';
import type { CsvColumn } from '@/lib/csv-export';
import { pseudonymiseTeamLoad } from '@/lib/privacy';
import { getTeamLoad } from '@/lib/queries/team';

const columns = (...keys: string[]): CsvColumn[] => keys.map((key) => ({ key, header: key }));

/**
 * Team load as rows: one per team (kind "team") and, when individuals are allowed, one per agent
 * (kind "agent") in the order risk then name — never ranked by output.
 */
export const TEAM_EXPORT_COLUMNS = columns(
  'kind', 'team', 'agent', 'size', 'tickets', 'tickets_per_active_day', 'actions_per_day', 'load_per_agent_median',
  'after_hours_share', 'weekend_share', 'sleep_hour_days', 'max_consecutive_days', 'current_streak', 'open_backlog',
  'urgent_share', 'reopened_share', 'negative_share', 'load_gini', 'top20_share', 'risk', 'reasons', 'suggestion', 'as_of',
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
  const teams = report.teams.map((t) => ({
    kind: 'team',
    team: t.team,
    size: t.size,
    tickets: t.tickets,
    load_per_agent_median: t.load_per_agent_median,
    after_hours_share: t.after_hours_share,
    load_gini: t.load_gini,
    top20_share: t.top20_share,
    as_of: report.asOf,
  }));
  if (!options.includeIndividuals) return teams;
  const agents = report.agents.map((a) => ({ kind: 'agent', ...a, as_of: report.asOf }));
  return [...teams, ...agents];
}
