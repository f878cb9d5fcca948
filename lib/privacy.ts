/**
 * Keyed pseudonyms for people's names, so a team view can be shared or demoed without naming
 * anyone while rows stay stable from one run to the next.
 *
 * HMAC-SHA-256 with a secret key (RFC 2104), not a plain hash: names are a small, guessable set,
 * and an unkeyed hash of "Dana" can be reversed by hashing a list of first names. Without the key
 * the pseudonym reveals nothing; with it, the same name always gives the same pseudonym.
 * This module uses node:crypto, so it lives outside the pure lib/analysis tree.
 */
import { createHmac } from 'node:crypto';
import { AppError } from '@/db/errors';
import { compareByRiskThenName } from '@/lib/analysis/team/privacy';
import type { TeamLoadReport } from '@/lib/analysis/team/types';

const DEFAULT_HEX_DIGITS = 4;

function checkKey(key: string): void {
  if (key.length < 8) {
    throw new AppError('InvalidInput', 'the pseudonymisation key is too short', {
      hint: 'Use a secret of at least 8 characters (e.g. `openssl rand -hex 16`) and keep it out of the repository.',
    });
  }
}

/**
 * "Agent 7f3a": a stable pseudonym for `name` under `key`. Case and surrounding spaces do not
 * matter ("Dana" and "dana " are one person).
 */
export function pseudonymise(name: string, key: string, hexDigits = DEFAULT_HEX_DIGITS): string {
  checkKey(key);
  const digest = createHmac('sha256', key).update(name.trim().toLowerCase(), 'utf8').digest('hex');
  return `Agent ${digest.slice(0, hexDigits)}`;
}

/**
 * Pseudonymises every name in a team-load report (agent rows and single-owner topics). With four
 * hex digits two of 50 people collide about 2% of the time; on a collision all names get longer
 * digests, so different people never share a pseudonym.
 */
export function pseudonymiseTeamLoad(report: TeamLoadReport, key: string): TeamLoadReport {
  const names = new Set<string>([
    ...report.agents.map((a) => a.agent.trim().toLowerCase()),
    ...report.singleOwnerTopics.map((t) => t.agent.trim().toLowerCase()),
  ]);
  let digits = DEFAULT_HEX_DIGITS;
  while (digits < 64 && new Set([...names].map((n) => pseudonymise(n, key, digits))).size < names.size) digits += 2;
  const alias = (name: string) => pseudonymise(name, key, digits);
  const agents = report.agents.map((a) => ({ ...a, agent: alias(a.agent) }));
  // Rows are ordered by risk then name; re-sort on the pseudonym so the order does not leak names.
  agents.sort(compareByRiskThenName);
  return {
    ...report,
    agents,
    singleOwnerTopics: report.singleOwnerTopics.map((t) => ({ ...t, agent: alias(t.agent) })),
  };
}
