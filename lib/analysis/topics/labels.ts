/**
 * Topic labels from class-based TF-IDF (c-TF-IDF, Grootendorst, "BERTopic: Neural topic modeling
 * with a class-based TF-IDF procedure", arXiv:2203.05794, 2022): all tickets of a topic form one
 * document; a term's weight is its L1-normalised frequency in the topic × log(1 + A / f), where
 * A is the average number of words per topic and f the term's frequency over all topics. So a
 * label names what is frequent in this topic and rare elsewhere, not what is frequent everywhere.
 */
import { PairTable } from './pair-table';
import { NEGATION_TOKEN } from './stop-words';
import { BOUNDARY, preferSurface, type TokenizedCorpus } from './text';
import type { TopicKeyword } from './model';

export interface LabelOptions {
  /** Longest keyphrase, in words. */
  maxNgram: number;
  keywords: number;
  /** Label length cap, in words. */
  maxLabelWords: number;
}

export const DEFAULT_LABEL_OPTIONS: LabelOptions = { maxNgram: 3, keywords: 10, maxLabelWords: 4 };

export interface TopicLabel {
  label: string;
  keywords: TopicKeyword[];
}

/**
 * Labels and keywords of each topic from the documents listed per topic (`docsOfTopic[c]`,
 * a sample of the topic is enough: labels describe what is typical).
 */
export function labelTopics(
  corpus: TokenizedCorpus,
  docsOfTopic: readonly Int32Array[],
  options: LabelOptions = DEFAULT_LABEL_OPTIONS,
  /** Stems never shown (the desk's account tokens, hygiene.ts). */
  hidden: ReadonlySet<number> = new Set(),
): TopicLabel[] {
  const k = docsOfTopic.length;
  const { tokens, offsets, wordStem, analyzer } = corpus;
  const notStem = analyzer.findStem(NEGATION_TOKEN) ?? -2;
  // n-gram ids: unigrams are stem ids; longer n-grams are interned as (prefix id, next stem).
  const stemCount = analyzer.stems.length;
  const grams = new PairTable(1 << 14);
  const gramId = (prefix: number, stem: number) => stemCount + grams.intern(prefix, stem);

  const counts: Map<number, number>[] = [];
  const wordCounts: Map<number, number>[] = [];
  const total = new Map<number, number>();
  let allWords = 0;
  const window = new Int32Array(options.maxNgram);
  for (let c = 0; c < k; c++) {
    const topicCounts = new Map<number, number>();
    const topicWords = new Map<number, number>();
    for (const doc of docsOfTopic[c]) {
      let filled = 0;
      for (let p = offsets[doc]; p < offsets[doc + 1]; p++) {
        const word = tokens[p];
        if (word === BOUNDARY) {
          filled = 0;
          continue;
        }
        topicWords.set(word, (topicWords.get(word) ?? 0) + 1);
        allWords++;
        const stem = wordStem[word];
        // Shift the window of the last maxNgram stems.
        for (let i = Math.min(filled, options.maxNgram - 1); i > 0; i--) window[i] = window[i - 1];
        window[0] = stem;
        filled = Math.min(filled + 1, options.maxNgram);
        // The n-grams ending at this word: (window[n-1] … window[0]) for n = 1..filled.
        for (let n = 1; n <= filled; n++) {
          let g = window[n - 1];
          for (let i = n - 2; i >= 0; i--) g = gramId(g, window[i]);
          topicCounts.set(g, (topicCounts.get(g) ?? 0) + 1);
        }
      }
    }
    for (const [g, n] of topicCounts) total.set(g, (total.get(g) ?? 0) + n);
    counts.push(topicCounts);
    wordCounts.push(topicWords);
  }

  const stemsOf = (id: number): number[] => grams.stemsOf(id, stemCount);

  const averageWords = k > 0 ? allWords / k : 0;
  const globalSurface = analyzer.surfaceForms();
  return counts.map((topicCounts, c) => {
    let sum = 0;
    for (const n of topicCounts.values()) sum += n;
    const scored: { id: number; weight: number; stems: number[] }[] = [];
    for (const [g, n] of topicCounts) {
      if (n < 2 && topicCounts.size > 20) continue; // a one-off phrase says nothing about a topic
      const stems = stemsOf(g);
      if (stems[stems.length - 1] === notStem || (stems.length === 1 && stems[0] === notStem)) continue;
      if (new Set(stems).size < stems.length) continue; // "top up top"
      if (hidden.size > 0 && stems.some((s) => hidden.has(s))) continue;
      const weight = (n / sum) * Math.log(1 + averageWords / (total.get(g) ?? n));
      scored.push({ id: g, weight, stems });
    }
    scored.sort((a, b) => b.weight - a.weight || a.id - b.id);

    // Surface form of each stem as this topic's customers wrote it.
    const surface = new Map<number, { word: string; count: number }>();
    for (const [word, n] of wordCounts[c]) {
      const stem = wordStem[word];
      const current = surface.get(stem);
      const text = analyzer.words[word];
      if (!current || preferSurface(text, n, current.word, current.count)) surface.set(stem, { word: text, count: n });
    }
    const textOf = (stems: number[]) => stems.map((s) => surface.get(s)?.word ?? globalSurface[s]).join(' ');
    const termOf = (stems: number[]) => stems.map((s) => analyzer.stems[s]).join(' ');

    const keywords: TopicKeyword[] = scored
      .slice(0, options.keywords)
      .map((s) => ({ term: termOf(s.stems), text: textOf(s.stems), weight: round(s.weight) }));
    return { label: composeLabel(scored.slice(0, 12), textOf, options.maxLabelWords), keywords };
  });
}

/**
 * Up to two keyphrases that add new words, capped at `maxWords` words. A phrase that extends
 * or overlaps one already chosen replaces it: "top up" + "top up reverted" → "top up reverted",
 * "export cuts" + "cuts off" → "export cuts off".
 */
function composeLabel(ranked: { stems: number[] }[], textOf: (stems: number[]) => string, maxWords: number): string {
  const parts: number[][] = [];
  const used = new Set<number>();
  const words = () => parts.reduce((n, p) => n + p.length, 0);
  for (const candidate of ranked) {
    if (candidate.stems.every((s) => used.has(s))) continue;
    const replaced = parts.findIndex((p) => p.every((s) => candidate.stems.includes(s)));
    const joined = replaced >= 0 ? -1 : parts.findIndex((p) => chain(p, candidate.stems) !== null);
    let next: number[][];
    if (replaced >= 0) next = parts.map((p, i) => (i === replaced ? candidate.stems : p));
    else if (joined >= 0) next = parts.map((p, i) => (i === joined ? chain(p, candidate.stems)! : p));
    else if (parts.length < 2) next = [...parts, candidate.stems];
    else continue;
    if (next.reduce((n, p) => n + p.length, 0) > maxWords) continue;
    parts.splice(0, parts.length, ...next);
    for (const s of candidate.stems) used.add(s);
    if (words() >= 3) break;
  }
  return parts.map(textOf).join(', ') || 'miscellaneous';
}

/** a + b overlapping by one word at the seam (a's last is b's first, or the reverse), else null. */
function chain(a: number[], b: number[]): number[] | null {
  if (a[a.length - 1] === b[0] && !b.slice(1).some((s) => a.includes(s))) return [...a, ...b.slice(1)];
  if (b[b.length - 1] === a[0] && !a.slice(1).some((s) => b.includes(s))) return [...b, ...a.slice(1)];
  return null;
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
