/**
 * Release impact scoped to products: each release is tested against its own product's tickets
 * only (release-impact.ts does the testing), and a release's predecessor, the versions it
 * replaces and the releases that make it ambiguous are looked up among the same product's
 * releases only — "Alloy 1.2.0" is never compared with "Release 3.0.0" of the Titanium SDK.
 *
 * Without products on the tickets (or on a release), a release is compared with every ticket,
 * as before.
 */
import { detectReleaseImpact, type ReleaseImpactOptions, type ReleaseTicket, type TopicChange } from '../release-impact';
import { inReleaseScope, releasesByProduct, ticketsCarryProducts } from './products';
import { TopicKeys } from './topic-keys';
import type { ExplainRelease, ExplainTicket, KeyedChange, ScopedReleaseImpact } from './types';

export function detectScopedReleaseImpact(
  tickets: readonly ExplainTicket[],
  releases: readonly ExplainRelease[],
  options: ReleaseImpactOptions,
): ScopedReleaseImpact[] {
  const scoping = ticketsCarryProducts(tickets);
  const results: ScopedReleaseImpact[] = [];
  for (const group of releasesByProduct(releases).values()) {
    const product = group[0].product;
    const scoped = scoping && product !== null;
    const keys = new TopicKeys();
    const scopeTickets: ReleaseTicket[] = [];
    for (const t of tickets) {
      if (scoped && !inReleaseScope(t, group[0], true)) continue;
      scopeTickets.push({ createdAt: t.createdAt, topicId: keys.topicId(t.topic), productVersion: t.productVersion ?? null });
    }
    const impacts = detectReleaseImpact(
      scopeTickets,
      group.map((r) => ({ version: r.version, releasedAt: r.releasedAt })),
      options,
    );
    for (const impact of impacts) {
      const release = group.find((r) => r.version === impact.version)!;
      const change = (kind: 'regression' | 'improvement') => (c: TopicChange): KeyedChange => ({
        topic: keys.key(c.topicId),
        kind,
        rateRatio: c.rateRatio,
        pValue: c.pValue,
        qValue: c.qValue,
        before: c.before,
        after: c.after,
        method: c.method,
        versionPValue: c.versionEvidence?.pValue ?? null,
        ambiguous: c.attribution === 'ambiguous',
        evidence: c.evidence,
        ciLow: c.ciLow,
        ciHigh: c.ciHigh,
        firstSeen: null,
      });
      results.push({
        version: impact.version,
        product: release.product,
        day: impact.day,
        releasedAt: impact.releasedAt,
        ambiguousWith: impact.ambiguousWith,
        beforeDaysObserved: impact.beforeDaysObserved,
        afterDaysObserved: impact.afterDaysObserved,
        ticketsBefore: impact.ticketsBefore,
        ticketsAfter: impact.ticketsAfter,
        scopeTickets: scopeTickets.length,
        scoped,
        changes: [
          ...impact.regressions.map(change('regression')),
          ...impact.improvements.map(change('improvement')),
          ...impact.newTopics.map(
            (n): KeyedChange => ({
              topic: keys.key(n.topicId),
              kind: 'new_topic',
              rateRatio: null,
              pValue: n.pValue,
              qValue: n.qValue,
              before: 0,
              after: n.ticketsAfter,
              method: 'new-topic',
              versionPValue: null,
              ambiguous: n.attribution === 'ambiguous',
              evidence: n.evidence,
              ciLow: null,
              ciHigh: null,
              firstSeen: n.firstSeen,
            }),
          ),
        ],
      });
    }
  }
  return results.sort((a, b) => a.releasedAt - b.releasedAt || a.version.localeCompare(b.version));
}
