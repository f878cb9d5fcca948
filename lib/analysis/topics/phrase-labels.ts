/**
 * Labels a planner can read: the phrase a group's tickets share in their subjects (or opening
 * lines), in the words customers wrote — "Blank PDF invoices", "API rate limit (429)" — rather
 * than a pair of c-TF-IDF keywords ("renders, pdf invoice").
 *
 * Candidates are runs of up to four content words from the members' first lines. Each is scored
 * by how many members contain all its words anywhere (coverage: a label must be supported by
 * most of its tickets), how much of its use falls in this group (precision against the other
 * groups, the same idea as c-TF-IDF's class weighting), and a small bonus per word; the best one
 * then grows by a word while the longer phrase keeps half its coverage ("Markers" → "Directory
 * markers": a longer phrase says more when it is still what most members say). The chosen phrase is shown as customers most
 * often wrote it, stop words and casing included ("can't log in with SSO"), and a frequent code
 * the phrase lacks (an HTTP status, an error number) is added in parentheses.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { sampleIndices } from '@/lib/analysis/random';
import { PairTable } from './pair-table';
import { NEGATION_TOKEN, STOP_WORDS } from './stop-words';
import { BOUNDARY, normalizeToken, type TokenizedCorpus } from './text';

export interface PhraseLabelOptions {
  /** Longest phrase, in content words. */
  maxWords: number;
  /** Members per group read for the scores (a random sample when larger). */
  sampleSize: number;
  /** Candidate phrases per group checked against the members' full texts. */
  candidates: number;
  /** A phrase needs at least this share of the members to contain it. */
  minCoverage: number;
  /** …and at least this share of its use to fall in the group ("file", "fails" fall everywhere). */
  minPrecision: number;
  /** …and to open at least this share of the members (a label comes from subjects and first lines). */
  minHeadShare: number;
  /** Bonus per word beyond the first. */
  lengthBonus: number;
  /** The phrase grows by a word while the longer one keeps this share of its coverage. */
  extendShare: number;
  /** A code joins the label in parentheses from this coverage on. */
  codeCoverage: number;
  /**
   * Where candidate phrases come from: the members' first lines (a topic is what its subjects
   * say), or their whole texts (a theme's common ground is often below its topics' subjects).
   */
  source: 'head' | 'text';
  /** Longest label as written, in words (stop words included). */
  maxSpanWords: number;
  seed: number;
}

export const DEFAULT_PHRASE_LABEL_OPTIONS: PhraseLabelOptions = {
  maxWords: 4,
  sampleSize: 400,
  candidates: 40,
  minCoverage: 0.2,
  minPrecision: 0,
  minHeadShare: 0,
  lengthBonus: 0.25,
  extendShare: 0.5,
  codeCoverage: 0.3,
  source: 'head',
  maxSpanWords: 7,
  seed: 42,
};

export interface PhraseLabel {
  /** The label as shown; null when no phrase is shared by enough members. */
  label: string | null;
  /** Stem ids of the phrase's content words (without the code in parentheses). */
  stems: number[];
  /** Share of the sampled members containing every word of the phrase. */
  coverage: number;
}

export interface PhraseLabelInput {
  corpus: TokenizedCorpus;
  /** The raw ticket texts, for the words and casing customers used. */
  texts: readonly string[];
  /** The cleaner the corpus was tokenized with. */
  clean: (raw: string) => string;
  /** Member documents of each group (all of them; sampled here). */
  groups: readonly ArrayLike<number>[];
  /** Stems never shown (the desk's account tokens, hygiene.ts). */
  hidden?: ReadonlySet<number>;
}

const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
/** Particles that complete a verb ("log in", "sign up"); stop words elsewhere, part of a label here. */
const PARTICLES: ReadonlySet<string> = new Set(['in', 'up', 'out', 'off', 'down']);
/** Words that may follow a phrase-final particle: "log in with SSO", "sign up to the trial". */
const PARTICLE_FOLLOWERS: ReadonlySet<string> = new Set(['to', 'with', 'via', 'using', 'again', 'because', 'after', 'since', 'anymore', 'any', 'at', 'as']);
/** What a label may contain between its words: spaces, apostrophes, hyphens, & + and /. */
const SPAN = /^[\p{L}\p{N}][\p{L}\p{N} '’&+/-]*$/u;

/** Sorted distinct stems of each listed document, for "contains all of" checks. */
class DocStems {
  readonly offsets: Int32Array;
  readonly stems: Int32Array;
  private readonly slot = new Map<number, number>();

  constructor(corpus: TokenizedCorpus, docs: readonly number[], stemCount: number, endOf: (doc: number) => number = (doc) => corpus.offsets[doc + 1]) {
    const seen = new Int32Array(stemCount).fill(-1);
    const offsets = new Int32Array(docs.length + 1);
    const out: number[] = [];
    docs.forEach((doc, i) => {
      this.slot.set(doc, i);
      const start = out.length;
      for (let p = corpus.offsets[doc]; p < endOf(doc); p++) {
        const w = corpus.tokens[p];
        if (w === BOUNDARY) continue;
        const s = corpus.wordStem[w];
        if (seen[s] !== i) {
          seen[s] = i;
          out.push(s);
        }
      }
      const sorted = out.slice(start).sort((a, b) => a - b);
      for (let j = 0; j < sorted.length; j++) out[start + j] = sorted[j];
      offsets[i + 1] = out.length;
    });
    this.offsets = offsets;
    this.stems = Int32Array.from(out);
  }

  has(doc: number, stem: number): boolean {
    const i = this.slot.get(doc)!;
    let lo = this.offsets[i];
    let hi = this.offsets[i + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.stems[mid];
      if (v === stem) return true;
      if (v < stem) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  hasAll(doc: number, stems: readonly number[]): boolean {
    for (const s of stems) if (!this.has(doc, s)) return false;
    return true;
  }

  /** Stems of one document (sorted). */
  of(doc: number): Int32Array {
    const i = this.slot.get(doc)!;
    return this.stems.subarray(this.offsets[i], this.offsets[i + 1]);
  }
}

interface Candidate {
  stems: number[];
  headShare: number;
  /** Share of members whose first line has the phrase's words (1 when not asked for). */
  firstLineShare: number;
  coverage: number;
  precision: number;
  score: number;
}

/** Labels for each group of documents (topics, or themes). Deterministic for a seed. */
export function phraseLabels(input: PhraseLabelInput, options: Partial<PhraseLabelOptions> = {}): PhraseLabel[] {
  const o = { ...DEFAULT_PHRASE_LABEL_OPTIONS, ...options };
  const { corpus } = input;
  const analyzer = corpus.analyzer;
  const stemCount = analyzer.stems.length;
  const notStem = analyzer.findStem(NEGATION_TOKEN) ?? -2;
  const hidden = input.hidden ?? new Set<number>();
  let seed = o.seed;
  const random = () => {
    // mulberry32: a small deterministic generator, one stream for all groups.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const samples = input.groups.map((members) => {
    const n = members.length;
    if (n <= o.sampleSize) return Array.from(members);
    return Array.from(sampleIndices(n, o.sampleSize, random), (i) => members[i]);
  });
  const allDocs = samples.flat();
  const docStems = new DocStems(corpus, allDocs, stemCount);
  const headStems = o.minHeadShare > 0 ? new DocStems(corpus, allDocs, stemCount, (doc) => corpus.headEnds[doc]) : null;
  const codeStem = Uint8Array.from(analyzer.stems.slice(0, stemCount), (stem) => (isCode(stem, 1) ? 1 : 0));

  // Weighted document frequency of each stem over all groups: a sampled member stands for
  // size / sample tickets of its group, so the estimate is in tickets whatever the sampling.
  const df = new Float64Array(stemCount);
  samples.forEach((docs, g) => {
    const weight = docs.length > 0 ? input.groups[g].length / docs.length : 0;
    for (const doc of docs) for (const s of docStems.of(doc)) df[s] += weight;
  });

  const grams = new PairTable(1 << 12);
  const stemsOf = (id: number): number[] => grams.stemsOf(id, stemCount);

  return samples.map((docs, g) => {
    const size = docs.length;
    if (size === 0) return { label: null, stems: [], coverage: 0 };
    const weight = input.groups[g].length / size;
    // Phrases of the first lines, counted once per document.
    const headCounts = new Map<number, number>();
    const lastDoc = new Map<number, number>();
    const window = new Int32Array(o.maxWords);
    docs.forEach((doc, d) => {
      let filled = 0;
      // Whole texts are read as far as their opening: a phrase is shown as written there.
      const end = o.source === 'head' ? corpus.headEnds[doc] : Math.min(corpus.offsets[doc + 1], corpus.offsets[doc] + OPENING_TOKENS);
      for (let p = corpus.offsets[doc]; p < end; p++) {
        const w = corpus.tokens[p];
        if (w === BOUNDARY) {
          filled = 0;
          continue;
        }
        for (let i = Math.min(filled, o.maxWords - 1); i > 0; i--) window[i] = window[i - 1];
        window[0] = corpus.wordStem[w];
        filled = Math.min(filled + 1, o.maxWords);
        for (let n = 1; n <= filled; n++) {
          let id = window[n - 1];
          for (let i = n - 2; i >= 0; i--) id = stemCount + grams.intern(id, window[i]);
          if (lastDoc.get(id) !== d) {
            lastDoc.set(id, d);
            headCounts.set(id, (headCounts.get(id) ?? 0) + 1);
          }
        }
      }
    });
    const floor = Math.max(2, Math.ceil(0.05 * size));
    const pool = [...headCounts]
      .filter(([, count]) => count >= Math.min(floor, size))
      .map(([id, count]) => ({ stems: stemsOf(id), count }))
      .filter(({ stems }) => readablePhrase(stems, notStem) && !stems.some((s) => hidden.has(s)))
      .sort((a, b) => b.count - a.count || b.stems.length - a.stems.length || compareStems(a.stems, b.stems))
      .slice(0, o.candidates);

    const scored: Candidate[] = pool.map(({ stems, count }) => {
      let covered = 0;
      for (const doc of docs) if (docStems.hasAll(doc, stems)) covered++;
      const coverage = covered / size;
      // Tickets anywhere containing the phrase ≤ those containing its rarest word.
      let everywhere = Number.POSITIVE_INFINITY;
      for (const s of stems) everywhere = Math.min(everywhere, df[s]);
      const precision = Math.min(1, (covered * weight) / Math.max(everywhere, 1e-9));
      const headShare = count / size;
      const score = ((coverage + headShare) / 2) * precision * (1 + o.lengthBonus * (stems.length - 1));
      let opening = 0;
      if (headStems) for (const doc of docs) if (headStems.hasAll(doc, stems)) opening++;
      return { stems, headShare, firstLineShare: headStems ? opening / size : 1, coverage, precision, score };
    });
    const eligible = scored.filter(
      (c) =>
        c.coverage >= o.minCoverage &&
        c.precision >= o.minPrecision &&
        c.firstLineShare >= o.minHeadShare &&
        !isCode(analyzer.stems[c.stems[0]], c.stems.length),
    );
    eligible.sort((a, b) => b.score - a.score || compareStems(a.stems, b.stems));
    // The best phrase members write as one span, grown by a word while most of them still say
    // the longer one ("Markers" → "Directory markers"). A phrase never written contiguously
    // (its words only co-occur) is no label: the next one is tried.
    let best: Candidate | null = null;
    let label: string | null = null;
    for (const start of eligible.slice(0, SURFACE_TRIES)) {
      const surface = surfacePhrase(input, docs, start.stems, random, docStems, o.maxSpanWords);
      if (surface === null) continue;
      best = start;
      label = surface;
      for (;;) {
        const current: Candidate = best;
        const longer = eligible.filter(
          (c) => c.stems.length === current.stems.length + 1 && current.stems.every((s) => c.stems.includes(s)) && c.coverage >= o.extendShare * current.coverage,
        );
        const next = longer.map((c) => ({ c, text: surfacePhrase(input, docs, c.stems, random, docStems, o.maxSpanWords) })).find((x) => x.text !== null);
        if (!next) break;
        best = next.c;
        label = next.text!;
      }
      break;
    }
    if (!best || label === null) return { label: null, stems: [], coverage: 0 };
    const chosen: Candidate = best;
    // A code most members mention anywhere and the phrase lacks: "API rate limit (429)".
    const codeCounts = new Map<number, number>();
    for (const doc of docs) {
      for (const stem of docStems.of(doc)) {
        if (codeStem[stem] === 1 && !chosen.stems.includes(stem) && !hidden.has(stem)) codeCounts.set(stem, (codeCounts.get(stem) ?? 0) + 1);
      }
    }
    const code = [...codeCounts]
      .map(([stem, count]) => ({ stem, coverage: count / size, precision: Math.min(1, (count * weight) / Math.max(df[stem], 1e-9)) }))
      .filter((c) => c.coverage >= o.codeCoverage && c.precision >= 0.5)
      .sort((a, b) => b.coverage - a.coverage || a.stem - b.stem)[0];
    if (code) label += ` (${surfaceWord(input, docs, code.stem, docStems) ?? analyzer.stems[code.stem]})`;
    return { label: capitalise(label), stems: chosen.stems, coverage: round(chosen.coverage) };
  });
}

/** No repeated word, no phrase ending in the negation or opening with it when short ("not log"). */
function readablePhrase(stems: number[], notStem: number): boolean {
  if (new Set(stems).size < stems.length) return false;
  if (stems[stems.length - 1] === notStem) return false;
  if (stems[0] === notStem && stems.length < 3) return false;
  return true;
}

/**
 * Numbers (HTTP and error codes) and tokens mixing letters and digits ("2fa", "s3"); not the
 * zeros of a thousands separator ("10,000" reads as "10" and "000").
 */
function isCode(stem: string, words: number): boolean {
  return words === 1 && /\d/.test(stem) && !/^0+$/.test(stem);
}

function compareStems(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * The phrase as members wrote it: the most frequent original span whose content words are the
 * phrase's stems in order (stop words in between kept: "log in with SSO"), in its most frequent
 * casing. Null when no member's text shows it as one span.
 */
function surfacePhrase(
  input: PhraseLabelInput,
  docs: readonly number[],
  stems: number[],
  random: () => number,
  docStems: DocStems,
  maxSpanWords: number,
): string | null {
  const analyzer = input.corpus.analyzer;
  const spans = new Map<string, Map<string, number>>();
  // Members containing the phrase's words, up to SURFACE_DOCS of them; their opening is enough
  // (the phrase comes from first lines) and cleaning a whole long ticket is not cheap.
  const containing = docs.filter((doc) => docStems.hasAll(doc, stems));
  const read = containing.length <= SURFACE_DOCS ? containing : Array.from(sampleIndices(containing.length, SURFACE_DOCS, random), (i) => containing[i]);
  for (const doc of read) {
    const opened = openingOf(input, doc);
    if (!opened) continue;
    const { text, lower, tokens } = opened;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].stem !== stems[0]) continue;
      let at = i;
      let matched = 1;
      for (let j = i + 1; j < tokens.length && matched < stems.length && j - at <= 3; j++) {
        if (tokens[j].stem === stems[matched]) {
          matched++;
          at = j;
        } else if (tokens[j].stem !== -1) break; // another content word: not this phrase
      }
      if (matched < stems.length) continue;
      // A particle right after the phrase belongs to it: "log in", "sign-in", "time out".
      let end = tokens[at].end;
      const next = tokens[at + 1];
      // Only where it ends the phrase: "log in." or "log in with SSO", not "typo in the docs".
      const after = tokens[at + 2];
      const closes =
        !after ||
        /[\n.!?;:,)]/.test(text.slice(next?.end ?? end, after.start)) ||
        PARTICLE_FOLLOWERS.has(lower.slice(after.start, after.end));
      if (next && closes && PARTICLES.has(lower.slice(next.start, next.end)) && /^(?:[ \t]+|-)$/.test(text.slice(end, next.start))) end = next.end;
      const original = text.slice(tokens[i].start, end);
      if (at - i + 1 > maxSpanWords || original.length > 60 || !SPAN.test(original)) continue;
      const key = original.toLowerCase().replace(/\s+/g, ' ');
      let variants = spans.get(key);
      if (!variants) spans.set(key, (variants = new Map()));
      const shown = original.replace(/\s+/g, ' ');
      variants.set(shown, (variants.get(shown) ?? 0) + 1);
      break;
    }
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [key, variants] of [...spans].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    let total = 0;
    for (const n of variants.values()) total += n;
    if (total > bestCount) {
      bestCount = total;
      best = key;
    }
  }
  return best === null ? null : preferredCasing(spans.get(best)!);
}

/** How members most often wrote one word ("PDF", "iOS"). */
function surfaceWord(input: PhraseLabelInput, docs: readonly number[], stem: number, docStems: DocStems): string | null {
  const variants = new Map<string, number>();
  for (const doc of docs.filter((d) => docStems.has(d, stem)).slice(0, SURFACE_DOCS)) {
    const text = openingOf(input, doc)?.text ?? '';
    for (const match of text.matchAll(TOKEN)) {
      const word = normalizeToken(match[0].toLowerCase());
      if (word !== null && input.corpus.analyzer.findStem(stemOf(word)) === stem) {
        variants.set(match[0], (variants.get(match[0]) ?? 0) + 1);
      }
    }
  }
  return variants.size > 0 ? preferredCasing(variants) : null;
}

/** Phrases tried, best first, before a group is left without a phrase label. */
const SURFACE_TRIES = 8;
/** Members read for how a phrase is written. */
const SURFACE_DOCS = 40;
const OPENING_CHARS = 600;
/** About as many content words as OPENING_CHARS hold. */
const OPENING_TOKENS = 60;

/** A document's cleaned opening, its lower-case form and its tokens with their stems. */
interface Opening {
  text: string;
  lower: string;
  /** Stem of each token; -1 for a stop word (may sit inside a phrase: "log in with SSO"), -2 for
   * anything else dropped (an id, a long number: never inside a label). */
  tokens: { stem: number; start: number; end: number }[];
}

const IDENTIFIER_LEFT = /(?:[\p{L}\p{N}][_.]|\d-)$/u;
const IDENTIFIER_RIGHT = /^(?:[_.][\p{L}\p{N}]|-\d)/u;

/** Openings, read once per document and labelling run (several phrases read the same ones). */
const openings = new WeakMap<PhraseLabelInput, Map<number, Opening | null>>();

function openingOf(input: PhraseLabelInput, doc: number): Opening | null {
  let cache = openings.get(input);
  if (!cache) openings.set(input, (cache = new Map()));
  const cached = cache.get(doc);
  if (cached !== undefined) return cached;
  const text = input.clean(opening(input.texts[doc] ?? ''));
  const lower = text.toLowerCase();
  let result: Opening | null = null;
  // A case fold that changes lengths would make offsets drift: such a text is not read.
  if (lower.length === text.length) {
    const analyzer = input.corpus.analyzer;
    const tokens: Opening['tokens'] = [];
    for (const match of lower.matchAll(TOKEN)) {
      const start = match.index;
      const end = start + match[0].length;
      // Part of an identifier (REQUEST_LIMIT_EXCEEDED, INV-2024-0012, a.b.c): never label words.
      const inIdentifier = IDENTIFIER_LEFT.test(lower.slice(Math.max(0, start - 2), start)) || IDENTIFIER_RIGHT.test(lower.slice(end, end + 2));
      const word = inIdentifier ? null : normalizeToken(match[0]);
      const stem =
        word === null
          ? !inIdentifier && (STOP_WORDS.has(match[0]) || match[0].length < 2)
            ? -1
            : -2
          : analyzer.findStem(word === NEGATION_TOKEN ? word : stemOf(word));
      tokens.push({ stem: stem ?? -2, start, end });
    }
    result = { text, lower, tokens };
  }
  cache.set(doc, result);
  return result;
}

/** The start of a ticket text, cut at a line end: where its subject and first lines are. */
function opening(text: string): string {
  if (text.length <= OPENING_CHARS) return text;
  const cut = text.lastIndexOf('\n', OPENING_CHARS);
  return text.slice(0, cut > 0 ? cut : OPENING_CHARS);
}

const stemCache = new Map<string, string>();

/** The Porter stem of a normalised word, as TermAnalyzer.stemIdOf computes it (without interning). */
function stemOf(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = PorterStemmer.stem(word);
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(word, stem);
  }
  return stem;
}

/**
 * The casing to show: the most frequent variant, except that a variant capitalised only at its
 * first letter (a subject's first word) loses to the same words in lower case when that is common.
 */
function preferredCasing(variants: Map<string, number>): string {
  const ranked = [...variants].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const [top] = ranked[0];
  const lower = top[0].toLowerCase() + top.slice(1);
  if (lower !== top && variants.has(lower)) return lower;
  return top;
}

function capitalise(label: string): string {
  return label.length > 0 ? label[0].toUpperCase() + label.slice(1) : label;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
