/** The one replacement loop every detector uses, so counting works the same way everywhere. */

export interface Redaction {
  text: string;
  /** Number of matches that were replaced. */
  count: number;
}

/**
 * Replaces the matches of a global `pattern` for which `replacement` returns a string; a null
 * keeps the match as it is (the detector's validation said "not this one"). `replacement`
 * gets the match, its offset and the whole text (for context checks).
 */
export function replaceMatches(
  text: string,
  pattern: RegExp,
  replacement: (match: RegExpExecArray, text: string) => string | null,
): Redaction {
  pattern.lastIndex = 0;
  let count = 0;
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = pattern.exec(text)) !== null) {
    if (m[0] === '') {
      pattern.lastIndex++;
      continue;
    }
    const replaced = replacement(m, text);
    if (replaced === null) continue;
    out += text.slice(last, m.index) + replaced;
    last = m.index + m[0].length;
    count++;
  }
  return count === 0 ? { text, count } : { text: out + text.slice(last), count };
}
