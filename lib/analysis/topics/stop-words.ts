/**
 * Which words carry no topic: natural's English list, minus the words that do carry meaning
 * in support text, plus the politeness and boilerplate vocabulary of tickets.
 */
import { words as naturalStopWords } from 'natural/lib/natural/util/stopwords.js';

/**
 * Negations are folded into one token, "not", so "can't log in", "cannot log in" and
 * "unable to log in" all yield the bigram "not log". Dropping them (as most English stop
 * lists do) would put "card arrived" and "card has not arrived" in the same topic.
 */
export const NEGATION_TOKEN = 'not';
export const NEGATIONS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'cannot', 'nor', 'unable', 'cant', 'dont', 'doesnt', 'didnt', 'isnt',
  'wasnt', 'arent', 'werent', 'wont', 'wouldnt', 'couldnt', 'shouldnt', 'havent', 'hasnt', 'hadnt',
  'aint',
]);

/** Particles and adverbs that change what a support request means ("log out", "back up", "top up"). */
export const MEANINGFUL_SHORT_WORDS: ReadonlySet<string> = new Set([
  'up', 'back', 'top', 'down', 'off', 'out', 'again',
]);

/** Greetings, sign-offs, politeness and filler that every ticket contains whatever its topic. */
export const SUPPORT_STOP_WORDS: readonly string[] = [
  'hi', 'hello', 'hey', 'hiya', 'dear', 'greetings', 'morning', 'afternoon', 'evening',
  'please', 'pls', 'plz', 'kindly', 'thanks', 'thank', 'thx', 'ty', 'tia', 'cheers', 'regards',
  'sincerely', 'best', 'appreciate', 'appreciated', 'asap', 'sir', 'madam',
  'im', 'ive', 'id', 'youre', 'thats', 'theres', 'whats', 'lets', 'ok', 'okay',
  'just', 'also', 'really', 'actually', 'currently', 'would', 'could', 'should', 'will', 'shall',
  'may', 'even', 'yet', 'already', 'anyone', 'someone', 'something', 'anything', 'everything',
  'us', 'one', 'etc', 'eg', 'ie', 'via', 'hopefully', 'possible', 'need', 'want', 'wanted',
  'know', 'let', 'tell', 'help', 'question', 'wondering', 'issue', 'problem',
];

function buildStopSet(): Set<string> {
  const set = new Set<string>(naturalStopWords);
  for (const w of NEGATIONS) set.delete(w);
  for (const w of MEANINGFUL_SHORT_WORDS) set.delete(w);
  for (const w of SUPPORT_STOP_WORDS) set.add(w);
  return set;
}

/** Lower-case surface words that never become terms (checked before stemming). */
export const STOP_WORDS: ReadonlySet<string> = buildStopSet();
