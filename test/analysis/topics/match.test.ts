import { describe, expect, it } from 'vitest';
import { ticketText } from '@/lib/analysis/topics/clean';
import { discoverTopics } from '@/lib/analysis/topics/discover';
import { matchTopics } from '@/lib/analysis/topics/match';
import { threeGroupTickets, type FixtureTicket } from './fixtures';

const run = (tickets: FixtureTicket[], k?: number) => {
  const discovery = discoverTopics({ ids: tickets.map((t) => t.id), texts: tickets.map((t) => ticketText(t)) }, { seed: 5, k });
  return { model: discovery.model, ticketIds: tickets.map((t) => t.id), topicIds: discovery.topicIds };
};
const topicOfGroup = (snapshot: { topicIds: readonly (string | null)[] }, tickets: FixtureTicket[], group: string) =>
  snapshot.topicIds[tickets.findIndex((t) => t.group === group)];

describe('matchTopics', () => {
  const before = threeGroupTickets(12, 1);
  const previous = run(before);

  it('keeps every id when a re-analysis finds the same topics (with new tickets and a new order)', () => {
    const after = [...threeGroupTickets(6, 42).map((t) => ({ ...t, id: `n-${t.id}` })), ...before].reverse();
    const current = run(after);
    const matched = matchTopics(previous, current);
    for (const group of ['billing', 'login', 'export']) {
      expect(topicOfGroup(matched, after, group)).toBe(topicOfGroup(previous, before, group));
    }
    expect(matched.report.created).toEqual([]);
    expect(matched.report.retired).toEqual([]);
    expect(matched.report.splits).toEqual([]);
    expect(matched.report.merges).toEqual([]);
    expect(matched.model.topics.map((t) => t.id).sort()).toEqual(previous.model.topics.map((t) => t.id).sort());
  });

  it('carries a locked label over and lets unlocked labels follow the new content', () => {
    const billingId = topicOfGroup(previous, before, 'billing')!;
    const locked = {
      ...previous,
      model: {
        ...previous.model,
        topics: previous.model.topics.map((t) => (t.id === billingId ? { ...t, label: 'Double billing', labelLocked: true } : t)),
      },
    };
    const matched = matchTopics(locked, run(before));
    const billing = matched.model.topics.find((t) => t.id === billingId)!;
    expect(billing.label).toBe('Double billing');
    expect(billing.labelLocked).toBe(true);
    expect(matched.model.topics.filter((t) => t.labelLocked)).toHaveLength(1);
  });

  it('reports a split when one previous topic becomes several, and gives the new part a new id', () => {
    const coarse = run(before, 2); // two groups share a topic
    const fine = run(before);
    const matched = matchTopics(coarse, fine);
    expect(matched.report.splits).toHaveLength(1);
    const split = matched.report.splits[0];
    expect(split.into).toHaveLength(2);
    expect(split.into).toContain(split.previousId); // one part keeps the old id
    expect(matched.report.created).toHaveLength(1);
    expect(Number(matched.report.created[0].slice(1))).toBeGreaterThanOrEqual(coarse.model.nextTopicNumber);
  });

  it('reports a merge when several previous topics become one', () => {
    const matched = matchTopics(run(before), run(before, 2));
    expect(matched.report.merges).toHaveLength(1);
    expect(matched.report.merges[0].previousIds).toHaveLength(2);
    expect(matched.report.retired).toHaveLength(1);
  });

  it('allocates fresh ids for topics that did not exist, never reusing an old one', () => {
    const twoGroups = before.filter((t) => t.group !== 'export');
    const earlier = run(twoGroups);
    const matched = matchTopics(earlier, run(before));
    expect(matched.report.created).toHaveLength(1);
    const exportId = topicOfGroup(matched, before, 'export')!;
    expect(matched.report.created).toEqual([exportId]);
    expect(earlier.model.topics.map((t) => t.id)).not.toContain(exportId);
    expect(matched.model.nextTopicNumber).toBeGreaterThan(Number(exportId.slice(1)));
  });
});
