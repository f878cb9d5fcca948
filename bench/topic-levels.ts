/**
 * The two-level (themes → topics) and label measurements of bench/topics.ts (issue 15): themes
 * on data with a known answer, the demo's planted problems, Twitter care conversations against
 * the help article agents sent, Hadoop duplicate pairs, and how well labels are supported.
 * Each function returns plain figures; bench/topics.ts prints and stores them.
 */
import { scoreClustering } from '@/lib/analysis/cluster-metrics';
import { seededRandom } from '@/lib/analysis/random';
import { discoverTopics, type TopicDiscovery } from '@/lib/analysis/topics/discover';
import { countLabelSupport } from '@/lib/analysis/topics/label-support';
import type { HadoopBugs, LabelledTexts } from './datasets';

export const LEVEL_SEEDS = [1, 2, 3];
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const mean = (xs: readonly number[]) => (xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
const median = (xs: readonly number[]) => {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export interface LabelSupport {
  /** Median over topics of the share of members containing a word of the label (the measure). */
  topicAnyWord: number;
  /** The same with every label word required (what "in 41 of 52 tickets" counts). */
  topicAllWords: number;
  themeAnyWord: number;
  themeAllWords: number;
}

/** Label support of a discovery's topics and themes, from its own tokens. */
export function labelSupport(discovery: TopicDiscovery): LabelSupport {
  const levels = (ids: readonly (string | null)[], groups: readonly { id: string; label: string }[]) => {
    const index = new Map(groups.map((g, i) => [g.id, i]));
    const groupOfDoc = Int32Array.from(ids, (id) => (id === null ? -1 : (index.get(id) ?? -1)));
    const sizes = new Int32Array(groups.length);
    for (const g of groupOfDoc) if (g >= 0) sizes[g]++;
    const labels = groups.map((g) => g.label);
    const share = (counts: Int32Array) => median(Array.from(counts, (c, g) => (sizes[g] > 0 ? c / sizes[g] : 0)).filter((_, g) => sizes[g] > 0));
    return {
      any: share(countLabelSupport(discovery.corpus, groupOfDoc, labels, 'any')),
      all: share(countLabelSupport(discovery.corpus, groupOfDoc, labels, 'all')),
    };
  };
  const topics = levels(discovery.topicIds, discovery.model.topics);
  const themes = levels(discovery.themeIds, discovery.model.themes ?? []);
  return { topicAnyWord: round(topics.any), topicAllWords: round(topics.all), themeAnyWord: round(themes.any), themeAllWords: round(themes.all) };
}

function meanSupport(runs: readonly LabelSupport[]): LabelSupport {
  const key = (k: keyof LabelSupport) => round(mean(runs.map((r) => r[k])));
  return { topicAnyWord: key('topicAnyWord'), topicAllWords: key('topicAllWords'), themeAnyWord: key('themeAnyWord'), themeAllWords: key('themeAllWords') };
}

/** The largest topics and themes with their labels and support, as a planner reads them. */
export function sampleLabels(discovery: TopicDiscovery, count = 12): { topics: string[]; themes: string[] } {
  const topicLabel = new Map(discovery.model.topics.map((t) => [t.id, t.label]));
  return {
    topics: discovery.model.topics.slice(0, count).map((t) => `${t.label} — in ${t.labelSupport ?? '?'} of ${t.size} tickets`),
    themes: (discovery.model.themes ?? [])
      .slice(0, count)
      .map((t) => `${t.label} — in ${t.labelSupport ?? '?'} of ${t.size} tickets; topics: ${t.topicIds.slice(0, 5).map((id) => topicLabel.get(id)).join(' · ')}${t.topicIds.length > 5 ? ' …' : ''}`),
  };
}

export interface LevelRun {
  dataset: string;
  topics: number;
  themes: number;
  unclustered: number;
  labels: LabelSupport;
}

/** Topic/theme counts and label support over the seeds, for a labelled data set. */
export function levelsOf(dataset: string, data: LabelledTexts, extra?: (d: TopicDiscovery, seed: number) => Record<string, number>) {
  const runs = LEVEL_SEEDS.map((seed) => {
    const discovery = discoverTopics({ ids: data.ids, texts: data.texts, customers: data.customers }, { seed });
    return {
      discovery,
      topics: discovery.model.topics.length,
      themes: discovery.model.themes?.length ?? 0,
      unclustered: discovery.stats.unclustered,
      labels: labelSupport(discovery),
      extra: extra ? extra(discovery, seed) : {},
    };
  });
  const extraKeys = Object.keys(runs[0].extra);
  return {
    dataset,
    topics: round(mean(runs.map((r) => r.topics)), 1),
    themes: round(mean(runs.map((r) => r.themes)), 1),
    unclustered: round(mean(runs.map((r) => r.unclustered)), 1),
    labels: meanSupport(runs.map((r) => r.labels)),
    extra: Object.fromEntries(extraKeys.map((k) => [k, round(mean(runs.map((r) => r.extra[k])), 4)])),
    perSeed: runs.map((r, i) => ({ seed: LEVEL_SEEDS[i], topics: r.topics, themes: r.themes, unclustered: r.unclustered, ...r.extra })),
    first: runs[0].discovery,
  };
}

/** Themes of CLINC150 against its 10 domains (the hierarchy the data set has). */
export function clincDomains(data: LabelledTexts & { domain: string[] }) {
  return levelsOf('CLINC150 test', data, (d) => {
    const intents = scoreClustering(data.truth, d.topicIds.map((id) => id ?? 'misc'));
    const domains = scoreClustering(data.domain, d.themeIds.map((id) => id ?? 'misc'));
    return { topicNmi: intents.nmi, topicAri: intents.ari, themeDomainNmi: domains.nmi, themeDomainAri: domains.ari };
  });
}

/** Share of pairs in one group (unclustered tickets are in none), known duplicates vs random pairs. */
function pairShares(ids: readonly (string | null)[], pairs: readonly (readonly [number, number])[], seed: number) {
  const same = (a: number, b: number) => ids[a] !== null && ids[a] === ids[b];
  const duplicateShare = pairs.filter(([a, b]) => same(a, b)).length / Math.max(1, pairs.length);
  const random = seededRandom(seed * 7919);
  const trials = 100_000;
  let hits = 0;
  for (let i = 0; i < trials; i++) {
    const a = Math.floor(random() * ids.length);
    let b = Math.floor(random() * (ids.length - 1));
    if (b >= a) b++;
    if (same(a, b)) hits++;
  }
  return { duplicateShare, randomShare: hits / trials };
}

/**
 * The duplicate/random trade-off of the theme resolution on Hadoop (seed 1): what a coarser or
 * finer grouping would give, so the chosen setting can be judged against its neighbours.
 */
export function hadoopResolutionSweep(data: HadoopBugs, resolutions = [0.8, 1, 1.2, 1.6, 2]) {
  return resolutions.map((resolution) => {
    const d = discoverTopics({ ids: data.ids, texts: data.texts }, { seed: 1, themeOptions: { resolution } });
    const theme = pairShares(d.themeIds, data.pairs, 1);
    return { resolution, themes: d.model.themes?.length ?? 0, duplicateShare: round(theme.duplicateShare, 4), randomShare: round(theme.randomShare, 4) };
  });
}

export function hadoopLevels(data: HadoopBugs) {
  const levels = levelsOf('Hadoop Jira bugs', { ids: data.ids, texts: data.texts, truth: data.ids }, (d, seed) => {
    const topic = pairShares(d.topicIds, data.pairs, seed);
    const theme = pairShares(d.themeIds, data.pairs, seed);
    return {
      topicDuplicateShare: topic.duplicateShare,
      topicRandomShare: topic.randomShare,
      themeDuplicateShare: theme.duplicateShare,
      themeRandomShare: theme.randomShare,
    };
  });
  return { ...levels, knownPairs: data.pairs.length };
}

/**
 * The support accounts' handles: the accounts the conversations were addressed to (the issue's
 * examples: "adobecare", "hpsupport", "mojangsupport"). Product accounts customers also tag
 * ("@Minecraft") are product names, which a label may well carry.
 */
export function accountHandles(data: LabelledTexts & { company: string[] }): string[] {
  return [...new Set(data.company.map((c) => c.toLowerCase()))].sort();
}

export function labelHasHandle(label: string, handles: readonly string[]): boolean {
  const text = ` ${label.toLowerCase().replace(/[^a-z0-9_ ]+/g, ' ')} `;
  return handles.some((h) => text.includes(` ${h} `) || text.includes(` ${h.replace(/_/g, '')} `) || (h.includes('_') && text.includes(` ${h.replace(/_/g, ' ')} `)));
}

export function twitterLevels(data: LabelledTexts & { company: string[] }) {
  const handles = accountHandles(data);
  const levels = levelsOf('Twitter customer care', data, (d) => {
    const topic = scoreClustering(data.truth, d.topicIds.map((id) => id ?? 'misc'));
    const theme = scoreClustering(data.truth, d.themeIds.map((id) => id ?? 'misc'));
    const labels = [...d.model.topics.map((t) => t.label)];
    return {
      topicNmi: topic.nmi,
      topicAri: topic.ari,
      themeNmi: theme.nmi,
      topicLabelsWithHandle: labels.filter((l) => labelHasHandle(l, handles)).length / Math.max(1, labels.length),
      themeLabelsWithHandle: (d.model.themes ?? []).filter((t) => labelHasHandle(t.label, handles)).length / Math.max(1, d.model.themes?.length ?? 0),
    };
  });
  return { ...levels, conversations: data.ids.length, articles: new Set(data.truth).size, handles: handles.length };
}

/**
 * The demo's planted problems against its themes: theme-level NMI/ARI against the generator's
 * truth, and for each planted problem (noise excluded) how many themes hold at least 5% of its
 * tickets and what share its main theme holds.
 */
export function demoLevels(data: LabelledTexts) {
  const problems = [...new Set(data.truth)].filter((p) => p !== 'noise' && p !== 'unknown').sort();
  const spansOf = (d: TopicDiscovery) =>
    problems.map((problem) => {
      const counts = new Map<string, number>();
      let total = 0;
      data.truth.forEach((t, i) => {
        if (t !== problem) return;
        total++;
        const theme = d.themeIds[i];
        if (theme !== null) counts.set(theme, (counts.get(theme) ?? 0) + 1);
      });
      const shares = [...counts.values()].map((n) => n / Math.max(1, total));
      return { problem, tickets: total, themes: shares.filter((s) => s >= 0.05).length, mainShare: Math.max(0, ...shares) };
    });
  let firstSpans: ReturnType<typeof spansOf> = [];
  const levels = levelsOf('Demo (default 40,000 tickets)', data, (d, seed) => {
    const spans = spansOf(d);
    if (seed === LEVEL_SEEDS[0]) firstSpans = spans;
    const topic = scoreClustering(data.truth, d.topicIds.map((id) => id ?? 'misc'));
    const theme = scoreClustering(data.truth, d.themeIds.map((id) => id ?? 'misc'));
    return {
      topicNmi: topic.nmi,
      topicAri: topic.ari,
      themeNmi: theme.nmi,
      themeAri: theme.ari,
      problemsInOneTheme: spans.filter((s) => s.themes === 1).length,
      maxThemesPerProblem: Math.max(...spans.map((s) => s.themes)),
    };
  });
  return {
    ...levels,
    plantedProblems: problems.length,
    spans: firstSpans.map((s) => ({ ...s, mainShare: round(s.mainShare) })),
  };
}
