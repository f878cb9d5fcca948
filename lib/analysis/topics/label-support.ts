/**
 * How many of a topic's tickets support its label: contain every content word of it (the part
 * before a code in parentheses: "API rate limit (429)" counts tickets saying api, rate and limit).
 * Pages say it in words ("in 41 of 52 tickets") so a planner can judge a label, and a label
 * renamed by hand is held to the same measure.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { NEGATION_TOKEN } from './stop-words';
import { BOUNDARY, normalizeToken, type TokenizedCorpus } from './text';

/**
 * A label without the code in parentheses at its end ("API rate limit (429)" → "API rate limit").
 * String search rather than a pattern anchored at the end, which would be retried from every space.
 */
export function withoutTrailingCode(label: string): string {
  const trimmed = label.trimEnd();
  if (!trimmed.endsWith(')')) return label;
  const previousClose = trimmed.lastIndexOf(')', trimmed.length - 2);
  const open = trimmed.indexOf('(', previousClose + 1);
  if (open < 0) return label;
  return trimmed.slice(0, open).trimEnd();
}

/** Stems of a label's content words, as ids of `corpus.analyzer`; null when one never occurs. */
export function labelStemIds(label: string, corpus: TokenizedCorpus): number[] | null {
  const phrase = withoutTrailingCode(label);
  const ids: number[] = [];
  for (const raw of phrase.toLowerCase().split(/[^\p{L}\p{N}'’]+/u)) {
    const word = normalizeToken(raw);
    if (word === null) continue;
    const id = corpus.analyzer.findStem(word === NEGATION_TOKEN ? word : PorterStemmer.stem(word));
    if (id === undefined) return null;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids.length > 0 ? ids : null;
}

/** Stems of a label's content words that occur in the corpus (null when none does). */
function labelStemIdsFound(label: string, corpus: TokenizedCorpus): number[] | null {
  const ids: number[] = [];
  for (const word of withoutTrailingCode(label).split(/\s+/)) {
    const found = labelStemIds(word, corpus);
    if (found) for (const id of found) if (!ids.includes(id)) ids.push(id);
  }
  return ids.length > 0 ? ids : null;
}

/**
 * Per group, the documents containing every stem of its label (`labels[g]`, or 0 when the label
 * has no word found in the corpus; "A / B" counts documents supporting A or B). `groupOfDoc[doc]` is the group index, -1 for none. With
 * `mode: 'any'`, one label word is enough (the looser measure the topic benchmark reports).
 */
export function countLabelSupport(
  corpus: TokenizedCorpus,
  groupOfDoc: ArrayLike<number>,
  labels: readonly string[],
  mode: 'all' | 'any' = 'all',
): Int32Array {
  // "A / B" (a theme named after two topics) is supported by a ticket that supports either part.
  const wanted = labels.map((label) =>
    label
      .split(' / ')
      .map((part) => (mode === 'all' ? labelStemIds(part, corpus) : labelStemIdsFound(part, corpus)))
      .filter((stems): stems is number[] => stems !== null),
  );
  const support = new Int32Array(labels.length);
  const stamp = new Int32Array(corpus.analyzer.stems.length).fill(-1);
  for (let doc = 0; doc < groupOfDoc.length; doc++) {
    const g = groupOfDoc[doc];
    const alternatives = g >= 0 ? wanted[g] : null;
    if (!alternatives || alternatives.length === 0) continue;
    for (let p = corpus.offsets[doc]; p < corpus.offsets[doc + 1]; p++) {
      const w = corpus.tokens[p];
      if (w !== BOUNDARY) stamp[corpus.wordStem[w]] = doc;
    }
    const present = (s: number) => s < stamp.length && stamp[s] === doc;
    if (alternatives.some((stems) => (mode === 'all' ? stems.every(present) : stems.some(present)))) support[g]++;
  }
  return support;
}
