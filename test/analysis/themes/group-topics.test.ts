import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '@/lib/analysis/cluster-metrics';
import { groupTopics } from '@/lib/analysis/themes/group-topics';
import { themeOfTopicMap } from '@/lib/analysis/themes/model';
import type { SparseCentroids } from '@/lib/analysis/topics/centroids';
import { ticketText } from '@/lib/analysis/topics/clean';
import { discoverTopics } from '@/lib/analysis/topics/discover';
import { twoLevelTickets } from './fixtures';

/** Four topics over six terms: 0–1 share terms and tickets, 2–3 too, the pairs share nothing. */
function fourTopics() {
  const rows = [
    [[0, 0.8], [1, 0.6]],
    [[0, 0.8], [2, 0.6]],
    [[3, 0.8], [4, 0.6]],
    [[3, 0.8], [5, 0.6]],
  ];
  const indptr = new Int32Array(5);
  const terms: number[] = [];
  const weights: number[] = [];
  rows.forEach((row, r) => {
    for (const [t, w] of row) {
      terms.push(t);
      weights.push(w);
    }
    indptr[r + 1] = terms.length;
  });
  const centroids: SparseCentroids = { k: 4, cohesion: Float32Array.from([0.6, 0.6, 0.6, 0.6]), indptr, terms: Int32Array.from(terms), weights: Float32Array.from(weights) };
  // 40 sampled tickets, 10 per topic; each links to 3 of its own topic and 2 of the sibling topic.
  const topicOfNode = Int32Array.from({ length: 40 }, (_, v) => Math.floor(v / 10));
  const edges: [number, number][] = [];
  for (let v = 0; v < 40; v++) {
    const base = Math.floor(v / 10) * 10;
    for (let j = 1; j <= 3; j++) edges.push([v, base + ((v - base + j) % 10)]);
    const sibling = (Math.floor(v / 10) ^ 1) * 10;
    edges.push([v, sibling + (v % 10)], [v, sibling + ((v + 5) % 10)]);
  }
  const adjacency: Map<number, number>[] = Array.from({ length: 40 }, () => new Map());
  for (const [a, b] of edges) {
    adjacency[a].set(b, 0.5);
    adjacency[b].set(a, 0.5);
  }
  const graphIndptr = new Int32Array(41);
  const indices: number[] = [];
  const values: number[] = [];
  adjacency.forEach((row, v) => {
    for (const [u, w] of [...row].sort((x, y) => x[0] - y[0])) {
      indices.push(u);
      values.push(w);
    }
    graphIndptr[v + 1] = indices.length;
  });
  const graph = { n: 40, indptr: graphIndptr, indices: Int32Array.from(indices), weights: Float64Array.from(values) };
  return { graph, topicOfNode, centroids, vocabularySize: 6, sizes: [100, 100, 90, 90] };
}

describe('groupTopics', () => {
  it('groups topics that paraphrase each other and share words, and orders themes by tickets', () => {
    const theme = groupTopics(fourTopics());
    expect(Array.from(theme)).toEqual([0, 0, 1, 1]);
  });

  it('is deterministic for a seed', () => {
    const input = fourTopics();
    expect(Array.from(groupTopics(input, { seed: 3 }))).toEqual(Array.from(groupTopics(input, { seed: 3 })));
  });

  it('keeps every topic apart at a high enough resolution', () => {
    expect(new Set(groupTopics(fourTopics(), { resolution: 50 })).size).toBe(4);
  });
});

describe('themes of a discovery', () => {
  const tickets = twoLevelTickets(15, 2);
  const discovery = discoverTopics(
    { ids: tickets.map((t) => t.id), texts: tickets.map((t) => ticketText(t)), customers: tickets.map((t) => t.customer) },
    { seed: 7 },
  );

  it('finds the problem areas above the problems', () => {
    const themes = discovery.model.themes!;
    expect(discovery.model.topics.length).toBeGreaterThanOrEqual(5);
    expect(themes).toHaveLength(3);
    expect(adjustedRandIndex(tickets.map((t) => t.area), discovery.themeIds.map((id) => id ?? 'misc'))).toBe(1);
  });

  it('puts every topic in exactly one theme, and every ticket in its topic’s theme', () => {
    const themes = discovery.model.themes!;
    const listed = themes.flatMap((t) => t.topicIds).sort();
    expect(listed).toEqual(discovery.model.topics.map((t) => t.id).sort());
    const themeOf = themeOfTopicMap(themes);
    discovery.topicIds.forEach((topic, i) => expect(discovery.themeIds[i]).toBe(topic === null ? null : themeOf.get(topic)));
  });

  it('describes themes: ids by size, tickets, customers, a supported label and keywords', () => {
    const themes = discovery.model.themes!;
    expect(themes.map((t) => t.id)).toEqual(themes.map((_, i) => `th${i + 1}`));
    for (let i = 1; i < themes.length; i++) expect(themes[i - 1].size).toBeGreaterThanOrEqual(themes[i].size);
    for (const theme of themes) {
      const members = tickets.filter((_, i) => discovery.themeIds[i] === theme.id);
      expect(theme.size).toBe(members.length);
      expect(theme.customers).toBe(new Set(members.map((t) => t.customer)).size);
      expect(theme.label.length).toBeGreaterThan(0);
      expect(theme.labelSupport).toBeGreaterThan(theme.size / 2);
      expect(theme.keywords.length).toBeGreaterThan(0);
    }
    expect(discovery.model.nextThemeNumber).toBe(themes.length + 1);
  });
});
