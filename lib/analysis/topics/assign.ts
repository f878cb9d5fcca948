/**
 * Nearest-topic assignment, shared by the full analysis and by incremental assignment of new
 * tickets, so a ticket gets the same topic either way. A ticket joins its most similar centroid
 * when the cosine reaches the model's threshold, otherwise it stays unclustered; manual split
 * rules then move it to the split-off topic when it contains one of the rule's keywords.
 */
import { indexCentroids, scoreDocument, type CentroidIndex, type SparseCentroids } from './centroids';
import { TextCleaner } from './hygiene';
import type { TopicModel, SplitRule } from './model';
import { DocVectorizer, indexVocabulary, type VocabularyIndex } from './tfidf';
import { BOUNDARY, TermAnalyzer, tokenizeCorpus, type TokenizedCorpus } from './text';

export interface CorpusAssignment {
  /** Centroid row of each document, -1 when unclustered. */
  centroid: Int32Array;
  /** Cosine to that centroid (to the best one even when below the threshold). */
  similarity: Float32Array;
}

/**
 * Scores documents `docs` (all when null) against the centroids, one at a time (no matrix is
 * built, so a million tickets need only their token stream).
 */
export function assignCorpus(
  corpus: TokenizedCorpus,
  vocabulary: VocabularyIndex,
  centroids: CentroidIndex,
  threshold: number,
  docs: ArrayLike<number> | null = null,
  /** Per centroid, the least similarity a member needs (the miscellaneous rule, discover.ts). */
  floors?: Float32Array,
): CorpusAssignment {
  const n = docs ? docs.length : corpus.offsets.length - 1;
  const vectorizer = new DocVectorizer(vocabulary);
  const scores = new Float64Array(Math.max(1, centroids.k));
  const centroid = new Int32Array(n).fill(-1);
  const similarity = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const doc = docs ? docs[i] : i;
    const nnz = vectorizer.vectorize(corpus.tokens, corpus.offsets[doc], corpus.offsets[doc + 1], corpus.wordStem);
    if (nnz === 0) continue;
    const best = scoreDocument(centroids, vectorizer.columns, vectorizer.weights, 0, nnz, scores);
    if (best < 0) continue;
    similarity[i] = scores[best];
    if (scores[best] >= threshold && (!floors || scores[best] >= floors[best])) centroid[i] = best;
  }
  return { centroid, similarity };
}

/**
 * Whether document `doc` matches any keyword: a keyword is a list of stem ids, all of which must
 * occur in the document ("top up" matches "my top-up failed" and "topped it up").
 */
export function documentMatchesKeywords(corpus: TokenizedCorpus, doc: number, keywords: readonly number[][]): boolean {
  const present = new Set<number>();
  for (let p = corpus.offsets[doc]; p < corpus.offsets[doc + 1]; p++) {
    const word = corpus.tokens[p];
    if (word !== BOUNDARY) present.add(corpus.wordStem[word]);
  }
  return keywords.some((stems) => stems.every((s) => present.has(s)));
}

/** A split rule's keywords as stem ids of `analyzer`; keywords with a never-seen stem are dropped. */
export function ruleKeywordIds(rule: SplitRule, analyzer: TermAnalyzer): number[][] {
  const keywords: number[][] = [];
  for (const keyword of rule.stems) {
    const ids = keyword.split(' ').map((stem) => analyzer.findStem(stem));
    if (ids.every((id) => id !== undefined)) keywords.push(ids as number[]);
  }
  return keywords;
}

/** Applies split rules in order to per-document topic ids (in place). */
export function applySplitRules(
  topicIds: (string | null)[],
  corpus: TokenizedCorpus,
  rules: readonly SplitRule[],
  docs: ArrayLike<number> | null = null,
): void {
  for (const rule of rules) {
    const keywords = ruleKeywordIds(rule, corpus.analyzer);
    if (keywords.length === 0) continue;
    for (let i = 0; i < topicIds.length; i++) {
      if (topicIds[i] === rule.fromTopicId && documentMatchesKeywords(corpus, docs ? docs[i] : i, keywords)) {
        topicIds[i] = rule.toTopicId;
      }
    }
  }
}

/** An analyzer that cleans text as the model's analysis did (its learned hygiene rules). */
export function analyzerFor(model: TopicModel): TermAnalyzer {
  const cleaner = new TextCleaner(model.hygiene);
  return new TermAnalyzer((raw) => cleaner.clean(raw));
}

export function modelCentroids(model: TopicModel): SparseCentroids {
  const { indptr, terms, weights, topicIds } = model.centroids;
  return { k: topicIds.length, cohesion: new Float32Array(topicIds.length), indptr, terms, weights };
}

export interface TicketAssignment {
  /** Topic id of each text, null when unclustered. */
  topicIds: (string | null)[];
  similarity: Float32Array;
}

/**
 * Assigns new tickets to the topics of a saved model without re-clustering. Build it once per
 * batch: it indexes the model's vocabulary and centroids (milliseconds for a 1M-ticket model).
 */
export class TopicAssigner {
  private readonly analyzer: TermAnalyzer;
  private readonly vocabulary: VocabularyIndex;
  private readonly centroids: CentroidIndex;

  constructor(private readonly model: TopicModel) {
    this.analyzer = analyzerFor(model);
    this.vocabulary = indexVocabulary(model.vocabulary, this.analyzer);
    this.centroids = indexCentroids(modelCentroids(model), model.vocabulary.terms.length);
  }

  /** Topic of each text (build texts with `ticketText` exactly as for the full analysis). */
  assign(texts: readonly string[]): TicketAssignment {
    const corpus = tokenizeCorpus(texts, this.analyzer);
    const { centroid, similarity } = assignCorpus(
      corpus,
      this.vocabulary,
      this.centroids,
      this.model.settings.assignThreshold,
      null,
      this.model.centroids.floors,
    );
    const topicIds = Array.from(centroid, (row) => (row >= 0 ? this.model.centroids.topicIds[row] : null));
    applySplitRules(topicIds, corpus, this.model.splitRules);
    return { topicIds, similarity };
  }
}

/** One-shot form of TopicAssigner. */
export function assignTickets(model: TopicModel, texts: readonly string[]): TicketAssignment {
  return new TopicAssigner(model).assign(texts);
}
