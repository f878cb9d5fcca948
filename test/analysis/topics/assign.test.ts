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

  it('rejects a model of another version', () => {
    const json = { ...serializeTopicModel(first.model), version: 99 };
    expect(() => deserializeTopicModel(json)).toThrow(/version 99/);
  });
});
