/**
 * Payment card numbers (PAN): 13 to 19 digits, written plain or in groups separated by single
 * spaces or dashes (`4111 1111 1111 1111`, `3782-822463-10005`).
 *
 * A run is a card only when it also passes the Luhn check and starts with 2–6: every major
 * scheme's numbers begin there (Mastercard 2/5, Amex 3, Visa 4, Discover/Maestro/UnionPay 6;
 * ISO/IEC 7812 gives 1, 7, 8, 9 to airlines, petroleum, health and national use). Together
 * the two rules take only about one random 16-digit id in twenty (1/10 × 5/10) for a card.
 * When a grouped run holds more than a card (`4111 1111 1111 1111 2 times`), each longest span
 * of whole groups that is a card is redacted and the rest kept; a plain run longer than 19 digits
 * is an id, not a card, and so is a plain 14-digit run that reads as a `YYYYMMDDhhmmss` time.
 */
import { passesLuhn } from './luhn';
import { replaceMatches, type Redaction } from './replace-matches';

// Digit groups joined by one space or dash, not glued to a word, a decimal point, another group,
// a path ("/web/20200401225851/") or a "#" id.
const CANDIDATE = /(?<![\w.,/#-])\d+(?:[ -]\d+)*(?![\w]|[.,/-]\d)/g;
// YYYYMMDDhhmmss, as in archive URLs and log names, read as a time rather than a card.
const COMPACT_TIMESTAMP = /^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d[0-5]\d$/;
const PLACEHOLDER = '[card]';

export function isCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  const first = digits.charCodeAt(0) - 48;
  return first >= 2 && first <= 6 && passesLuhn(digits);
}

/** The cards inside a grouped run, leftmost-longest first: [first group, last group] pairs. */
function cardSpans(groups: string[]): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = 0; i < groups.length; i++) {
    // Printed card groups are 4 digits at the start (Amex 4-6-5, others 4-4-4-4[-3]).
    if (groups[i].length < 4) continue;
    let end = -1;
    let digits = '';
    for (let j = i; j < groups.length; j++) {
      if (j > i && groups[j].length < 3) break;
      digits += groups[j];
      if (digits.length > 19) break;
      if (isCardNumber(digits)) end = j;
    }
    if (end >= 0) {
      spans.push([i, end]);
      i = end;
    }
  }
  return spans;
}

export function redactCards(text: string): Redaction {
  if (!/\d{4}/.test(text)) return { text, count: 0 };
  let count = 0;
  const result = replaceMatches(text, CANDIDATE, (m) => {
    const run = m[0];
    if (run.length < 13) return null;
    const groups = run.split(/[ -]/);
    if (groups.length === 1) return isCardNumber(run) && !COMPACT_TIMESTAMP.test(run) ? PLACEHOLDER : null;
    const spans = cardSpans(groups);
    if (spans.length === 0) return null;
    count += spans.length - 1; // replaceMatches counts the run once
    const separators = run.match(/[ -]/g) ?? [];
    let out = '';
    let g = 0;
    for (const [from, to] of spans) {
      for (; g < from; g++) out += groups[g] + separators[g];
      out += PLACEHOLDER;
      g = to + 1;
      if (g < groups.length) out += separators[to];
    }
    for (; g < groups.length; g++) out += groups[g] + (g < groups.length - 1 ? separators[g] : '');
    return out;
  });
  return { text: result.text, count: result.count + count };
}
