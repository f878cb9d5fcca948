/**
 * The fallback when the precise detectors run out of time on a text (ingest/load/text-budget.ts):
 * every run of non-space characters that is not a plain word is replaced whole by `[secret]` —
 * numbers, identifiers, addresses, keys, paths, anything with a digit, an `@` or a `/` — and so
 * is the word after "password", "token" and the like. Plain words (letters, with inner
 * apostrophes or hyphens, up to 24 letters) and punctuation around them are kept, so the text
 * still reads and clusters. Much more goes than with the detectors, but nothing personal stays.
 * Linear by construction: one pass over the runs, each judged by a pattern without overlapping
 * quantifiers.
 */
import { placeholderOf } from './kinds';

const PLACEHOLDER = placeholderOf('secret');
const RUN = /\S+/g;
const PLAIN_WORD = /^[("'[«“‘¿¡]*([\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*)[)"'\].,;:!?»”’…]*$/u;
const MAX_WORD = 24;
const KEY_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass', 'secret', 'token', 'apikey', 'pin', 'otp']);

export function redactConservatively(text: string): string {
  let afterKey = false;
  return text.replace(RUN, (run) => {
    const word = PLAIN_WORD.exec(run);
    const keep = word !== null && word[1].length <= MAX_WORD && !afterKey;
    // (A placeholder such as `[secret]` names no key.)
    afterKey = word !== null && run[0] !== '[' && KEY_WORDS.has(word[1].toLowerCase());
    return keep ? run : PLACEHOLDER;
  });
}
