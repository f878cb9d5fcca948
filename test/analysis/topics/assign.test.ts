import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '@/lib/analysis/cluster-metrics';
import { TopicAssigner, assignTickets } from '@/lib/analysis/topics/assign';
import { ticketText } from '@/lib/analysis/topics/clean';
import { discoverTopics } from '@/lib/analysis/topics/discover';
import { deserializeTopicModel, serializeTopicModel } from '@/lib/analysis/topics/model';
import { threeGroupTickets } from './fixtures';

const old = threeGroupTickets(12, 1);
const fresh = threeGroupTickets(6, 99).map((t) => ({ ...t, id: `new-${t.id}` }));
const textOf = (t: (typeof old)[number]) => ticketText(t);
const first = discoverTopics({ ids: old.map((t) => t.id), texts: old.map(textOf) }, { seed: 3 });

describe('incremental assignment', () => {
  it('reproduces the analysis’ own assignment of its tickets', () => {
    const again = new TopicAssigner(first.model).assign(old.map(textOf));
    expect(again.topicIds).toEqual(first.topicIds);
  });

  it('puts new tickets where a full re-run on old + new tickets puts them', () => {
    const incremental = assignTickets(first.model, fresh.map(textOf)).topicIds;
    const all = [...old, ...fresh];
    const rerun = discoverTopics({ ids: all.map((t) => t.id), texts: all.map(textOf) }, { seed: 3 });
    const rerunNew = rerun.topicIds.slice(old.length);
    expect(incremental.every((id) => id !== null)).toBe(true);
    expect(adjustedRandIndex(incremental, rerunNew)).toBe(1);
    expect(adjustedRandIndex(fresh.map((t) => t.group), incremental)).toBe(1);
  });

  it('leaves tickets unlike every topic unclustered', () => {
    const { topicIds } = assignTickets(first.model, ['The weather in the garden is lovely', '', 'thanks!!']);
    expect(topicIds).toEqual([null, null, null]);
  });

  it('works the same from a model that went through JSON', () => {
    const json = JSON.parse(JSON.stringify(serializeTopicModel(first.model)));
    const restored = deserializeTopicModel(json);
    expect(restored.centroids.weights).toBeInstanceOf(Float32Array);
    expect(Array.from(restored.vocabulary.idf)).toEqual(Array.from(first.model.vocabulary.idf));
    const texts = fresh.map(textOf);
    expect(assignTickets(restored, texts)).toEqual(assignTickets(first.model, texts));
  });

  it('keeps the learned hygiene, themes, cohesion and miscellaneous floors through JSON', () => {
    const restored = deserializeTopicModel(JSON.parse(JSON.stringify(serializeTopicModel(first.model))));
    expect(restored.hygiene).toEqual(first.model.hygiene);
    expect(restored.themes).toEqual(first.model.themes);
    expect(restored.nextThemeNumber).toBe(first.model.nextThemeNumber);
    expect(Array.from(restored.centroids.cohesion!)).toEqual(Array.from(first.model.centroids.cohesion!));
    expect(Array.from(restored.centroids.floors!)).toEqual(Array.from(first.model.centroids.floors!));
  });

  it('reads a model saved before themes and hygiene existed', () => {
    const { hygiene: _h, themes: _t, nextThemeNumber: _n, ...older } = serializeTopicModel(first.model);
    const { cohesion: _c, floors: _f, ...centroids } = older.centroids;
    const restored = deserializeTopicModel({ ...older, centroids });
    expect(restored.themes).toBeUndefined();
    expect(assignTickets(restored, fresh.map(textOf)).topicIds.every((id) => id !== null)).toBe(true);
  });

  it('rejects a model of another version', () => {
    const json = { ...serializeTopicModel(first.model), version: 99 };
    expect(() => deserializeTopicModel(json)).toThrow(/version 99/);
  });
});

describe('incremental assignment with an export’s hygiene', () => {
  // A care desk on Twitter: every message is addressed to one of two accounts.
  const accounts = ['@AcmeCare', '@AcmeHelp'];
  const tickets = old.map((t, i) => ({ ...t, description: `${accounts[i % 2]} ${t.description}` }));
  const texts = tickets.map(textOf);
  const discovery = discoverTopics({ ids: tickets.map((t) => t.id), texts }, { seed: 3 });

  it('learns the accounts and cleans new tickets the same way', () => {
    expect(discovery.model.hygiene!.handles).toEqual(['acmecare', 'acmehelp']);
    expect(new TopicAssigner(discovery.model).assign(texts).topicIds).toEqual(discovery.topicIds);
    for (const topic of discovery.model.topics) expect(`${topic.label} ${topic.keywords.map((k) => k.text).join(' ')}`).not.toMatch(/acme/i);
  });

  it('applies the miscellaneous floor of each topic to new tickets', () => {
    const model = discovery.model;
    const strict = { ...model, centroids: { ...model.centroids, floors: new Float32Array(model.centroids.topicIds.length).fill(0.99) } };
    expect(assignTickets(strict, fresh.map(textOf)).topicIds.every((id) => id === null)).toBe(true);
    expect(assignTickets(model, fresh.map(textOf)).topicIds.every((id) => id !== null)).toBe(true);
  });
});
