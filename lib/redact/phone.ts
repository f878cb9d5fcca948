/**
 * Telephone numbers in the shapes people write them: international with `+` (`+44 20 7946 0958`,
 * `+33 6 12 34 56 78`, `+1 (415) 555-0132`), US (`(415) 555-0132`, `415-555-0132`,
 * `415.555.0132`, `1-415-555-0132`, local `555-0132` unless it reads as an ascending range like
 * `700-1000`) and European national numbers with a trunk `0` (`06 12 34 56 78`,
 * `020 7946 0958`, `030 1234567`).
 *
 * Precision over recall, because support text is full of numbers that are not phones: a number
 * is a phone only in one of the shapes above (7–15 digits, the E.164 maximum), or in any shape
 * — including unformatted `4155550132` — right after a phone word ("call me at", "Tel.",
 * "mobile:"). Kept: versions (`5.14.2`), dates (`2026-03-02`, `02.03.2026`), times, ticket ids
 * (`#48213`, `HDFS-12345`), hex error codes (`0x80070005`), short codes (`HTTP 502`), plain
 * order numbers and timestamps in prose (`order 123456789`, `1706778000`), number lists.
 * Missed on purpose: unformatted numbers with no `+` and no phone word nearby.
 */
import type { Redaction } from './replace-matches';

// An optional "+", an optional "(area)", then digits, spaces, dots, dashes and parentheses
// ending in a digit — not glued to a word, a ticket "#", a path, a decimal or a version.
const CANDIDATE = /(?<![\w#@$€£%&*/=+.,:-])(?:\+ ?)?(?:\(\d{1,5}\) ?)?\d[\d .()-]{4,24}\d(?![\w]|[.,:/-]\d)/g;

// A phone word right before the number, allowing "no."/"number", "me"/"us" and "at"/"on".
const PHONE_WORD =
  /\b(?:phone|telephone|tel|mobile|mob|cell|cellphone|call|fax|whatsapp|sms|telefon|handy|portable)\.?(?:\s*(?:no|nr|number|#)\.?)?(?:\s+(?:me|us|him|her|them))?(?:\s+(?:at|on|via|to))?\s*(?:[:#-]\s*)?$/i;

interface PhoneShape {
  plus: boolean;
  /** Digit groups, parenthesised ones included. */
  groups: string[];
  /** Separator after each group but the last: ' ', '-', '.', or '' around parentheses. */
  separators: string[];
  hasParentheses: boolean;
  /** Offset in the candidate just after each group (after its ")" for a parenthesised one). */
  ends: number[];
}

/**
 * Splits a candidate into groups. Parsing stops where the punctuation stops being a phone's
 * (`1--2`, `((415)`): the groups read so far are returned, null when there are none.
 */
function shapeOf(candidate: string): PhoneShape | null {
  let i = 0;
  const plus = candidate[0] === '+';
  if (plus) i = candidate[1] === ' ' ? 2 : 1;
  const groups: string[] = [];
  const separators: string[] = [];
  const ends: number[] = [];
  let hasParentheses = false;
  let pending: string | null = null;
  while (i < candidate.length) {
    const c = candidate[i];
    if (c === '(') {
      const close = candidate.indexOf(')', i);
      const inner = close < 0 ? '' : candidate.slice(i + 1, close);
      if (!/^\d{1,5}$/.test(inner)) break;
      if (groups.length > 0) separators.push(pending ?? '');
      groups.push(inner);
      hasParentheses = true;
      pending = '';
      i = close + 1;
      ends.push(i);
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i;
      while (j < candidate.length && candidate[j] >= '0' && candidate[j] <= '9') j++;
      if (groups.length > 0) {
        if (pending === null) break;
        separators.push(pending);
      }
      groups.push(candidate.slice(i, j));
      pending = null;
      i = j;
      ends.push(i);
      continue;
    }
    // A separator: one space, dash or dot (a space may follow a closing parenthesis).
    if ((pending !== null && pending !== '') || c === ')') break;
    pending = c;
    i++;
  }
  return groups.length === 0 ? null : { plus, groups, separators, hasParentheses, ends };
}

function looksLikeDate(groups: string[]): boolean {
  const year = (g: string) => g.length === 4 && (g.startsWith('19') || g.startsWith('20'));
  if (groups.length >= 3 && year(groups[0]) && groups[1].length <= 2 && groups[2].length <= 2) return true;
  return groups.length >= 3 && groups[0].length <= 2 && groups[1].length <= 2 && year(groups[2]);
}

/**
 * The shape rules of the module comment, applied to the first `groupCount` groups of `shape`;
 * `afterPhoneWord` accepts any plausible length.
 */
function isPhone(shape: PhoneShape, groupCount: number, afterPhoneWord: boolean): boolean {
  const groups = shape.groups.slice(0, groupCount);
  const separators = shape.separators.slice(0, groupCount - 1);
  let digits = 0;
  for (const g of groups) digits += g.length;
  if (digits < 7 || digits > 15 || looksLikeDate(groups)) return false;
  if (afterPhoneWord) return true;
  if (shape.plus) return digits >= 8;
  if (shape.hasParentheses) return digits >= 9;
  if (groups.length === 1) return false;
  const lengths = groups.map((g) => g.length).join('-');
  // North American numbers: area code and exchange never start with 0 or 1.
  const nanp =
    (lengths === '3-3-4' && /^[2-9]/.test(groups[0]) && /^[2-9]/.test(groups[1])) ||
    (lengths === '1-3-3-4' && groups[0] === '1' && /^[2-9]/.test(groups[1]) && /^[2-9]/.test(groups[2]));
  if (separators.includes('.')) return nanp && separators.every((s) => s === '.');
  if (nanp) return true;
  // Local `555-0132`, but not an ascending range such as `700-1000` (ms, rows, ports…).
  if (lengths === '3-4') return separators[0] === '-' && /^[2-9]/.test(groups[0]) && Number(groups[1]) <= Number(groups[0]);
  return groups[0].startsWith('0') && digits >= 9 && digits <= 12 && groups.every((g) => g.length >= 2);
}

/**
 * Length of the phone number at the start of a candidate: the whole candidate, or its longest
 * prefix of whole groups ("415-555-0132 2026-03-02" holds a phone and a date); 0 for none.
 */
function phoneLength(shape: PhoneShape, afterPhoneWord: boolean): number {
  for (let k = shape.groups.length; k >= 1; k--) if (isPhone(shape, k, afterPhoneWord)) return shape.ends[k - 1];
  return 0;
}

const digitCount = (text: string) => text.replace(/\D/g, '').length;

/**
 * Index of the first group after the first that can begin a phone without a "+" or a phone
 * word in front (both can only precede a candidate's first group): `1` or a 3-digit area code
 * (NANP), or a trunk `0`. 0 when there is none, e.g. in a run of small numbers.
 */
function nextPhoneStart(shape: PhoneShape): number {
  const { groups } = shape;
  for (let k = 1; k < groups.length; k++) {
    const g = groups[k];
    const following = groups[k + 1]?.length ?? 0;
    if (g === '1' && following === 3) return k;
    if (g.length === 3 && g[0] >= '2' && (following === 3 || following === 4)) return k;
    if (g.length >= 2 && g[0] === '0') return k;
  }
  return 0;
}

export function redactPhones(text: string): Redaction {
  if (!/\d\D?\d/.test(text)) return { text, count: 0 };
  CANDIDATE.lastIndex = 0;
  let out = '';
  let last = 0;
  let count = 0;
  let m: RegExpExecArray | null;
  while ((m = CANDIDATE.exec(text)) !== null) {
    const start = m.index;
    if (digitCount(m[0]) < 7) continue; // nothing inside can be a phone
    const shape = shapeOf(m[0]);
    if (shape === null) {
      CANDIDATE.lastIndex = start + 1;
      continue;
    }
    const afterPhoneWord = PHONE_WORD.test(text.slice(Math.max(0, start - 40), start));
    const length = phoneLength(shape, afterPhoneWord);
    if (length > 0) {
      out += text.slice(last, start) + '[phone]';
      last = start + length;
      count++;
      CANDIDATE.lastIndex = last;
    } else {
      // "2026-03-02 415-555-0132": look again from the next group that can start a phone.
      const next = nextPhoneStart(shape);
      if (next > 0 && digitCount(m[0].slice(shape.ends[next - 1])) >= 7) CANDIDATE.lastIndex = start + shape.ends[next - 1] + 1;
    }
  }
  return count === 0 ? { text, count } : { text: out + text.slice(last), count };
}
