/**
 * Who on the team a stored requester or customer author is. Requesters and customers' comment
 * authors are stored as keyed pseudonyms (lib/redact/pseudonymous-key.ts), agents by name, so a
 * developer who files a bug and another who fixes it look like a customer and an agent. Team load
 * needs to know when the "customer" is a colleague (an issue tracker's bugs are filed by the team:
 * lib/analysis/team/export-shape.ts): the same keyed hash of each agent's name gives the
 * pseudonym that person carries as a requester, without storing or reversing anything.
 */
import { AGENT_PSEUDONYM_PREFIX, PSEUDONYM_PREFIX, pseudonymousKey } from '@/lib/redact';

/**
 * Requester pseudonym → agent name, for every agent. An agent whose name held personal data is
 * stored as `agent_<digest>` of the original; as a requester the same person is `cust_<digest>`.
 */
export function requesterAliases(agentNames: Iterable<string>, secret: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const name of agentNames) {
    const key = name.startsWith(AGENT_PSEUDONYM_PREFIX)
      ? PSEUDONYM_PREFIX + name.slice(AGENT_PSEUDONYM_PREFIX.length)
      : pseudonymousKey(name, secret);
    aliases.set(key, name);
  }
  return aliases;
}
