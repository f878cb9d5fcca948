/**
 * What each release closed: the tickets whose fix version names it ("fixed in", distinct from
 * the version the customer runs), grouped by topic — "closed 46 tickets, mostly
 * pt-table-checksum (18) and pt-online-schema-change (11)".
 *
 * Matched by version name (trimmed, case ignored): a fix version is the name of one release in
 * its tracker, whichever product the ticket is filed under (an Alloy ticket may be fixed in a
 * Titanium SDK release). Tickets known to be unresolved are not counted as closed.
 */
import type { ExplainRelease, ExplainTicket, FixedTopic } from './types';

const versionKey = (version: string) => version.trim().toLowerCase();

export interface FixedByRelease {
  /** null when no ticket in the data names any fix version: "closed" cannot be said. */
  tickets: number | null;
  /** By topic, most first (ties by key); tickets in no topic under `topic: null`, last. */
  topics: FixedTopic[];
}

/** Fixed tickets of every release, by release version. */
export function fixedByRelease(tickets: readonly ExplainTicket[], releases: readonly ExplainRelease[]): Map<string, FixedByRelease> {
  const anyFixVersion = tickets.some((t) => (t.fixVersions?.length ?? 0) > 0);
  const byKey = new Map<string, Map<string | null, number>>();
  for (const release of releases) byKey.set(versionKey(release.version), new Map());
  if (anyFixVersion) {
    for (const t of tickets) {
      if (!t.fixVersions || t.fixVersions.length === 0 || t.resolved === false) continue;
      const seen = new Set<string>();
      for (const v of t.fixVersions) {
        const key = versionKey(v);
        if (seen.has(key)) continue;
        seen.add(key);
        const topics = byKey.get(key);
        if (topics) topics.set(t.topic, (topics.get(t.topic) ?? 0) + 1);
      }
    }
  }
  const result = new Map<string, FixedByRelease>();
  for (const release of releases) {
    const topics = byKey.get(versionKey(release.version))!;
    const list = [...topics]
      .map(([topic, n]) => ({ topic, tickets: n }))
      .sort((a, b) => Number(a.topic === null) - Number(b.topic === null) || b.tickets - a.tickets || String(a.topic).localeCompare(String(b.topic)));
    result.set(release.version, {
      tickets: anyFixVersion ? list.reduce((sum, t) => sum + t.tickets, 0) : null,
      topics: list,
    });
  }
  return result;
}

/**
 * "closed 46 tickets, mostly A (18) and B (11)": "mostly" when the named topics hold more than
 * half; otherwise "including". Up to three topics are named.
 */
export function fixedSentence(fixed: FixedByRelease, label: (topic: string) => string): string | null {
  if (fixed.tickets === null) return null;
  if (fixed.tickets === 0) return 'no ticket names it as its fix version';
  const head = `closed ${fixed.tickets} ticket${fixed.tickets === 1 ? '' : 's'}`;
  const named = fixed.topics.filter((t): t is FixedTopic & { topic: string } => t.topic !== null);
  if (named.length === 0) return head;
  if (named.length === 1) {
    const t = named[0];
    return t.tickets === fixed.tickets ? `${head}, all ${label(t.topic)}` : `${head}, mostly ${label(t.topic)} (${t.tickets})`;
  }
  let shown = named.slice(0, 2);
  let sum = shown.reduce((s, t) => s + t.tickets, 0);
  if (sum * 2 <= fixed.tickets && named.length > 2) {
    shown = named.slice(0, 3);
    sum = shown.reduce((s, t) => s + t.tickets, 0);
  }
  const parts = shown.map((t) => `${label(t.topic)} (${t.tickets})`);
  const list = parts.length === 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${head}, ${sum * 2 > fixed.tickets ? 'mostly' : 'including'} ${list}`;
}
