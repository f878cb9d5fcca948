/**
 * The "fix signature" of a recurring topic: the resolution text (or last agent note) that most
 * of its episodes share, e.g. "restart export worker batch-03" in 4 of 4 episodes. Texts are
 * compared as sets of word 3-shingles with Jaccard similarity (Broder 1997, "On the resemblance
 * and containment of documents"), after light normalisation so that the batch number, ticket
 * ids, names in greetings and word endings do not hide that two notes say the same thing.
 */

import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as stopWordList } from 'natural/lib/natural/util/stopwords.js';

export interface FixSignature {
  /** A representative original text (whitespace collapsed, at most 100 characters). */
  text: string;
  /** Episodes with at least one ticket whose text matches. */
  episodes: number;
  /** episodes / number of episodes. */
  share: number;
  /** Tickets (in the episodes) whose text matches. */
  tickets: number;
}

export interface FixSignatureOptions {
  /** Jaccard similarity from which two texts count as the same fix (default 0.4). */
  minSimilarity?: number;
  /** Fewest episodes a signature must cover (default 2: one episode is an anecdote). */
  minEpisodes?: number;
  /**
   * A candidate is rejected when it matches texts of *other* topics at more than a third of
   * the rate it matches this topic's texts: "Closing due to inactivity" is shared by every
   * episode of everything, and is not a fix.
   */
  maxBackgroundRatio?: number;
}

const SHINGLE = 3;
const MAX_TEXTS_PER_EPISODE = 400;
const CANDIDATES_PER_EPISODE = 3;
const MEDOID_SAMPLE = 40;
const DISPLAY_LENGTH = 100;
const MIN_WORDS = 3;

// Keep negations: "did not restart" and "restart" are different fixes.
const STOP_WORDS = new Set(stopWordList.filter((w) => !['not', 'no', 'never'].includes(w) && !/^\d$/.test(w)));

// Porter stemming costs microseconds a word and notes repeat their words: stems are remembered
// (up to a bound, so a stream of distinct tokens cannot grow the cache without limit).
const STEMS = new Map<string, string>();
const MAX_CACHED_STEMS = 50_000;

function stem(word: string): string {
  let stemmed = STEMS.get(word);
  if (stemmed === undefined) {
    stemmed = PorterStemmer.stem(word);
    if (STEMS.size >= MAX_CACHED_STEMS) STEMS.clear();
    STEMS.set(word, stemmed);
  }
  return stemmed;
}

const isWordChar = (code: number) =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;

/**
 * An e-mail address at the start of a run of non-space characters becomes " email ": what
 * `/\S+@\S+\.\w+/` replaces, found without the regex, which retries every `@` against every
 * `.` of the run (cubic on a long run of them). The match starts at the run's start, has an `@`
 * after its first character, and ends after the word following the run's last `.` that is
 * followed by a word character and comes at least two characters after that `@`.
 */
function addressToWord(run: string): string {
  const at = run.indexOf('@', 1);
  if (at < 0) return run;
  let dot = run.length - 2;
  while (dot >= at + 2 && !(run.charCodeAt(dot) === 46 && isWordChar(run.charCodeAt(dot + 1)))) dot--;
  if (dot < at + 2) return run;
  let end = dot + 1;
  while (end < run.length && isWordChar(run.charCodeAt(end))) end++;
  return ' email ' + run.slice(end);
}

/**
 * Normalised tokens of a resolution text: lower case, URLs / e-mails / @mentions / the name after
 * a greeting replaced or dropped, numbers and long ids → "#", stop words dropped, Porter stems.
 */
export function normalizeFixText(text: string): string[] {
  let cleaned = text.toLowerCase().replace(/https?:\/\/\S+/g, ' url ');
  if (cleaned.includes('@')) cleaned = cleaned.replace(/\S+/g, addressToWord);
  cleaned = cleaned
    .replace(/@\w+/g, ' user ')
    .replace(/\b(hi|hello|hey|dear)\s+[a-z]+/g, ' ')
    .replace(/\b(regards|cheers|thanks|thank you|best)[\s,.!]+[a-z]+[.!]*\s*$/g, ' ');
  const tokens: string[] = [];
  for (const raw of cleaned.match(/[a-z0-9]+/g) ?? []) {
    const digits = raw.replace(/\D/g, '').length;
    if (digits === raw.length || (digits >= 2 && raw.length >= 6)) tokens.push('#');
    else if (!STOP_WORDS.has(raw)) tokens.push(stem(raw));
  }
  return tokens;
}

/** Word k-shingles of a token list; a text shorter than k is one shingle of all its words. */
export function shingleSet(tokens: readonly string[], size = SHINGLE): Set<string> {
  const set = new Set<string>();
  if (tokens.length === 0) return set;
  if (tokens.length < size) {
    set.add(tokens.join(' '));
    return set;
  }
  for (let i = 0; i + size <= tokens.length; i++) set.add(tokens.slice(i, i + size).join(' '));
  return set;
}

/** |A ∩ B| / |A ∪ B|; 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}

interface Text {
  original: string;
  shingles: Set<string>;
  /** Normalised words other than "#". */
  words: number;
}

function prepare(texts: readonly (string | null | undefined)[], limit: number): Text[] {
  const present = texts.filter((t): t is string => typeof t === 'string' && t.trim().length > 0);
  const step = Math.max(1, present.length / limit);
  const result: Text[] = [];
  // An evenly spaced sample keeps huge episodes affordable without favouring their first days.
  for (let k = 0; k < limit; k++) {
    const i = Math.floor(k * step);
    if (i >= present.length) break;
    const tokens = normalizeFixText(present[i]);
    result.push({ original: present[i], shingles: shingleSet(tokens), words: tokens.filter((t) => t !== '#').length });
  }
  return result;
}

/** The texts of an episode most similar to the rest of it (sum of Jaccard over a sample). */
function episodeCandidates(texts: readonly Text[]): Text[] {
  const sample = texts.length <= MEDOID_SAMPLE ? texts : texts.filter((_, i) => i % Math.ceil(texts.length / MEDOID_SAMPLE) === 0);
  return sample
    .map((t) => ({ t, score: sample.reduce((sum, other) => sum + jaccard(t.shingles, other.shingles), 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, CANDIDATES_PER_EPISODE)
    .map((c) => c.t);
}

/**
 * The resolution text shared by the most episodes, or null when none covers `minEpisodes`.
 * `episodeTexts[i]` are the resolution texts of episode i's tickets; `backgroundTexts` a sample of
 * other topics' resolution texts, used to reject boilerplate. Ties go to the text matching more tickets.
 */
export function findFixSignature(
  episodeTexts: readonly (readonly (string | null | undefined)[])[],
  backgroundTexts: readonly (string | null | undefined)[] = [],
  options: FixSignatureOptions = {},
): FixSignature | null {
  const minSimilarity = options.minSimilarity ?? 0.4;
  const minEpisodes = options.minEpisodes ?? 2;
  const maxBackgroundRatio = options.maxBackgroundRatio ?? 1 / 3;
  const episodes = episodeTexts.map((texts) => prepare(texts, MAX_TEXTS_PER_EPISODE));
  const background = prepare(backgroundTexts, MAX_TEXTS_PER_EPISODE);
  const allTexts = episodes.flat();
  if (allTexts.length === 0) return null;

  const seen = new Set<string>();
  let best: (FixSignature & { matchRate: number }) | null = null;
  for (const candidate of episodes.flatMap(episodeCandidates)) {
    // A fix has to say something: "Duplicate of #123" or "Done" is not a signature.
    if (candidate.words < MIN_WORDS) continue;
    const key = [...candidate.shingles].sort().join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const matches = (t: Text) => jaccard(candidate.shingles, t.shingles) >= minSimilarity;
    const covered = episodes.filter((texts) => texts.some(matches)).length;
    if (covered < minEpisodes) continue;
    const tickets = allTexts.filter(matches).length;
    const matchRate = tickets / allTexts.length;
    if (background.length > 0 && background.filter(matches).length / background.length > maxBackgroundRatio * matchRate) continue;
    if (!best || covered > best.episodes || (covered === best.episodes && matchRate > best.matchRate)) {
      best = { text: display(candidate.original), episodes: covered, share: covered / episodes.length, tickets, matchRate };
    }
  }
  if (!best) return null;
  const { matchRate: _, ...signature } = best;
  return signature;
}

function display(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed.length <= DISPLAY_LENGTH ? collapsed : `${collapsed.slice(0, DISPLAY_LENGTH - 1)}…`;
}
