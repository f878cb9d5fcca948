/**
 * Sparse TF-IDF over unigram and bigram stems, on typed arrays.
 *
 * Weighting follows scikit-learn's TfidfVectorizer(sublinear_tf=True, smooth_idf=True, norm='l2'):
 * tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1, rows scaled to unit length, so a dot
 * product of two rows is their cosine similarity. Bigrams ("not arriv", "top up") separate
 * intents that share every word ("card arrived" vs "card has not arrived").
 */
import type { CsrMatrix } from './sparse';
import { PairTable } from './pair-table';
import { BOUNDARY, type TermAnalyzer, type TokenizedCorpus } from './text';

export interface TfidfOptions {
  /** Drop terms in fewer documents than this (typos, names, ids). */
  minDf: number;
  /** Drop terms in more than this share of documents: they separate nothing. */
  maxDfRatio: number;
  /** Keep at most this many terms (the most frequent), bounding memory on huge corpora. */
  maxTerms: number;
  bigrams: boolean;
}

export const DEFAULT_TFIDF_OPTIONS: TfidfOptions = { minDf: 2, maxDfRatio: 0.5, maxTerms: 300_000, bigrams: true };

/** The fitted terms: stems ("card") and stem pairs ("card arriv"), with their idf. Serialisable. */
export interface Vocabulary {
  terms: string[];
  idf: Float32Array;
}

/** Fast lookups of a vocabulary against one analyzer's stem ids. */
export interface VocabularyIndex {
  vocabulary: Vocabulary;
  /** Column of each stem id (-1 = not a term); stems created later are simply out of range. */
  unigramColumn: Int32Array;
  bigrams: PairTable;
  /** Column of each bigram entry of `bigrams`. */
  bigramColumn: Int32Array;
}

function documentCount(corpus: TokenizedCorpus, docs: ArrayLike<number> | null): number {
  return docs ? docs.length : corpus.offsets.length - 1;
}

/** Learns terms and idf from the documents `docs` (all when null). */
export function fitVocabulary(
  corpus: TokenizedCorpus,
  docs: ArrayLike<number> | null = null,
  options: TfidfOptions = DEFAULT_TFIDF_OPTIONS,
): Vocabulary {
  const { offsets, tokens, analyzer, wordStem } = corpus;
  const n = documentCount(corpus, docs);
  const stemCount = analyzer.stems.length;
  const unigramDf = new Int32Array(stemCount);
  const unigramSeen = new Int32Array(stemCount).fill(-1);
  const pairs = new PairTable(1 << 16);
  let pairDf: Int32Array = new Int32Array(1 << 16);
  let pairSeen: Int32Array = new Int32Array(1 << 16).fill(-1);

  for (let d = 0; d < n; d++) {
    const doc = docs ? docs[d] : d;
    let previous = BOUNDARY;
    for (let p = offsets[doc]; p < offsets[doc + 1]; p++) {
      const t = tokens[p] === BOUNDARY ? BOUNDARY : wordStem[tokens[p]];
      if (t !== BOUNDARY) {
        if (unigramSeen[t] !== d) {
          unigramSeen[t] = d;
          unigramDf[t]++;
        }
        if (options.bigrams && previous !== BOUNDARY && previous !== t) {
          const entry = pairs.intern(previous, t);
          if (entry >= pairDf.length) {
            pairDf = growInt(pairDf, 0);
            pairSeen = growInt(pairSeen, -1);
          }
          if (pairSeen[entry] !== d) {
            pairSeen[entry] = d;
            pairDf[entry]++;
          }
        }
      }
      previous = t;
    }
  }

  const maxDf = Math.max(options.minDf, Math.floor(options.maxDfRatio * n));
  const candidates: { term: string; df: number }[] = [];
  const stems = analyzer.stems;
  for (let s = 0; s < stemCount; s++) {
    if (unigramDf[s] >= options.minDf && unigramDf[s] <= maxDf) candidates.push({ term: stems[s], df: unigramDf[s] });
  }
  for (let e = 0; e < pairs.size; e++) {
    if (pairDf[e] >= options.minDf && pairDf[e] <= maxDf) {
      candidates.push({ term: `${stems[pairs.first(e)]} ${stems[pairs.second(e)]}`, df: pairDf[e] });
    }
  }
  if (candidates.length > options.maxTerms) {
    candidates.sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : 1));
    candidates.length = options.maxTerms;
  }
  // A canonical order makes the model independent of the order tickets arrived in.
  candidates.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const idf = new Float32Array(candidates.length);
  for (let c = 0; c < candidates.length; c++) idf[c] = Math.log((1 + n) / (1 + candidates[c].df)) + 1;
  return { terms: candidates.map((c) => c.term), idf };
}

/** Indexes `vocabulary` against `analyzer`'s stem ids (registering stems it has not seen). */
export function indexVocabulary(vocabulary: Vocabulary, analyzer: TermAnalyzer): VocabularyIndex {
  const pending: [number, number, number][] = [];
  const unigrams: [number, number][] = [];
  vocabulary.terms.forEach((term, column) => {
    const space = term.indexOf(' ');
    if (space < 0) unigrams.push([analyzer.internStem(term), column]);
    else pending.push([analyzer.internStem(term.slice(0, space)), analyzer.internStem(term.slice(space + 1)), column]);
  });
  const unigramColumn = new Int32Array(analyzer.stems.length).fill(-1);
  for (const [stem, column] of unigrams) unigramColumn[stem] = column;
  const bigrams = new PairTable(Math.max(16, pending.length));
  const bigramColumn = new Int32Array(Math.max(1, pending.length));
  for (const [a, b, column] of pending) bigramColumn[bigrams.intern(a, b)] = column;
  return { vocabulary, unigramColumn, bigrams, bigramColumn };
}

/** Reusable buffers for vectorising one document at a time. */
export class DocVectorizer {
  private readonly counts: Float64Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  /** Columns and weights of the last document vectorised (first `nnz` entries). */
  readonly columns: Int32Array;
  readonly weights: Float32Array;
  nnz = 0;

  constructor(private readonly index: VocabularyIndex) {
    this.counts = new Float64Array(index.vocabulary.terms.length);
    this.touched = new Int32Array(index.vocabulary.terms.length + 1);
    this.columns = this.touched;
    this.weights = new Float32Array(this.touched.length);
  }

  /**
   * Vectorises the word ids tokens[start..end) (mapped to stems by `wordStem`) into
   * `columns`/`weights`; returns nnz (0 when no term is known).
   */
  vectorize(tokens: Int32Array, start: number, end: number, wordStem: Int32Array): number {
    const { unigramColumn, bigrams, bigramColumn, vocabulary } = this.index;
    const counts = this.counts;
    const touched = this.touched;
    this.touchedCount = 0;
    let previous = BOUNDARY;
    for (let p = start; p < end; p++) {
      const t = tokens[p] === BOUNDARY ? BOUNDARY : wordStem[tokens[p]];
      if (t !== BOUNDARY) {
        const column = t < unigramColumn.length ? unigramColumn[t] : -1;
        if (column >= 0) this.add(column);
        if (previous !== BOUNDARY && previous !== t) {
          const entry = bigrams.get(previous, t);
          if (entry >= 0) this.add(bigramColumn[entry]);
        }
      }
      previous = t;
    }
    let norm = 0;
    const idf = vocabulary.idf;
    for (let i = 0; i < this.touchedCount; i++) {
      const column = touched[i];
      const w = (1 + Math.log(counts[column])) * idf[column];
      counts[column] = 0;
      this.weights[i] = w;
      norm += w * w;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < this.touchedCount; i++) this.weights[i] *= scale;
    this.nnz = this.touchedCount;
    return this.nnz;
  }

  private add(column: number): void {
    if (this.counts[column] === 0) this.touched[this.touchedCount++] = column;
    this.counts[column]++;
  }
}

/** TF-IDF rows of documents `docs` (all when null), in that order. */
export function vectorizeCorpus(
  corpus: TokenizedCorpus,
  index: VocabularyIndex,
  docs: ArrayLike<number> | null = null,
): CsrMatrix {
  const n = documentCount(corpus, docs);
  const vectorizer = new DocVectorizer(index);
  const indptr = new Int32Array(n + 1);
  let capacity = Math.max(1024, n * 24);
  let indices = new Int32Array(capacity);
  let values = new Float32Array(capacity);
  let nnz = 0;
  for (let d = 0; d < n; d++) {
    const doc = docs ? docs[d] : d;
    const count = vectorizer.vectorize(corpus.tokens, corpus.offsets[doc], corpus.offsets[doc + 1], corpus.wordStem);
    if (nnz + count > capacity) {
      while (nnz + count > capacity) capacity *= 2;
      const i2 = new Int32Array(capacity);
      i2.set(indices.subarray(0, nnz));
      indices = i2;
      const v2 = new Float32Array(capacity);
      v2.set(values.subarray(0, nnz));
      values = v2;
    }
    indices.set(vectorizer.columns.subarray(0, count), nnz);
    values.set(vectorizer.weights.subarray(0, count), nnz);
    nnz += count;
    indptr[d + 1] = nnz;
  }
  return {
    rows: n,
    cols: index.vocabulary.terms.length,
    indptr,
    indices: indices.slice(0, nnz),
    values: values.slice(0, nnz),
  };
}

function growInt(array: Int32Array, fill: number): Int32Array {
  const grown = new Int32Array(array.length * 2).fill(fill);
  grown.set(array);
  return grown;
}
