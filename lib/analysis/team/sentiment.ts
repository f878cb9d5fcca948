/**
 * Tone of what *customers* wrote, to measure how much hostility each agent absorbs.
 *
 * Only customer text is ever scored — never the agent's replies: the point is exposure to
 * hostile customers (Grandey, Dickter & Sin 2004, "The customer is not always right: customer
 * aggression and emotion regulation of service employees", J. Organizational Behavior 25:397),
 * not a judgement of how agents write.
 *
 * Lexicon: AFINN-165 (Nielsen 2011) through natural's SentimentAnalyzer, imported by deep path
 * (the `natural` root loads database clients). Two adjustments make it fit support tickets:
 *  - words that *name the problem* ("error", "failed", "charged", "missing"…) are neutral here:
 *    every ticket describes a problem, and AFINN would otherwise call nearly all of them negative;
 *  - negation ("not", "no", "never", "…n't") reaches only the next three words of its clause and
 *    is scaled by −0.74, as in VADER (Hutto & Gilbert 2014), instead of flipping the whole rest of
 *    the text as natural does — so words are looked up one at a time through the analyzer.
 */
import SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

/**
 * A text at or below this mean AFINN score per word counts as negative in tone. It flags outright
 * hostility ("this is ridiculous, worst service ever") but not a plain problem report ("my card
 * payment failed, please help"). Calibrated on public data
 * (test/analysis/team/sentiment-calibration.test.ts): 1.4% of banking77's neutral questions and
 * 9.3% of the customer tweets in IBM's twitter-customer-care set read as negative.
 */
export const NEGATIVE_TONE_THRESHOLD = -0.15;
/** A single word this negative marks the text as hostile whatever its length. */
export const STRONG_WORD_SCORE = -3;

/** Words that describe the technical problem, not the customer's tone. */
const PROBLEM_WORDS = [
  // failures
  'error', 'errors', 'problem', 'problems', 'issue', 'fail', 'fails', 'failed', 'failing', 'failure',
  'crash', 'crashed', 'crashes', 'broke', 'broken', 'bad', 'wrong', 'stuck', 'unable', 'lag',
  'stop', 'stopped', 'kill', 'killed', 'dead', 'die', 'interruption', 'unsuccessful', 'prevent',
  // accounts and money
  'lost', 'lose', 'loss', 'missing', 'denied', 'declined', 'block', 'blocked', 'limited', 'restriction',
  'suspended', 'suspend', 'banned', 'hacked', 'attack', 'fraud', 'fraudulent', 'suspicious', 'stolen',
  'stole', 'steal', 'charged', 'pay', 'refund', 'withdrawal', 'withdraw', 'cancel', 'cancelled',
  'canceled', 'pending', 'delay', 'delayed',
  // the situation rather than the tone
  'urgent', 'warning', 'risk', 'trouble', 'difficult', 'mistake', 'accident', 'accidentally', 'forgot',
  'forget', 'forgotten', 'worried', 'unsure', 'confused', 'sorry',
];

const NEGATIONS = new Set(['not', 'no', 'never', 'neither', 'nor', 'without']);
const NEGATION_SCOPE = 3;
/** VADER's N_SCALAR: "not good" is milder than "bad". */
const NEGATION_SCALAR = -0.74;
const CACHE_LIMIT = 50_000;

let analyzer: SentimentAnalyzer | null = null;
let problemStems: Set<string> | null = null;
const cache = new Map<string, ToneScore>();
const wordCache = new Map<string, number>();

function getAnalyzer(): SentimentAnalyzer {
  // No stemmer in the lexicon lookup: AFINN-165 already lists inflections, and a stemmed
  // vocabulary makes false matches ("use" → "us" ← "useful", +2).
  analyzer ??= new SentimentAnalyzer('English', null, 'afinn');
  return analyzer;
}

function isProblemWord(token: string): boolean {
  problemStems ??= new Set(PROBLEM_WORDS.map((w) => PorterStemmer.stem(w)));
  return problemStems.has(PorterStemmer.stem(token));
}

/** AFINN value of one word as the analyzer sees it, 0 for problem words (matched by stem). */
function wordValue(sentiment: SentimentAnalyzer, word: string): number {
  let value = wordCache.get(word);
  if (value === undefined) {
    value = isProblemWord(word) ? 0 : sentiment.getSentiment([word]);
    if (wordCache.size >= CACHE_LIMIT) wordCache.clear();
    wordCache.set(word, value);
  }
  return value;
}

/** Lower-case words; "can't" → "can", "not" so that negation is seen. Clauses split on punctuation. */
export function tokenizeClauses(text: string): string[][] {
  const clauses: string[][] = [];
  for (const clause of text.toLowerCase().replace(/[’‘`]/g, "'").split(/[.!?;:,()\n\r]+/)) {
    const words: string[] = [];
    for (const m of clause.matchAll(/[a-z]+(?:'[a-z]+)?/g)) {
      const w = m[0];
      if (w.endsWith("n't")) words.push(w === "won't" ? 'will' : w === "can't" ? 'can' : w.slice(0, -3), 'not');
      else words.push(w);
    }
    if (words.length > 0) clauses.push(words);
  }
  return clauses;
}

export interface ToneScore {
  /** Sum of word scores over the number of words (AFINN points per word). */
  mean: number;
  /** The most negative single (negation-adjusted) word score, 0 when none is negative. */
  strongest: number;
}

function scoreUncached(text: string): ToneScore {
  const sentiment = getAnalyzer();
  let sum = 0;
  let count = 0;
  let strongest = 0;
  for (const words of tokenizeClauses(text)) {
    count += words.length;
    let negatedFor = 0;
    for (const word of words) {
      if (NEGATIONS.has(word)) {
        negatedFor = NEGATION_SCOPE;
        continue;
      }
      // One word at a time: the analyzer does the (stemmed) AFINN lookup, negation is ours.
      let value = wordValue(sentiment, word);
      if (negatedFor > 0) {
        value *= NEGATION_SCALAR;
        negatedFor--;
      }
      sum += value;
      if (value < strongest) strongest = value;
    }
  }
  return { mean: count === 0 ? 0 : sum / count, strongest };
}

/** Tone of a customer's text (all zero for empty text); cached by text. */
export function customerTone(text: string): ToneScore {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const score = scoreUncached(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, score);
  return score;
}

/**
 * True when a customer's text reads as hostile: a negative mean per word (≤ NEGATIVE_TONE_THRESHOLD)
 * or one strongly negative word (AFINN ≤ −3: "hate", "worst", "ridiculous", profanity) that a
 * long message would otherwise dilute.
 */
export function isNegativeTone(text: string): boolean {
  const tone = customerTone(text);
  return tone.mean <= NEGATIVE_TONE_THRESHOLD || tone.strongest <= STRONG_WORD_SCORE;
}
