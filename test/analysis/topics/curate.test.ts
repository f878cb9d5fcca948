import { describe, expect, it } from 'vitest';
import { assignTickets } from '@/lib/analysis/topics/assign';
import { ticketText } from '@/lib/analysis/topics/clean';
import { applyCuration, keywordStems, replayCuration, type CurationOperation } from '@/lib/analysis/topics/curate';
import { discoverTopics } from '@/lib/analysis/topics/discover';
import { reanalyzeTopics } from '@/lib/analysis/topics/reanalyze';
import { threeGroupTickets, type FixtureTicket } from './fixtures';

const before = threeGroupTickets(12, 1);
const later = [...before, ...threeGroupTickets(6, 77).map((t) => ({ ...t, id: `later-${t.id}` }))];
const input = (tickets: FixtureTicket[]) => ({
  ids: tickets.map((t) => t.id),
  texts: tickets.map((t) => ticketText(t)),
  customers: tickets.map((t) => t.customer),
});
const first = discoverTopics(input(before), { seed: 11 });
const initial = {
  model: first.model,
  ticketIds: before.map((t) => t.id),
  topicIds: first.topicIds,
  corpus: first.corpus,
  customers: before.map((t) => t.customer),
};
const topicOf = (ids: readonly string[], topicIds: readonly (string | null)[], ticketId: string) => topicIds[ids.indexOf(ticketId)];
const groupTopic = (group: string) => first.topicIds[before.findIndex((t) => t.group === group)]!;
const billing = groupTopic('billing');
const login = groupTopic('login');
const exporting = groupTopic('export');

/** Curate the first analysis, then re-analyse more tickets replaying the same operations. */
function curateAndReanalyse(operations: CurationOperation[]) {
  const { state, outcomes } = replayCuration(initial, operations);
  const stored = outcomes.map((o) => o.operation); // what the lead persists (split ids filled in)
  const next = reanalyzeTopics(input(later), state, stored, { seed: 11 });
  return { state, outcomes, stored, next };
}

describe('curation', () => {
  it('rename: the label is locked and survives re-analysis', () => {
    const { state, next } = curateAndReanalyse([{ kind: 'rename', topicId: billing, label: 'Double billing' }]);
    expect(state.model.topics.find((t) => t.id === billing)).toMatchObject({ label: 'Double billing', labelLocked: true });
    const after = next.model.topics.find((t) => t.id === billing)!;
    expect(after).toMatchObject({ label: 'Double billing', labelLocked: true });
    // The topic still holds the billing tickets, old and new.
    for (const t of later.filter((t) => t.group === 'billing')) expect(topicOf(next.ticketIds, next.topicIds, t.id)).toBe(billing);
  });

  it('merge: tickets, centroids and rules move to the target, and stay merged after re-analysis', () => {
    const { state, next } = curateAndReanalyse([{ kind: 'merge', sourceId: billing, targetId: login }]);
    expect(state.model.topics.map((t) => t.id)).not.toContain(billing);
    expect(state.topicIds.filter((id) => id === login)).toHaveLength(24);
    expect(state.model.topics.find((t) => t.id === login)!.size).toBe(24);
    // New billing tickets follow the merge, incrementally and in a full re-analysis.
    const newBilling = later.filter((t) => t.group === 'billing' && t.id.startsWith('later-'));
    expect(assignTickets(state.model, newBilling.map((t) => ticketText(t))).topicIds).toEqual(newBilling.map(() => login));
    for (const t of later.filter((t) => t.group !== 'export')) expect(topicOf(next.ticketIds, next.topicIds, t.id)).toBe(login);
    expect(next.model.topics.map((t) => t.id)).not.toContain(billing);
    expect(next.model.topics).toHaveLength(2);
  });

  it('split: tickets with a keyword move to a new topic, with the same id on every replay', () => {
    const keywordTickets = before.filter((t, i) => first.topicIds[i] === exporting && /time[sd]? ?out/i.test(ticketText(t)));
    expect(keywordTickets.length).toBeGreaterThan(0);
    const { state, stored, next, outcomes } = curateAndReanalyse([
      { kind: 'split', topicId: exporting, keywords: ['timeout', 'times out'], label: 'Export timeouts' },
    ]);
    expect(outcomes[0].applied).toBe(true);
    const newId = (stored[0] as Extract<CurationOperation, { kind: 'split' }>).newTopicId!;
    expect(newId).toMatch(/^t\d+$/);
    expect(first.model.topics.map((t) => t.id)).not.toContain(newId);
    for (const t of keywordTickets) expect(topicOf(state.ticketIds, state.topicIds, t.id)).toBe(newId);
    expect(state.model.topics.find((t) => t.id === newId)).toMatchObject({ label: 'Export timeouts', size: keywordTickets.length });
    // Re-analysis: same id, old keyword tickets still there, new ones with the keyword join them.
    const laterKeyword = later.filter((t) => t.group === 'export' && /time[sd]? ?out/i.test(ticketText(t)));
    for (const t of laterKeyword) expect(topicOf(next.ticketIds, next.topicIds, t.id)).toBe(newId);
    for (const t of later.filter((t) => t.group === 'export' && !laterKeyword.includes(t))) {
      expect(topicOf(next.ticketIds, next.topicIds, t.id)).toBe(exporting);
    }
    // New tickets between analyses follow the rule too.
    const { topicIds } = assignTickets(next.model, ['CSV export of the report times out every time']);
    expect(topicIds).toEqual([newId]);
  });

  it('split that takes most of a topic: the original keeps its id after re-analysis', () => {
    // A keyword most export tickets contain, but not all.
    const { state, next, stored } = curateAndReanalyse([{ kind: 'split', topicId: exporting, keywords: ['report', 'reports'] }]);
    const left = state.topicIds.filter((id) => id === exporting).length;
    const moved = state.topicIds.filter((id) => id === (stored[0] as Extract<CurationOperation, { kind: 'split' }>).newTopicId).length;
    expect(moved).toBeGreaterThan(left);
    expect(left).toBeGreaterThan(0);
    const newId = (stored[0] as Extract<CurationOperation, { kind: 'split' }>).newTopicId!;
    const ids = next.model.topics.map((t) => t.id);
    expect(ids).toContain(exporting);
    expect(ids).toContain(newId);
    expect(next.curation[0]).toMatchObject({ applied: true });
    expect(next.match?.retired ?? []).not.toContain(exporting);
  });

  it('move: moved tickets stay pinned after re-analysis', () => {
    const moved = before.filter((t) => t.group === 'login').slice(0, 2).map((t) => t.id);
    const { state, next } = curateAndReanalyse([
      { kind: 'move', ticketIds: moved, topicId: billing },
      { kind: 'move', ticketIds: [before.find((t) => t.group === 'export')!.id], topicId: null },
    ]);
    for (const id of moved) {
      expect(topicOf(state.ticketIds, state.topicIds, id)).toBe(billing);
      expect(topicOf(next.ticketIds, next.topicIds, id)).toBe(billing);
    }
    const unpinned = before.find((t) => t.group === 'export')!.id;
    expect(topicOf(next.ticketIds, next.topicIds, unpinned)).toBeNull();
    expect(next.model.topics.find((t) => t.id === billing)!.size).toBe(later.filter((t) => t.group === 'billing').length + 2);
  });

  it('replays a sequence in order and follows merged ids', () => {
    const { next, outcomes } = curateAndReanalyse([
      { kind: 'merge', sourceId: billing, targetId: login },
      { kind: 'rename', topicId: billing, label: 'Account & billing' }, // refers to the merged-away id
    ]);
    expect(outcomes.every((o) => o.applied)).toBe(true);
    expect(next.model.topics.find((t) => t.id === login)).toMatchObject({ label: 'Account & billing', labelLocked: true });
    expect(next.curation.every((o) => o.applied || o.note)).toBe(true);
  });

  it('skips operations on topics that no longer exist, with a note', () => {
    const { outcome } = applyCuration(initial, { kind: 'rename', topicId: 't999', label: 'x' });
    expect(outcome).toMatchObject({ applied: false, note: 'topic t999 no longer exists' });
    const merge = applyCuration(initial, { kind: 'merge', sourceId: billing, targetId: billing });
    expect(merge.outcome.applied).toBe(false);
    const split = applyCuration(initial, { kind: 'split', topicId: billing, keywords: ['the', 'please'] });
    expect(split.outcome).toMatchObject({ applied: false });
  });

  it('stems keywords the way tickets are stemmed', () => {
    expect(keywordStems('Timeouts')).toBe('timeout');
    expect(keywordStems('top-ups')).toBe('top up');
    expect(keywordStems("can't login")).toBe('not login');
  });
});
