/**
 * Privacy rules for per-person rows. Team metrics exist to move work around, not to watch people:
 *  - a group smaller than MIN_GROUP_SIZE is never broken down into individuals (with two or three
 *    people a "combined" figure already identifies someone; five is the usual minimum cell size in
 *    small-area statistics and HR survey reporting);
 *  - individual rows are ordered by risk, then by name — never by tickets handled or any other
 *    output, and there is no "top performer" field. Keyed pseudonyms live in lib/privacy.ts.
 */
import type { AgentLoadRow, RiskLevel } from './types';

export const MIN_GROUP_SIZE = 5;

/** True when a group of `groupSize` people may be shown person by person. */
export function breakdownAllowed(groupSize: number, minGroupSize = MIN_GROUP_SIZE): boolean {
  // A caller may be stricter than the rule, never looser.
  return groupSize >= Math.max(MIN_GROUP_SIZE, minGroupSize);
}

const RISK_RANK: Record<RiskLevel, number> = { high: 0, elevated: 1, low: 2 };

/** The only ordering of individual rows: higher risk first, then alphabetical by name. */
export function compareByRiskThenName(
  a: Pick<AgentLoadRow, 'risk' | 'agent'>,
  b: Pick<AgentLoadRow, 'risk' | 'agent'>,
): number {
  return (
    RISK_RANK[a.risk] - RISK_RANK[b.risk] ||
    a.agent.localeCompare(b.agent, 'en', { sensitivity: 'base' }) ||
    // "dana" and "Dana" are equal for people; a fixed order keeps the output deterministic.
    (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0)
  );
}
