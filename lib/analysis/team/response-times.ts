/**
 * First-response and resolution times per team and week, for the trend charts of the manager's
 * page. A ticket belongs to the team of its assignee; each time is counted in the week (in the
 * default zone) in which the response or resolution happened, so a week's median describes work
 * done that week and is final once the week is over (counting by creation week would keep
 * changing as slow tickets close).
 *
 * First response: the source's own first-response time when it has one, otherwise the first
 * agent reply among the events. Medians, not means: a few tickets left open for months would
 * otherwise set the figure.
 */
import { localDayIndex } from '@/lib/time';
import type { ActivitySpan } from './activity';
import { round } from './stats';
import type { TeamTicket } from './types';

const HOUR_MS = 3_600_000;

export interface ResponseWeek {
  firstResponses: number;
  firstResponseHoursMedian: number | null;
  resolutions: number;
  resolutionHoursMedian: number | null;
}

/** Weekly response and resolution medians per team (arrays of `span.historyWeeks`). */
export function responseWeeksByTeam(
  tickets: readonly TeamTicket[],
  /** The first agent reply per ticket, for sources without a first-response time. */
  firstReply: ReadonlyMap<string, number>,
  teamOf: (assignee: string) => string | null,
  span: ActivitySpan,
  timeZone: string,
): Map<string, ResponseWeek[]> {
  const samples = new Map<string, { first: number[][]; resolved: number[][] }>();
  const weekOf = (at: number) => Math.floor((localDayIndex(at, timeZone) - span.weekBase) / 7);
  const teams = new Map<string, string | null>();
  for (const ticket of tickets) {
    if (!ticket.assignee) continue;
    let team = teams.get(ticket.assignee);
    if (team === undefined) {
      team = teamOf(ticket.assignee);
      teams.set(ticket.assignee, team);
    }
    if (team === null) continue;
    let entry = samples.get(team);
    if (!entry) {
      entry = {
        first: Array.from({ length: span.historyWeeks }, () => []),
        resolved: Array.from({ length: span.historyWeeks }, () => []),
      };
      samples.set(team, entry);
    }
    const responded = ticket.firstResponseAt ?? firstReply.get(ticket.id) ?? null;
    if (responded !== null && responded >= ticket.createdAt && responded <= span.asOf) {
      const w = weekOf(responded);
      if (w >= 0 && w < span.historyWeeks) entry.first[w].push((responded - ticket.createdAt) / HOUR_MS);
    }
    if (ticket.resolvedAt !== null && ticket.resolvedAt >= ticket.createdAt && ticket.resolvedAt <= span.asOf) {
      const w = weekOf(ticket.resolvedAt);
      if (w >= 0 && w < span.historyWeeks) entry.resolved[w].push((ticket.resolvedAt - ticket.createdAt) / HOUR_MS);
    }
  }
  const result = new Map<string, ResponseWeek[]>();
  for (const [team, { first, resolved }] of samples) {
    result.set(
      team,
      first.map((f, w) => ({
        firstResponses: f.length,
        firstResponseHoursMedian: f.length === 0 ? null : round(medianOf(f), 1),
        resolutions: resolved[w].length,
        resolutionHoursMedian: resolved[w].length === 0 ? null : round(medianOf(resolved[w]), 1),
      })),
    );
  }
  return result;
}

/** Median through a native numeric sort: weeks of a large desk hold tens of thousands of tickets. */
function medianOf(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
