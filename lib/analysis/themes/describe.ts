/**
 * Describing themes from their member topics' tickets: sizes, distinct customers, a readable
 * label (the phrase most of the theme's tickets share, phrase-labels.ts; a one-topic theme reads
 * as its topic), how many tickets support it, and the topics' keywords weighted by size.
 */
import { countLabelSupport } from '@/lib/analysis/topics/label-support';
import type { TopicKeyword, TopicSummary } from '@/lib/analysis/topics/model';
import { phraseLabels } from '@/lib/analysis/topics/phrase-labels';
import type { TokenizedCorpus } from '@/lib/analysis/topics/text';
import type { ThemeSummary } from './model';

/** A theme before it is described: which topics, and a label a person set. */
export interface ThemeGroup {
  id: string;
  topicIds: string[];
  label?: string;
  labelLocked?: boolean;
}

export interface DescribeThemesInput {
  corpus: TokenizedCorpus;
  /** Raw ticket texts and the cleaner the corpus was tokenized with (for the label's wording). */
  texts: readonly string[];
  clean: (raw: string) => string;
  /** Topic id of each ticket (null: unclustered). */
  topicIds: readonly (string | null)[];
  customers?: readonly (string | null | undefined)[];
  topics: readonly TopicSummary[];
  /** Stems never shown in labels (the desk's account tokens). */
  hidden?: ReadonlySet<number>;
  seed?: number;
}

const KEYWORDS = 10;

/** Themes described from their tickets, largest first (ties: id). Empty themes are dropped. */
export function describeThemes(input: DescribeThemesInput, groups: readonly ThemeGroup[]): ThemeSummary[] {
  const topicById = new Map(input.topics.map((t) => [t.id, t]));
  // In an order set by the topics alone (each group's lowest topic number), not by the theme ids
  // or the order the groups came in: the phrase labels share one seeded sampler, so a first
  // analysis (themes numbered by size) and a re-analysis (ids matched to the previous themes) of
  // the same data must hand it the same groups in the same order to name them alike.
  const lowestTopic = (g: ThemeGroup) => Math.min(...g.topicIds.map((id) => Number(id.slice(1))));
  const live = groups
    .map((g) => ({ ...g, topicIds: g.topicIds.filter((id) => topicById.has(id)) }))
    .filter((g) => g.topicIds.length > 0)
    .sort((a, b) => lowestTopic(a) - lowestTopic(b));
  const groupOfTopic = new Map<string, number>();
  live.forEach((g, i) => g.topicIds.forEach((id) => groupOfTopic.set(id, i)));

  const members: number[][] = live.map(() => []);
  const groupOfDoc = new Int32Array(input.topicIds.length).fill(-1);
  input.topicIds.forEach((topic, doc) => {
    const g = topic === null ? undefined : groupOfTopic.get(topic);
    if (g === undefined) return;
    members[g].push(doc);
    groupOfDoc[doc] = g;
  });

  // Labels: locked ones stay, one-topic themes read as their topic, the rest get a phrase.
  const needPhrase = live.map((g) => !g.labelLocked && g.topicIds.length > 1);
  const phrases = phraseLabels(
    {
      corpus: input.corpus,
      texts: input.texts,
      clean: input.clean,
      groups: members.map((docs, i) => (needPhrase[i] ? docs : [])),
      hidden: input.hidden,
    },
    // A theme's label names what its topics have in common, not its largest topic: a phrase
    // nearly half its tickets contain, that opens some of them (a body's template sentence is no
    // name), that is more this theme's than others'; no bonus for length, a longer phrase only
    // while it keeps most of the coverage.
    { seed: input.seed ?? 42, lengthBonus: 0, extendShare: 0.7, source: 'text', maxSpanWords: 4, maxWords: 2, sampleSize: 250, minPrecision: 0.3, minCoverage: 0.45, minHeadShare: 0.1 },
  );
  const labels = live.map((g, i) => {
    if (g.labelLocked && g.label) return g.label;
    const largest = [...g.topicIds].sort((a, b) => topicById.get(b)!.size - topicById.get(a)!.size || (a < b ? -1 : 1))[0];
    if (!needPhrase[i]) return topicById.get(largest)!.label;
    if (phrases[i].label) return phrases[i].label!;
    // No phrase most of the theme shares and other themes do not: name its two largest topics.
    const [first, second] = [...g.topicIds].sort((a, b) => topicById.get(b)!.size - topicById.get(a)!.size || (a < b ? -1 : 1));
    return `${topicById.get(first)!.label} / ${topicById.get(second)!.label}`;
  });
  const support = countLabelSupport(input.corpus, groupOfDoc, labels);

  const themes = live.map((g, i): ThemeSummary => {
    const topics = g.topicIds.map((id) => topicById.get(id)!).sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
    const customers = new Set<string>();
    if (input.customers) for (const doc of members[i]) if (input.customers[doc]) customers.add(input.customers[doc]!);
    return {
      id: g.id,
      label: labels[i],
      labelLocked: Boolean(g.labelLocked && g.label),
      topicIds: topics.map((t) => t.id),
      size: members[i].length,
      customers: input.customers ? customers.size : topics.reduce((n, t) => n + t.customers, 0),
      labelSupport: support[i],
      keywords: weightedKeywords(topics),
    };
  });
  return themes.filter((t) => t.size > 0 || t.topicIds.length > 0).sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
}

/** Keywords of several topics, each weighted by its topic's share of the tickets. */
export function weightedKeywords(topics: readonly TopicSummary[]): TopicKeyword[] {
  const total = Math.max(1, topics.reduce((n, t) => n + t.size, 0));
  const merged = new Map<string, TopicKeyword>();
  for (const topic of topics) {
    for (const k of topic.keywords) {
      const w = (k.weight * topic.size) / total;
      const current = merged.get(k.term);
      merged.set(k.term, current ? { ...current, weight: current.weight + w } : { ...k, weight: w });
    }
  }
  return [...merged.values()]
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
    .slice(0, KEYWORDS)
    .map((k) => ({ ...k, weight: Math.round(k.weight * 1e5) / 1e5 }));
}
