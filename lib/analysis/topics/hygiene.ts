/**
 * Text hygiene that needs the whole export: what recurs across tickets whatever their topic.
 *
 *  - The desk's own accounts. An @handle found in a large share of tickets is an account people
 *    write to ("@AcmeCare my order…"), not a word about the problem: left as a word, labels read
 *    "acmecare, order". It is kept as one marker token (`accountToken`) — which desk or product
 *    was addressed, a fair hint on a desk serving several brands and gone by max-df on a desk
 *    serving one — never shown in a label or keyword. A handle people also write as a plain word
 *    ("@YouTube", "youtube") is that word too. A #tag naming such an account is the same marker.
 *  - Boilerplate lines: web-form headers, channel banners, disclaimers, signatures of a large
 *    customer, helpdesk footers ("[Created via API]", "Submitted from the mobile app"). A line
 *    is boilerplate when it recurs in many tickets and the tickets carrying it are no more alike
 *    than any two tickets: a line tied to a problem ("Password reset email not arriving") makes
 *    its tickets share their other words too, a disclaimer does not.
 *
 * `learnHygiene` reads a sample of the texts once; the rules it returns are plain data stored
 * with the topic model, so tickets assigned later are cleaned exactly like the ones clustered.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { sampleIndices, seededRandom } from '@/lib/analysis/random';
import { cleanTicketText } from './clean';
import { classifyLine } from './line-shape';
import { STOP_WORDS } from './stop-words';
import type { TokenizedCorpus } from './text';

export interface HygieneRules {
  /** Lower-case handles (without @ or #) of the desk's own accounts. */
  handles: string[];
  /**
   * The handles people also write as a plain word ("@YouTube" and "youtube"): such a handle is
   * that word as well as the account (a product's name), while "@AcmeCare" is only an account.
   * Absent in rules learned before it existed.
   */
  namedHandles?: string[];
  /** Normalised lines (see normaliseLine) that are boilerplate. */
  boilerplate: string[];
}

export const EMPTY_HYGIENE_RULES: HygieneRules = { handles: [], boilerplate: [] };

export interface HygieneOptions {
  /** Texts read to learn the rules (a random sample of them when there are more). */
  sampleSize: number;
  /** A handle in at least this share of tickets (and at least `minTickets`) is the desk's. */
  handleShare: number;
  /** A line in at least this share of tickets (and at least `minTickets`) is a candidate. */
  lineShare: number;
  minTickets: number;
  /**
   * Boilerplate when the tickets sharing the line are at most this many times more alike
   * (Jaccard of their other words) than random pairs of tickets.
   */
  maxLift: number;
  seed: number;
}

export const DEFAULT_HYGIENE_OPTIONS: HygieneOptions = {
  sampleSize: 10_000,
  handleShare: 0.005,
  lineShare: 0.003,
  minTickets: 3,
  maxLift: 2.5,
  seed: 42,
};

const HANDLE = /(^|[^\w@.])[@#](\w{1,30})/g;
const HANDLE_HINT = /(?:^|[^\w@.])@\w/;
const LEADING_TAG = /^[ \t]*\[[^\]\n]{1,40}\][ \t]*/;
const MIN_LINE_CHARS = 8;
/** Tickets compared per candidate line, and random tickets for the baseline. */
const LIFT_SAMPLE = 40;
const MAX_CANDIDATES = 300;
/** Words in more than this share of tickets say nothing about whether two tickets are alike. */
const COMMON_WORD_SHARE = 0.05;

/** A line as boilerplate is compared: case, digits and spacing do not matter. */
export function normaliseLine(line: string): string {
  // One pass (this runs on every line of every ticket): lower-case, a run of digits becomes 0,
  // a run of white space one space; leading and trailing punctuation and spaces go.
  let out = '';
  let pendingSpace = false;
  let inDigits = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 160) {
      pendingSpace = out.length > 0;
      inDigits = false;
      continue;
    }
    if (out.length === 0 && LEADING_TRIM.has(c)) continue;
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    if (c >= 48 && c <= 57) {
      if (!inDigits) out += '0';
      inDigits = true;
      continue;
    }
    inDigits = false;
    out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : c < 128 ? line[i] : line[i].toLowerCase();
  }
  let end = out.length;
  while (end > 0 && TRAILING_TRIM.has(out.charCodeAt(end - 1))) end--;
  return end === out.length ? out : out.slice(0, end);
}

const LEADING_TRIM = new Set([...'-–—•*>:|'].map((ch) => ch.charCodeAt(0)));
const TRAILING_TRIM = new Set([...' .,;:!?|'].map((ch) => ch.charCodeAt(0)));

function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/[\p{L}][\p{L}\p{N}']+/gu)) if (!STOP_WORDS.has(match[0])) words.add(match[0]);
  return words;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const w of small) if (large.has(w)) common++;
  return common / (a.size + b.size - common);
}

function meanPairwiseJaccard(sets: Set<string>[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      sum += jaccard(sets[i], sets[j]);
      pairs++;
    }
  }
  return pairs > 0 ? sum / pairs : 0;
}

/** Learns the desk's handles and the boilerplate lines of an export from (a sample of) its texts. */
export function learnHygiene(texts: readonly string[], options: Partial<HygieneOptions> = {}): HygieneRules {
  const o = { ...DEFAULT_HYGIENE_OPTIONS, ...options };
  const random = seededRandom(o.seed);
  const sample = texts.length > o.sampleSize ? Array.from(sampleIndices(texts.length, o.sampleSize, random), (i) => texts[i]) : texts;
  const n = sample.length;
  if (n === 0) return EMPTY_HYGIENE_RULES;

  // Handles, from the raw text (cleaning drops the ones opening a message, the clearest sign of
  // an account people write to), in lines of prose: "@Override" in pasted code is no account.
  const handleTickets = new Map<string, number>();
  for (const text of sample) {
    if (!HANDLE_HINT.test(text)) continue; // e-mail addresses have a word before their @
    const seen = new Set<string>();
    for (const line of text.split('\n')) {
      if (!line.includes('@') || classifyLine(line) === 'machine' || line.trim().split(/\s+/).length < 3) continue;
      for (const match of line.matchAll(HANDLE)) {
        if (line[match.index + match[1].length] === '@') seen.add(match[2].toLowerCase());
      }
    }
    for (const h of seen) handleTickets.set(h, (handleTickets.get(h) ?? 0) + 1);
  }
  const handleFloor = Math.max(o.minTickets, o.handleShare * n);
  const handles = [...handleTickets].filter(([, count]) => count >= handleFloor).map(([h]) => h).sort();
  const namedHandles = handles.filter((h) => {
    const word = new RegExp(`(?:^|[^\\w@#])${h}(?![\\w])`, 'i');
    let tickets = 0;
    for (const text of sample) if (text.toLowerCase().includes(h) && word.test(text) && ++tickets >= o.minTickets) return true;
    return false;
  });

  // Lines recurring across tickets, and bracketed tags opening a line ("[Zendesk] …").
  const cleaned = sample.map((text) => markHandles(cleanTicketText(text), new Set(handles), new Set(namedHandles)));
  const firstLineTickets = new Map<string, number>();
  const linesOf = cleaned.map((text) => {
    const units = new Set<string>();
    let first = true;
    for (const line of text.split('\n')) {
      const key = normaliseLine(line);
      if (key.length === 0) continue;
      const tag = LEADING_TAG.exec(line);
      if (tag && tag[0].length < line.trim().length) units.add(normaliseLine(tag[0]));
      if (key.length >= MIN_LINE_CHARS && /\p{L}{2}/u.test(key)) {
        units.add(key);
        if (first) firstLineTickets.set(key, (firstLineTickets.get(key) ?? 0) + 1);
      }
      first = false;
    }
    return units;
  });
  const lineTickets = new Map<string, number[]>();
  linesOf.forEach((lines, t) => {
    for (const line of lines) {
      const list = lineTickets.get(line);
      if (list) list.push(t);
      else lineTickets.set(line, [t]);
    }
  });
  const lineFloor = Math.max(o.minTickets, o.lineShare * n);
  const candidates = [...lineTickets]
    .filter(([, tickets]) => tickets.length >= lineFloor)
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_CANDIDATES);
  if (candidates.length === 0) return { handles, namedHandles, boilerplate: [] };

  // The other words of a ticket: everything but the candidate lines (boilerplate lines travel
  // together, "[Created via API]" with "Source: feedback widget", and would vouch for each other).
  const candidateSet = new Set(candidates.map(([line]) => line));
  const otherWords = (t: number) =>
    contentWords(
      cleaned[t]
        .split('\n')
        .filter((line) => !candidateSet.has(normaliseLine(line)))
        .join('\n'),
    );
  // Only words that are not everywhere count: two tickets sharing "account" and "app" are not
  // alike, two sharing "invoice" and "pdf" are. Frequencies from a random part of the sample.
  const frequency = new Map<string, number>();
  const probe = Array.from(sampleIndices(n, Math.min(n, 2_000), random));
  for (const t of probe) for (const w of otherWords(t)) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const commonFloor = Math.max(2, COMMON_WORD_SHARE * probe.length);
  const wordCache = new Map<number, Set<string>>();
  const wordsOf = (t: number) => {
    let words = wordCache.get(t);
    if (!words) {
      words = new Set([...otherWords(t)].filter((w) => (frequency.get(w) ?? 0) < commonFloor));
      wordCache.set(t, words);
    }
    return words;
  };
  const pick = (tickets: readonly number[]) =>
    tickets.length <= LIFT_SAMPLE ? tickets : Array.from(sampleIndices(tickets.length, LIFT_SAMPLE, random), (i) => tickets[i]);
  const baselineSets = Array.from(sampleIndices(n, Math.min(n, LIFT_SAMPLE * 3), random), wordsOf).filter((s) => s.size > 0);
  const baseline = meanPairwiseJaccard(baselineSets);

  const boilerplate: string[] = [];
  for (const [line, tickets] of candidates) {
    // The first line of most of its tickets is their subject: the customer's own summary.
    if ((firstLineTickets.get(line) ?? 0) >= tickets.length / 2) continue;
    const sets = pick(tickets)
      .map(wordsOf)
      .filter((s) => s.size > 0);
    // A line that is most of its tickets (a repeated one-line request) is the request itself.
    if (sets.length < Math.min(tickets.length, LIFT_SAMPLE) / 2 || sets.length < 3) continue;
    const lift = meanPairwiseJaccard(sets) / Math.max(baseline, 1e-6);
    if (lift <= o.maxLift) boilerplate.push(line);
  }
  return { handles, namedHandles, boilerplate: boilerplate.sort() };
}

/** Stem ids of the rules' account tokens in a corpus (to keep them out of labels and keywords). */
export function accountStems(rules: HygieneRules, corpus: TokenizedCorpus): Set<number> {
  const ids = new Set<number>();
  for (const handle of rules.handles) {
    const id = corpus.analyzer.findStem(PorterStemmer.stem(accountToken(handle)));
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

/** The one token an account's handle becomes: letters and digits only, so no tokenizer splits it. */
export function accountToken(handle: string): string {
  return `acct${handle.toLowerCase().replace(/[^a-z0-9]/g, '')}`.slice(0, 25);
}

function markHandles(text: string, handles: ReadonlySet<string>, named: ReadonlySet<string>): string {
  if (handles.size === 0 || (!text.includes('@') && !text.includes('#'))) return text;
  return text.replace(HANDLE, (match, before: string, handle: string) => {
    const key = handle.toLowerCase();
    if (!handles.has(key)) return match;
    return named.has(key) ? `${before} ${handle} ${accountToken(key)} ` : `${before} ${accountToken(key)} `;
  });
}

/**
 * The cleaner topic discovery tokenizes with: `cleanTicketText`, then the export's learned
 * rules (the desk's handles and tags as marker tokens, boilerplate lines dropped).
 */
export class TextCleaner {
  private readonly handles: ReadonlySet<string>;
  private readonly named: ReadonlySet<string>;
  private readonly boilerplate: ReadonlySet<string>;

  /** First character of each boilerplate line, and the longest one: most lines are ruled out by these. */
  private readonly firstChars: ReadonlySet<string>;
  private readonly longest: number;

  constructor(readonly rules: HygieneRules = EMPTY_HYGIENE_RULES) {
    this.handles = new Set(rules.handles);
    this.named = new Set(rules.namedHandles ?? []);
    this.boilerplate = new Set(rules.boilerplate);
    this.firstChars = new Set(rules.boilerplate.map((line) => line[0]));
    this.longest = Math.max(0, ...rules.boilerplate.map((line) => line.length));
  }

  private isBoilerplate(line: string): boolean {
    let i = 0;
    while (i < line.length && (line.charCodeAt(i) <= 32 || LEADING_TRIM.has(line.charCodeAt(i)))) i++;
    if (i === line.length) return false;
    if (!this.firstChars.has(line[i].toLowerCase()) && !(line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57 && this.firstChars.has('0'))) return false;
    // Digits and spaces only shrink in normalisation; a line far longer than any boilerplate is not one.
    if (line.length - i > this.longest * 3 + 20) return false;
    return this.boilerplate.has(normaliseLine(line));
  }

  clean(raw: string): string {
    let text = markHandles(cleanTicketText(raw), this.handles, this.named);
    if (this.boilerplate.size > 0) {
      const lines = text.split('\n');
      let changed = false;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (line.length === 0) continue;
        if (this.isBoilerplate(line)) {
          lines[i] = '';
          changed = true;
          continue;
        }
        const tag = line.charCodeAt(0) === 91 || line.trimStart().startsWith('[') ? LEADING_TAG.exec(line) : null;
        if (tag && this.boilerplate.has(normaliseLine(tag[0]))) {
          lines[i] = line.slice(tag[0].length);
          changed = true;
        }
      }
      if (changed) text = lines.join('\n');
    }
    return text;
  }
}
