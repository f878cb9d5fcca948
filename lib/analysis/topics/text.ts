/**
 * Words → stem ids, the hot path of topic discovery. Every distinct token is classified and
 * stemmed once (a Map lookup afterwards), and documents become runs of integers in one shared
 * Int32Array, so a million tickets cost a million small strings, not fifty million.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { cleanTicketText } from './clean';
import { IntBuffer } from './int-buffer';
import { NEGATIONS, NEGATION_TOKEN, STOP_WORDS } from './stop-words';

/** Marks a sentence or field break in a token stream: no n-gram spans it. */
export const BOUNDARY = -1;

const DROPPED = -1;
const TOKEN_PATTERN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[.!?;:\n]/gu;
const MAX_TOKEN_LENGTH = 25;

/**
 * Classifies a lower-cased token: the word to stem, the negation token, or null to drop it.
 * Three-digit numbers stay (HTTP and error codes: "error 500"); longer numbers, and tokens that
 * look like ids or hashes (four or more digits, or letters and digits alternating: "inc0012345",
 * "a3f9c2e1") are dropped, while product names such as "office365", "ipv6" or "2fa" stay.
 */
export function normalizeToken(raw: string): string | null {
  let token = raw.includes('’') ? raw.replace(/’/g, "'") : raw;
  const apostrophe = token.indexOf("'");
  if (apostrophe >= 0) {
    if (token.endsWith("n't")) return NEGATION_TOKEN;
    token = token.slice(0, apostrophe); // customer's → customer, you're → you
  }
  if (token.length < 2 || token.length > MAX_TOKEN_LENGTH) return null;
  if (NEGATIONS.has(token)) return NEGATION_TOKEN;
  if (STOP_WORDS.has(token)) return null;
  let digits = 0;
  let switches = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    const isDigit = c >= 48 && c <= 57;
    if (isDigit) digits++;
    if (i > 0) {
      const previous = token.charCodeAt(i - 1);
      if (isDigit !== (previous >= 48 && previous <= 57)) switches++;
    }
  }
  if (digits === token.length) return token.length === 3 ? token : null;
  if (digits >= 4 || switches >= 3) return null;
  return token;
}

/** Surface words after cleaning, negation folding and stop-word removal (not stemmed). */
export function tokenizeWords(text: string): string[] {
  const out: string[] = [];
  for (const match of cleanTicketText(text).toLowerCase().matchAll(TOKEN_PATTERN)) {
    if (match[0].length === 1 && !/[\p{L}\p{N}]/u.test(match[0])) continue;
    const token = normalizeToken(match[0]);
    if (token !== null) out.push(token);
  }
  return out;
}

/**
 * Turns ticket text into word ids (one per distinct normalised word) and maps words to stems.
 * Streams hold word ids rather than stems so labels can show the words people wrote ("charged",
 * not the stem "charg"); vectorising maps them to stems through `wordStems()`.
 */
export class TermAnalyzer {
  /** Stem strings by stem id. */
  readonly stems: string[] = [];
  /** Normalised words by word id. */
  readonly words: string[] = [];
  private readonly stemIds = new Map<string, number>();
  /** Raw lower-case token → word id, or DROPPED. */
  private readonly tokenIndex = new Map<string, number>();
  private readonly wordStem: number[] = [];
  private wordCount = new Float64Array(1024);
  private surfaces: string[] | null = null;

  /** `clean` turns raw ticket text into the words to analyse (TextCleaner.clean with an export's rules). */
  constructor(private readonly clean: (raw: string) => string = cleanTicketText) {}

  /** Stem id of a normalised word (creating it), e.g. for user-supplied keywords. */
  stemIdOf(word: string): number {
    return this.internStem(word === NEGATION_TOKEN ? word : PorterStemmer.stem(word));
  }

  /** The id of an already-stemmed string (creating it), e.g. when loading a saved vocabulary. */
  internStem(stem: string): number {
    let id = this.stemIds.get(stem);
    if (id === undefined) {
      id = this.stems.length;
      this.stems.push(stem);
      this.stemIds.set(stem, id);
    }
    return id;
  }

  /** The stem id of `stem` if any analysed text or vocabulary produced it. */
  findStem(stem: string): number | undefined {
    return this.stemIds.get(stem);
  }

  /** Stem id of every word id known so far (a snapshot: later words are not in it). */
  wordStems(): Int32Array {
    return Int32Array.from(this.wordStem);
  }

  /**
   * Appends the word ids of `text` to `sink`, with BOUNDARY between sentences and fields.
   * Returns where its first line (the subject, or the opening line) ends in `sink`.
   */
  analyzeInto(text: string, sink: IntBuffer): number {
    this.surfaces = null;
    const start = sink.length;
    let headEnd = -1;
    let lastWasBoundary = true;
    for (const match of this.clean(text).toLowerCase().matchAll(TOKEN_PATTERN)) {
      const raw = match[0];
      if (raw.length === 1) {
        const c = raw.charCodeAt(0);
        if (c === 10 && headEnd < 0 && sink.length > start) headEnd = sink.length;
        // Punctuation and newline end a phrase; a lone letter or digit is just dropped.
        if (c === 46 || c === 33 || c === 63 || c === 59 || c === 58 || c === 10) {
          if (!lastWasBoundary) sink.push(BOUNDARY);
          lastWasBoundary = true;
        }
        continue;
      }
      let word = this.tokenIndex.get(raw);
      if (word === undefined) word = this.learnToken(raw);
      if (word === DROPPED) continue;
      this.wordCount[word]++;
      sink.push(word);
      lastWasBoundary = false;
    }
    if (lastWasBoundary && sink.length > start) sink.pop();
    return headEnd < 0 || headEnd > sink.length ? sink.length : headEnd;
  }

  /** Word ids of one text (BOUNDARY included). */
  analyze(text: string): Int32Array {
    const buffer = new IntBuffer(64);
    this.analyzeInto(text, buffer);
    return buffer.toArray();
  }

  /** The most frequent original word of each stem ("charged" for "charg"), by stem id. */
  surfaceForms(): string[] {
    if (this.surfaces) return this.surfaces;
    const best = new Float64Array(this.stems.length).fill(-1);
    const surfaces = this.stems.slice();
    for (let w = 0; w < this.words.length; w++) {
      const stem = this.wordStem[w];
      if (preferSurface(this.words[w], this.wordCount[w], surfaces[stem], best[stem])) {
        best[stem] = this.wordCount[w];
        surfaces[stem] = this.words[w];
      }
    }
    this.surfaces = surfaces;
    return surfaces;
  }

  private learnToken(raw: string): number {
    const word = normalizeToken(raw);
    if (word === null) {
      this.tokenIndex.set(raw, DROPPED);
      return DROPPED;
    }
    // Different raw tokens can normalise to one word ("can't", "cannot" → "not").
    const id = this.wordIdOf(word);
    this.tokenIndex.set(raw, id);
    return id;
  }

  private readonly wordIds = new Map<string, number>();

  private wordIdOf(word: string): number {
    let id = this.wordIds.get(word);
    if (id !== undefined) return id;
    id = this.words.length;
    this.words.push(word);
    this.wordStem.push(this.stemIdOf(word));
    this.wordIds.set(word, id);
    if (id >= this.wordCount.length) {
      const grown = new Float64Array(this.wordCount.length * 2);
      grown.set(this.wordCount);
      this.wordCount = grown;
    }
    return id;
  }
}

/**
 * Whether `word` (seen `count` times) is a better surface form than `current` (seen
 * `currentCount` times): more frequent wins, then shorter ("card" over "cards"), then alphabetical.
 */
export function preferSurface(word: string, count: number, current: string, currentCount: number): boolean {
  if (count !== currentCount) return count > currentCount;
  if (word.length !== current.length) return word.length < current.length;
  return word < current;
}

/** Documents as runs of word ids: doc i is tokens[offsets[i] .. offsets[i + 1]). */
export interface TokenizedCorpus {
  offsets: Int32Array;
  /** Doc i's first line (its subject, or opening line) is tokens[offsets[i] .. headEnds[i]). */
  headEnds: Int32Array;
  tokens: Int32Array;
  /** Stem id of each word id in `tokens`. */
  wordStem: Int32Array;
  analyzer: TermAnalyzer;
}

/** Tokenizes every text with one shared analyzer (and so one stem cache). */
export function tokenizeCorpus(texts: readonly string[], analyzer = new TermAnalyzer()): TokenizedCorpus {
  const offsets = new Int32Array(texts.length + 1);
  const headEnds = new Int32Array(texts.length);
  const sink = new IntBuffer(Math.max(1024, texts.length * 16));
  for (let i = 0; i < texts.length; i++) {
    headEnds[i] = analyzer.analyzeInto(texts[i] ?? '', sink);
    offsets[i + 1] = sink.length;
  }
  return { offsets, headEnds, tokens: sink.toArray(), wordStem: analyzer.wordStems(), analyzer };
}
