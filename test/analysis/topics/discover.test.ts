import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '@/lib/analysis/cluster-metrics';
import { ticketText } from '@/lib/analysis/topics/clean';
import { discoverTopics } from '@/lib/analysis/topics/discover';
import { threeGroupTickets, type FixtureTicket } from './fixtures';

function input(tickets: FixtureTicket[]) {
  return {
    ids: tickets.map((t) => t.id),
    texts: tickets.map((t) => ticketText(t)),
    customers: tickets.map((t) => t.customer),
  };
}

describe('discoverTopics', () => {
  const tickets = threeGroupTickets(12, 1);
  const result = discoverTopics(input(tickets), { seed: 7 });

  it('recovers three obvious groups without being told k', () => {
    expect(result.model.topics).toHaveLength(3);
    const truth = tickets.map((t) => t.group);
    expect(adjustedRandIndex(truth, result.topicIds.map((id) => id ?? 'none'))).toBe(1);
    expect(result.stats.unclustered).toBe(0);
  });

  it('labels topics with a phrase customers wrote, keywords from c-TF-IDF, never stems', () => {
    const labelOf = (group: string) => {
      const id = result.topicIds[tickets.findIndex((t) => t.group === group)];
      return result.model.topics.find((t) => t.id === id)!;
    };
    const billing = labelOf('billing');
    const login = labelOf('login');
    const exportTopic = labelOf('export');
    expect(billing.label).toMatch(/charge|twice|subscription|invoice/i);
    expect(login.label).toMatch(/password|log|reset/i);
    expect(exportTopic.label).toMatch(/export|csv/i);
    // Every label and keyword word is a word some customer wrote (Porter stems such as
    // "charg", "subscript" or "passwor" are not).
    const written = new Set(tickets.flatMap((t) => `${t.subject} ${t.description}`.toLowerCase().split(/[^a-z0-9']+/)));
    for (const topic of result.model.topics) {
      for (const word of topic.label.toLowerCase().split(/[ ,()]+/)) expect(written.has(word) || word === 'not').toBe(true);
      for (const k of topic.keywords) for (const word of k.text.split(' ')) expect(written.has(word) || word === 'not').toBe(true);
      expect(topic.keywords.length).toBeGreaterThan(3);
      for (const k of topic.keywords) expect(k.weight).toBeGreaterThan(0);
    }
    expect(exportTopic.keywords.map((k) => k.text)).toContain('csv');
    expect(login.keywords.map((k) => k.text)).toContain('password');
  });

  it('gives three distinct representative tickets from the topic itself', () => {
    for (const topic of result.model.topics) {
      expect(topic.representatives).toHaveLength(3);
      expect(new Set(topic.representatives).size).toBe(3);
      for (const id of topic.representatives) expect(result.topicIds[tickets.findIndex((t) => t.id === id)]).toBe(topic.id);
    }
  });

  it('counts sizes and distinct customers', () => {
    for (const topic of result.model.topics) {
      const members = tickets.filter((_, i) => result.topicIds[i] === topic.id);
      expect(topic.size).toBe(members.length);
      expect(topic.customers).toBe(new Set(members.map((t) => t.customer)).size);
    }
  });

  it('is deterministic for a seed and independent of how often it runs', () => {
    const again = discoverTopics(input(tickets), { seed: 7 });
    expect(again.topicIds).toEqual(result.topicIds);
    expect(again.model.topics).toEqual(result.model.topics);
    expect(Array.from(again.model.centroids.weights)).toEqual(Array.from(result.model.centroids.weights));
  });

  it('puts tickets that fit no topic in the unclustered bucket', () => {
    const noisy = [
      ...tickets,
      { id: 'noise-1', group: 'billing' as const, subject: 'Weather', description: 'lovely sunshine in the garden today', customer: 'x' },
      { id: 'noise-2', group: 'billing' as const, subject: '', description: 'Thanks!', customer: 'y' },
    ];
    const r = discoverTopics(input(noisy), { seed: 7 });
    expect(r.topicIds[noisy.length - 2]).toBeNull();
    expect(r.topicIds[noisy.length - 1]).toBeNull();
    expect(r.stats.unclustered).toBe(2);
    expect(r.model.topics).toHaveLength(3);
  });

  it('sends a ticket far less similar to its topic than the topic’s members to the miscellaneous bucket', () => {
    // A message about the design that only shares "subscription" with the billing tickets.
    const stray = { id: 'stray', group: 'billing' as const, subject: 'Love the new colours', description: 'the new colours, icons and layout look great, the subscription screen too', customer: 'z' };
    const all = [...tickets, stray];
    const forced = discoverTopics(input(all), { seed: 7, fitFloor: 0 });
    const strayAt = all.length - 1;
    expect(forced.topicIds[strayAt]).not.toBeNull();
    const careful = discoverTopics(input(all), { seed: 7, fitFloor: 0.7 });
    expect(careful.topicIds[strayAt]).toBeNull();
    // Every member clears its topic's floor, which the model keeps for incremental assignment.
    const floors = careful.model.centroids.floors!;
    careful.topicIndex.forEach((c, doc) => {
      if (c >= 0) expect(careful.similarity[doc]).toBeGreaterThanOrEqual(floors[c]);
    });
    expect(careful.model.topics).toHaveLength(3);
  });

  it('returns exactly k topics when k is given', () => {
    const two = discoverTopics(input(tickets), { seed: 7, k: 2 });
    expect(two.model.topics).toHaveLength(2);
    const four = discoverTopics(input(threeGroupTickets(30, 2)), { seed: 7, k: 4 });
    expect(four.model.topics.length).toBeLessThanOrEqual(4);
  });

  it('handles an empty input', () => {
    const r = discoverTopics({ ids: [], texts: [] });
    expect(r.model.topics).toEqual([]);
    expect(r.topicIds).toEqual([]);
    expect(r.model.themes).toEqual([]);
    expect(r.themeIds).toEqual([]);
  });

  it('says how many tickets support each label, and that most do', () => {
    for (const topic of result.model.topics) {
      const members = tickets.filter((_, i) => result.topicIds[i] === topic.id);
      expect(topic.labelSupport).toBeLessThanOrEqual(members.length);
      expect(topic.labelSupport! / members.length).toBeGreaterThanOrEqual(0.5);
    }
  });
});
