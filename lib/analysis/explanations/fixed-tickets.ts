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
 * "closed 46 tickets, mostly A (18) and B (11)": the two topics with most of the tickets (at
 * least two each), a third when those two hold no more than half; "mostly" when the named ones
 * hold more than half, else "including". Labels that
 * contain commas ("styles, dynamic") are separated by semicolons.
 */
export function fixedSentence(fixed: FixedByRelease, label: (topic: string) => string): string | null {
  if (fixed.tickets === null) return null;
  if (fixed.tickets === 0) return 'no ticket names it as its fix version';
  const head = `closed ${fixed.tickets} ticket${fixed.tickets === 1 ? '' : 's'}`;
  const named = fixed.topics.filter((t): t is FixedTopic & { topic: string } => t.topic !== null);
  if (named.length === 1 && named[0].tickets === fixed.tickets) return `${head}, all ${label(named[0].topic)}`;
  const shown: (FixedTopic & { topic: string })[] = [];
  let sum = 0;
  for (const t of named) {
    // Two names when there are two; a third only while they still hold no more than half.
    if (t.tickets < 2 || shown.length === 3 || (shown.length === 2 && sum * 2 > fixed.tickets)) break;
    shown.push(t);
    sum += t.tickets;
  }
  if (shown.length === 0) return named.length > 1 ? `${head} across ${named.length} topics` : head;
  const parts = shown.map((t) => `${label(t.topic)} (${t.tickets})`);
  const list = parts.some((p) => p.includes(','))
    ? parts.join('; ')
    : parts.length === 1
      ? parts[0]
      : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${head}, ${sum * 2 > fixed.tickets ? 'mostly' : 'including'} ${list}`;
}
