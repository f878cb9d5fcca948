/**
 * Topic discovery, end to end: ticket texts → recurring issues with labels, keywords,
 * representative tickets and a model that assigns future tickets.
 *
 *  0. learn the export's hygiene (hygiene.ts: the desk's own @handles, boilerplate lines) and
 *     clean every ticket with it (clean.ts, line-shape.ts: quotes, signatures, pasted logs,
 *     stack traces, code, tables, URLs);
 *  1. tokenize every ticket once (stem cache) and fit TF-IDF terms on up to 200k of them;
 *  2. cluster a fit sample of at most 5,000 tickets: Louvain communities of the cosine kNN
 *     graph give the number of topics and the first partition (communities.ts explains why);
 *  3. choosing k — found automatically: communities whose centroids are ≥ 0.6 cosine-similar
 *     are one topic and merge; with a given k, the resolution is searched for at least k
 *     communities and the surplus merged by average linkage;
 *  4. turn the groups into centroids and refine them with two spherical k-means steps;
 *  5. assign every ticket to its nearest centroid, or leave it unclustered below cosine 0.1;
 *     dissolve topics below the minimum size (0.1% of tickets, at least 3) and reassign; a
 *     ticket far less similar than its topic's typical member goes to the miscellaneous
 *     bucket (unclustered) instead of being forced in;
 *  6. describe topics: a readable phrase label with its support (phrase-labels.ts), c-TF-IDF
 *     keywords, MMR representatives, sizes and distinct customers; topics whose labels say the
 *     same and whose centroids agree are merged (near-duplicates.ts) and described again;
 *  7. group the topics into themes (themes/group-topics.ts) and describe those.
 *
 * Why a fixed-size fit sample: the granularity of kNN communities depends on how many tickets
 * each topic has in the graph (more tickets → finer paraphrase groups), so clustering the same
 * number of tickets keeps topics equally broad for a 3k-ticket desk and a 1M-ticket one, and
 * month after month. Everything else streams through one scratch vector, so a million tickets
 * take well under a minute and under 1 GB (bench/topics.ts).
 *
 * The global settings (10 neighbours, γ = 3, 5,000-ticket sample, merge cosine 0.6, density
 * ratio 0.3) were chosen on the Banking77 and CLINC150 *train* splits, demo data and the unit
 * fixtures — never on the test splits the benchmark reports.
 */
import { describeThemes, type ThemeGroup } from '@/lib/analysis/themes/describe';
import { groupTopics, type GroupTopicsOptions } from '@/lib/analysis/themes/group-topics';
import { themeIdFor, ticketThemeIds, type ThemeSummary } from '@/lib/analysis/themes/model';
import { assignCorpus } from './assign';
import { centroidCosines, centroidsFromAssignment, indexCentroids, type SparseCentroids } from './centroids';
import { detectCommunities } from './communities';
import { sphericalKMeans } from './kmeans';
import { DEFAULT_LABEL_OPTIONS, labelTopics } from './labels';
import { planMerges, type MergePlanOptions } from './merge';
import { topicIdFor, TOPIC_MODEL_VERSION, type TopicModel, type TopicSummary } from './model';
import { sampleIndices, seededRandom } from '@/lib/analysis/random';
import { selectRepresentatives, TopCandidates } from './representatives';
import { DEFAULT_TFIDF_OPTIONS, DocVectorizer, fitVocabulary, indexVocabulary, vectorizeCorpus, type TfidfOptions, type Vocabulary } from './tfidf';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { accountStems, accountToken, EMPTY_HYGIENE_RULES, learnHygiene, TextCleaner, type HygieneRules } from './hygiene';
import { countLabelSupport, labelStemIds } from './label-support';
import { mergeNearDuplicates } from './near-duplicates';
import { phraseLabels } from './phrase-labels';
import { TermAnalyzer, tokenizeCorpus, type TokenizedCorpus } from './text';

export interface TopicInput {
  /** Ticket ids, used for representatives and assignments. */
  ids: readonly string[];
  /** One text per ticket, built with `ticketText` (subject weighted, resolution when prose). */
  texts: readonly string[];
  /** Requester or organisation per ticket, for distinct-customer counts. */
  customers?: readonly (string | null | undefined)[];
}

export interface DiscoverOptions {
  /** Exact number of topics; omitted → found from the data. */
  k?: number;
  seed?: number;
  /** Neighbours per ticket in the similarity graph. */
  neighbors?: number;
  /** Louvain resolution γ: higher → more, narrower topics. */
  resolution?: number;
  /** Louvain runs with different node orders; the highest-modularity partition is kept. */
  louvainRuns?: number;
  /** Communities this interlinked are one topic (see mergeLinkedCommunities); found-k mode only. */
  mergeDensityRatio?: number;
  /** Communities whose centroids are at least this cosine-similar are one topic; found-k mode only. */
  mergeCosine?: number;
  /** Tickets clustered directly; the rest are assigned to the resulting centroids. */
  fitSampleSize?: number;
  /** Tickets the TF-IDF vocabulary and idf are learned from. */
  vocabularySampleSize?: number;
  /** Smallest topic kept (default: 3, or 0.1% of tickets when more). */
  minTopicSize?: number;
  /** Below this cosine to every centroid a ticket stays unclustered. */
  assignThreshold?: number;
  /**
   * A ticket below this share of its topic's median member similarity is miscellaneous
   * (unclustered) rather than forced into the topic; 0 = off. 0.25 is the largest of 0.2–0.4
   * that keeps NMI and ARI on the Banking77 and CLINC150 train splits within 0.005 of no floor:
   * on CLINC150's out-of-scope utterances, higher floors catch more of them but many more
   * in-scope ones with them.
   */
  fitFloor?: number;
  /** Topics with the same label words and centroids at least this similar merge (1 = never). */
  nearDuplicateCosine?: number;
  /** Weight of the desk's account tokens against other words (0 = ignored, 1 = a word like any). */
  accountWeight?: number;
  /** Terms kept per centroid. */
  maxCentroidTerms?: number;
  /** Spherical k-means steps after the graph partition. */
  refineIterations?: number;
  /** Tickets per topic read for labels. */
  labelSampleSize?: number;
  /** Learn the export's boilerplate lines and the desk's own @handles, and strip them (hygiene.ts). */
  hygiene?: boolean;
  /** Group topics into themes (themes/group-topics.ts). */
  themes?: boolean;
  themeOptions?: Partial<GroupTopicsOptions>;
  /** Label and count the themes; off when the caller re-describes them anyway (reanalyze). */
  describeThemes?: boolean;
  tfidf?: Partial<TfidfOptions>;
}

export const DEFAULT_DISCOVER_OPTIONS = {
  seed: 42,
  neighbors: 10,
  resolution: 3,
  mergeDensityRatio: 0.3,
  louvainRuns: 5,
  mergeCosine: 0.6,
  fitSampleSize: 5_000,
  vocabularySampleSize: 200_000,
  assignThreshold: 0.1,
  fitFloor: 0.25,
  nearDuplicateCosine: 0.3,
  accountWeight: 1,
  maxCentroidTerms: 300,
  refineIterations: 2,
  labelSampleSize: 2_000,
  hygiene: true,
  themes: true,
  describeThemes: true,
} as const;

export interface DiscoveryStats {
  tickets: number;
  fitSample: number;
  terms: number;
  communities: number;
  topics: number;
  unclustered: number;
  resolution: number;
  /** Milliseconds per stage (wall clock). */
  timings: Record<string, number>;
  /** Milliseconds of CPU per stage: on a shared machine the steadier measure of cost. */
  cpu: Record<string, number>;
}

export interface TopicDiscovery {
  model: TopicModel;
  /** Topic id of each input ticket (null = unclustered), in input order. */
  topicIds: (string | null)[];
  /** Index into model.topics of each ticket (-1 = unclustered). */
  topicIndex: Int32Array;
  /** Cosine of each ticket to its topic's centroid (to the nearest one when unclustered). */
  similarity: Float32Array;
  stats: DiscoveryStats;
  /** The tokenized tickets, for callers that replay curation (keyword splits) on them. */
  corpus: TokenizedCorpus;
  /** The cleaner the corpus was tokenized with (the model's hygiene), for labelling again. */
  clean: (raw: string) => string;
  /** Theme id of each input ticket (null = unclustered), in input order. */
  themeIds: (string | null)[];
  /** The themes' topics (described in model.themes unless `describeThemes` is false). */
  themeGroups: ThemeGroup[];
}

/** Default smallest topic: a handful of tickets, or 0.1% of them on large desks. */
export function defaultMinTopicSize(tickets: number): number {
  return Math.max(3, Math.round(tickets / 1000));
}

export function discoverTopics(input: TopicInput, options: DiscoverOptions = {}): TopicDiscovery {
  if (input.ids.length !== input.texts.length) throw new Error('ids and texts differ in length');
  const o = { ...DEFAULT_DISCOVER_OPTIONS, ...options };
  const tfidfOptions = { ...DEFAULT_TFIDF_OPTIONS, ...options.tfidf };
  const n = input.texts.length;
  const minTopicSize = options.minTopicSize ?? defaultMinTopicSize(n);
  const random = seededRandom(o.seed);
  const timings: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  let clock = performance.now();
  let cpuClock = process.cpuUsage();
  const lap = (name: string) => {
    const now = performance.now();
    const used = process.cpuUsage(cpuClock);
    timings[name] = Math.round(now - clock);
    cpu[name] = Math.round((used.user + used.system) / 1000);
    clock = now;
    cpuClock = process.cpuUsage();
  };

  // Hygiene first: what the whole export shows to be boilerplate or the desk's own handles.
  const hygiene = o.hygiene ? learnHygiene(input.texts, { seed: o.seed }) : EMPTY_HYGIENE_RULES;
  const cleaner = new TextCleaner(hygiene);
  const clean = (raw: string) => cleaner.clean(raw);
  const corpus = tokenizeCorpus(input.texts, new TermAnalyzer(clean));
  const hidden = accountStems(hygiene, corpus);
  lap('tokenize');
  const vocabularyDocs = n > o.vocabularySampleSize ? sampleIndices(n, o.vocabularySampleSize, random) : null;
  const vocabulary = downWeightAccounts(fitVocabulary(corpus, vocabularyDocs, tfidfOptions), hygiene, o.accountWeight);
  const vocabularyIndex = indexVocabulary(vocabulary, corpus.analyzer);
  const fitDocs = n > o.fitSampleSize ? sampleIndices(n, o.fitSampleSize, random) : null;
  const sample = vectorizeCorpus(corpus, vocabularyIndex, fitDocs);
  lap('vectorize');

  // 2. Communities of the fit sample. Small ones are noise at this scale; their rows are
  //    reassigned by the refinement below.
  const sampleMinSize = Math.max(2, Math.round((minTopicSize * sample.rows) / Math.max(1, n)));
  const communities = detectCommunities(sample, {
    neighbors: o.neighbors,
    resolution: o.resolution,
    seed: o.seed,
    minSize: sampleMinSize,
    mergeDensityRatio: o.mergeDensityRatio,
    louvainRuns: o.louvainRuns,
    k: options.k,
  });
  lap('communities');

  // 3. Choose k: merge communities that are one topic (k found), or the surplus (k given).
  let labels = communities.labels;
  let k = communities.count;
  let centroids = centroidsFromAssignment(sample, labels, k, o.maxCentroidTerms);
  const plan: MergePlanOptions | null =
    options.k !== undefined
      ? k > options.k
        ? { linkage: 'average', targetK: options.k }
        : null
      : k > 1
        ? { linkage: 'centroid', minSimilarity: o.mergeCosine }
        : null;
  if (plan) {
    const sizes = new Float64Array(k);
    for (const c of labels) if (c >= 0) sizes[c]++;
    const group = planMerges({ cosines: centroidCosines(centroids, vocabulary.terms.length), sizes, cohesion: centroids.cohesion, k }, plan);
    labels = labels.map((c) => (c >= 0 ? group[c] : -1));
    k = Math.max(0, ...group) + 1;
    centroids = centroidsFromAssignment(sample, labels, k, o.maxCentroidTerms);
  }
  // 4. Refine the centroids on the sample.
  if (k > 0 && o.refineIterations > 0) {
    const refined = sphericalKMeans(sample, {
      k,
      seed: o.seed,
      initialLabels: labels,
      maxIterations: o.refineIterations + 1,
      maxCentroidTerms: o.maxCentroidTerms,
    });
    centroids = refined.centroids;
  }
  lap('refine');

  // 5. Assign every ticket; dissolve topics below the minimum size (not with a fixed k: the
  //    user asked for k topics) and reassign their tickets to the remaining ones.
  let assignment = assignCorpus(corpus, vocabularyIndex, indexCentroids(centroids, vocabulary.terms.length), o.assignThreshold);
  for (let round = 0; round < 3 && options.k === undefined; round++) {
    const sizes = new Int32Array(k);
    for (const c of assignment.centroid) if (c >= 0) sizes[c]++;
    const keep: number[] = [];
    for (let c = 0; c < k; c++) if (sizes[c] >= minTopicSize) keep.push(c);
    if (keep.length === k) break;
    centroids = selectCentroids(centroids, keep);
    k = keep.length;
    assignment = assignCorpus(corpus, vocabularyIndex, indexCentroids(centroids, vocabulary.terms.length), o.assignThreshold);
  }
  // 5b. The miscellaneous bucket: a ticket far less similar to its topic than the topic's
  //     typical member fits nowhere; forcing it in inflates the topic and blurs its label.
  // Not with a given k: the user asked for that partition of all tickets, as it was before.
  const fitFloor = options.k === undefined ? o.fitFloor : 0;
  const floors = topicFloors(assignment, k, fitFloor);
  for (let doc = 0; doc < n; doc++) {
    const c = assignment.centroid[doc];
    if (c >= 0 && assignment.similarity[doc] < floors[c]) assignment.centroid[doc] = -1;
  }
  lap('assign');

  // 6. Topics ordered by size; ids t1…tk.
  let ordered = orderBySize(centroids, assignment.centroid);
  let summaries = describeTopics(corpus, input, ordered.topicIndex, assignment.similarity, ordered.centroids.k, vocabularyIndex, o, random, clean, hidden);
  // 6b. Near-duplicates: the same label words and agreeing centroids are one topic shown twice.
  if (o.nearDuplicateCosine < 1 && ordered.centroids.k > 1 && options.k === undefined) {
    const merged = mergeNearDuplicates(
      ordered.centroids,
      centroidCosines(ordered.centroids, vocabulary.terms.length),
      summaries.map((summary) => labelStemIds(summary.label, corpus) ?? []),
      summaries.map((summary) => summary.size),
      { minCosine: o.nearDuplicateCosine, maxTerms: o.maxCentroidTerms },
    );
    if (merged.count < ordered.centroids.k) {
      ordered = orderBySize(merged.centroids, Int32Array.from(ordered.topicIndex, (c) => (c >= 0 ? merged.group[c] : -1)));
      summaries = describeTopics(corpus, input, ordered.topicIndex, assignment.similarity, ordered.centroids.k, vocabularyIndex, o, random, clean, hidden);
    }
  }
  centroids = ordered.centroids;
  const topicIndex = ordered.topicIndex;
  const topicCount = centroids.k;
  const topics: TopicSummary[] = summaries.map((s, i) => ({ id: topicIdFor(i + 1), ...s }));
  const ticketTopicIds = Array.from(topicIndex, (c) => (c >= 0 ? topics[c].id : null));
  lap('describe');

  // 7. Themes: topics grouped by paraphrase links and shared vocabulary (group-topics.ts).
  let themes: ThemeSummary[] = [];
  const themeGroups: ThemeGroup[] = [];
  if (o.themes && topicCount > 0) {
    const topicOfNode = new Int32Array(sample.rows);
    for (let r = 0; r < sample.rows; r++) topicOfNode[r] = topicIndex[fitDocs ? fitDocs[r] : r];
    const themeOfTopic = groupTopics(
      { graph: communities.graph, topicOfNode, centroids, vocabularySize: vocabulary.terms.length, sizes: Int32Array.from(topics, (t) => t.size) },
      { seed: o.seed, ...options.themeOptions },
    );
    themeOfTopic.forEach((theme, t) => (themeGroups[theme] ??= { id: themeIdFor(theme + 1), topicIds: [] }).topicIds.push(topics[t].id));
    if (o.describeThemes) {
      themes = describeThemes(
        { corpus, texts: input.texts, clean, topicIds: ticketTopicIds, customers: input.customers, topics, hidden, seed: o.seed },
        themeGroups,
      );
    }
  }
  lap('themes');

  const model: TopicModel = {
    version: TOPIC_MODEL_VERSION,
    settings: { assignThreshold: o.assignThreshold, bigrams: tfidfOptions.bigrams },
    hygiene,
    vocabulary,
    centroids: {
      topicIds: topics.map((t) => t.id),
      indptr: centroids.indptr,
      terms: centroids.terms,
      weights: centroids.weights,
      cohesion: centroids.cohesion,
      floors: topicFloors({ centroid: topicIndex, similarity: assignment.similarity }, topicCount, fitFloor),
    },
    topics,
    splitRules: [],
    nextTopicNumber: topics.length + 1,
    themes,
    nextThemeNumber: themes.length + 1,
  };
  let unclustered = 0;
  for (const c of topicIndex) if (c < 0) unclustered++;
  return {
    model,
    topicIds: ticketTopicIds,
    themeIds: ticketThemeIds(ticketTopicIds, themeGroups),
    themeGroups,
    topicIndex,
    similarity: assignment.similarity,
    corpus,
    clean,
    stats: {
      tickets: n,
      fitSample: sample.rows,
      terms: vocabulary.terms.length,
      communities: communities.count,
      topics: topicCount,
      unclustered,
      resolution: communities.resolution,
      timings,
      cpu,
    },
  };
}

/**
 * The desk's account tokens (hygiene.ts) weigh `weight` × their idf, and no phrase containing
 * one is a term: which account was written to is a hint, not the problem.
 */
function downWeightAccounts(vocabulary: Vocabulary, hygiene: HygieneRules, weight: number): Vocabulary {
  if (hygiene.handles.length === 0 || weight === 1) return vocabulary;
  const accounts = new Set(hygiene.handles.map((h) => PorterStemmer.stem(accountToken(h))));
  const keep: number[] = [];
  const idf: number[] = [];
  vocabulary.terms.forEach((term, column) => {
    const stems = term.split(' ');
    const isAccount = stems.some((stem) => accounts.has(stem));
    if (isAccount && stems.length > 1) return;
    if (isAccount && weight <= 0) return;
    keep.push(column);
    idf.push(isAccount ? vocabulary.idf[column] * weight : vocabulary.idf[column]);
  });
  return { terms: keep.map((c) => vocabulary.terms[c]), idf: Float32Array.from(idf) };
}

/** Centroids renumbered by decreasing tickets (empty ones dropped), and each ticket's new index. */
function orderBySize(centroids: SparseCentroids, assignment: Int32Array): { centroids: SparseCentroids; topicIndex: Int32Array } {
  const sizes = new Int32Array(centroids.k);
  for (const c of assignment) if (c >= 0) sizes[c]++;
  const order = Array.from({ length: centroids.k }, (_, c) => c)
    .filter((c) => sizes[c] > 0)
    .sort((a, b) => sizes[b] - sizes[a] || a - b);
  const rank = new Int32Array(centroids.k).fill(-1);
  order.forEach((c, i) => (rank[c] = i));
  return { centroids: selectCentroids(centroids, order), topicIndex: Int32Array.from(assignment, (c) => (c >= 0 ? rank[c] : -1)) };
}

/**
 * Per topic, the least similarity a ticket needs to be one of its members: `share` × the median
 * similarity of the tickets nearest to it (0 turns the rule off).
 */
export function topicFloors(assignment: { centroid: Int32Array; similarity: Float32Array }, k: number, share: number): Float32Array {
  const floors = new Float32Array(k);
  if (share <= 0 || k === 0) return floors;
  const sims: number[][] = Array.from({ length: k }, () => []);
  assignment.centroid.forEach((c, doc) => {
    if (c >= 0) sims[c].push(assignment.similarity[doc]);
  });
  for (let c = 0; c < k; c++) {
    if (sims[c].length === 0) continue;
    const sorted = sims[c].sort((a, b) => a - b);
    floors[c] = share * sorted[Math.floor(sorted.length / 2)];
  }
  return floors;
}

/** The listed centroids, in that order. */
export function selectCentroids(centroids: SparseCentroids, keep: readonly number[]): SparseCentroids {
  const indptr = new Int32Array(keep.length + 1);
  let nnz = 0;
  keep.forEach((c, i) => {
    nnz += centroids.indptr[c + 1] - centroids.indptr[c];
    indptr[i + 1] = nnz;
  });
  const terms = new Int32Array(nnz);
  const weights = new Float32Array(nnz);
  keep.forEach((c, i) => {
    terms.set(centroids.terms.subarray(centroids.indptr[c], centroids.indptr[c + 1]), indptr[i]);
    weights.set(centroids.weights.subarray(centroids.indptr[c], centroids.indptr[c + 1]), indptr[i]);
  });
  return { k: keep.length, cohesion: Float32Array.from(keep, (c) => centroids.cohesion[c]), indptr, terms, weights };
}

type TopicDescription = Omit<TopicSummary, 'id'>;

/** Labels, keywords, representatives, sizes and distinct customers of each topic. */
function describeTopics(
  corpus: TokenizedCorpus,
  input: TopicInput,
  topicIndex: Int32Array,
  similarity: Float32Array,
  k: number,
  vocabularyIndex: ReturnType<typeof indexVocabulary>,
  options: { labelSampleSize: number },
  random: () => number,
  clean: (raw: string) => string,
  hidden: ReadonlySet<number>,
): TopicDescription[] {
  const members: number[][] = Array.from({ length: k }, () => []);
  topicIndex.forEach((c, doc) => {
    if (c >= 0) members[c].push(doc);
  });
  const docsOfTopic = members.map((docs) => {
    if (docs.length <= options.labelSampleSize) return Int32Array.from(docs);
    const picked = sampleIndices(docs.length, options.labelSampleSize, random);
    return Int32Array.from(picked, (i) => docs[i]);
  });
  const labels = labelTopics(corpus, docsOfTopic, DEFAULT_LABEL_OPTIONS, hidden);
  const phrases = phraseLabels({ corpus, texts: input.texts, clean, groups: members, hidden });
  const shown = phrases.map((p, c) => p.label ?? labels[c].label);
  const support = countLabelSupport(corpus, topicIndex, shown);

  const candidates = new TopCandidates(k, 20);
  topicIndex.forEach((c, doc) => {
    if (c >= 0) candidates.offer(c, doc, similarity[doc]);
  });
  const vectorizer = new DocVectorizer(vocabularyIndex);
  return members.map((docs, c) => {
    const pool = candidates.list(c).map(({ doc, similarity: sim }) => {
      const nnz = vectorizer.vectorize(corpus.tokens, corpus.offsets[doc], corpus.offsets[doc + 1], corpus.wordStem);
      return { doc, similarity: sim, columns: vectorizer.columns.slice(0, nnz), weights: vectorizer.weights.slice(0, nnz) };
    });
    const customers = new Set<string>();
    if (input.customers) for (const doc of docs) if (input.customers[doc]) customers.add(input.customers[doc]!);
    return {
      label: shown[c],
      labelLocked: false,
      keywords: labels[c].keywords,
      size: docs.length,
      labelSupport: support[c],
      customers: customers.size,
      representatives: selectRepresentatives(pool, 3).map((doc) => input.ids[doc]),
    };
  });
}
