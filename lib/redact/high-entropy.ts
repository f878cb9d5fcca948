/**
 * Long random-looking strings (API keys, session ids, signatures, base64 key material) that
 * carry no known prefix. A run of base64/base64url/hex characters of 32 or more is a secret when:
 * - it is hex only (`[0-9a-f]`) with both letters and digits — commit SHAs (40 hex) included:
 *   they cannot be told from legacy 40-hex tokens (old GitHub tokens) and carry no topic;
 * - or it has letters and digits, is at least 85% alphanumeric, and looks generated on two
 *   counts: its characters change class (lower/upper/digit) often — at most 2.5 characters per
 *   same-class run on average (random base64 ≈ 1.55; ids such as
 *   `container_e02_1713455139547_0111_01_000004` ≥ 3.5) — and its letters rarely continue in
 *   the same case — at most 55% of adjacent alphanumeric pairs are two lower-case or two
 *   upper-case letters (random ≈ 33%; `ITestAzureBlobFileSystemE2EScale` 58%).
 * Secret scanners such as Yelp's detect-secrets use Shannon entropy instead; measured on the
 * Hadoop Jira export, entropy cannot separate 32-character keys from file and URL paths (both
 * ≈ 4.6–4.8 bits per character), while these two counts can. Cost: about 3% of random
 * 32-character keys, 1% of 40-character and 0.2% of 64-character ones are missed.
 *
 * Kept: UUIDs and other hex-and-dash ids (they are record ids, not credentials), ordinary long
 * words and identifiers, and paths/URL paths (a run with two or more word-like `/` segments is
 * judged segment by segment, so only a random segment such as a document id is replaced).
 */
import { replaceMatches, type Redaction } from './replace-matches';
import { withoutTrailing } from '@/lib/trailing-run';

const MIN_LENGTH = 32;
const MAX_SAME_CASE_PAIRS = 0.55;
const MAX_MEAN_RUN = 2.5;
const MIN_ALNUM_SHARE = 0.85;

const RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/_-])/g;
const HEX = /^[0-9A-Fa-f]+$/;
const HEX_AND_DASHES = /^[0-9A-Fa-f-]+$/;
// A word-like path segment: two lower-case letters, or a capital and a lower-case one, then
// letters and digits in groups joined by single `-`, `_` or `.` (`hadoop-common`, `TestFoo_2`).
// Written so each character has one way to match (a first draft,
// `^(?:[a-z]{2,}|[A-Z][a-z]+)(?:[-_.]?[A-Za-z0-9]+)*$`, backtracked exponentially: 3 s on a
// 28-character segment of a pasted signature).
const WORDY_SEGMENT = /^[A-Za-z][a-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$/;

const UUID = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/g;

const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

function classOf(code: number): number {
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 65 && code <= 90) return UPPER;
  if (code >= 48 && code <= 57) return DIGIT;
  return 0;
}

/** True when `s` (one run or one path segment) looks like generated key material. */
export function looksRandom(s: string): boolean {
  // UUIDs are ids by decision: judge what is left around them.
  const core = withoutTrailing(s, (c) => c === '=').replace(UUID, '-');
  if (core.length < MIN_LENGTH) return false;
  if (HEX.test(core)) return /\d/.test(core) && /[A-Fa-f]/.test(core);
  if (HEX_AND_DASHES.test(core)) return false;
  let alnum = 0;
  let digits = 0;
  let runs = 0;
  let pairs = 0;
  let sameCase = 0;
  let previous = 0;
  for (let i = 0; i < core.length; i++) {
    const c = classOf(core.charCodeAt(i));
    if (c !== 0) {
      alnum++;
      if (c === DIGIT) digits++;
      if (c !== previous) runs++;
      if (previous !== 0) {
        pairs++;
        if (c === previous && c !== DIGIT) sameCase++;
      }
    }
    previous = c;
  }
  if (digits === 0 || digits === alnum || alnum < MIN_ALNUM_SHARE * core.length) return false;
  return alnum / runs <= MAX_MEAN_RUN && sameCase / pairs <= MAX_SAME_CASE_PAIRS;
}

function isPathLike(run: string): boolean {
  if (!run.includes('/')) return false;
  let wordy = 0;
  for (const segment of run.split('/')) if (WORDY_SEGMENT.test(segment) && ++wordy >= 2) return true;
  return false;
}

export function redactHighEntropy(text: string): Redaction {
  if (text.length < MIN_LENGTH) return { text, count: 0 };
  let count = 0;
  const result = replaceMatches(text, RUN, (m) => {
    const run = m[0];
    if (!isPathLike(run)) return looksRandom(run) ? '[secret]' : null;
    let replaced = 0;
    const segments = run.split('/').map((segment) => (looksRandom(segment) ? (replaced++, '[secret]') : segment));
    if (replaced === 0) return null;
    count += replaced - 1; // replaceMatches counts the run once
    return segments.join('/');
  });
  return { text: result.text, count: result.count + count };
}
