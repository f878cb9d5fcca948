/**
 * Text cleanup shared by the parsers: line endings, NUL bytes (Postgres text cannot hold them)
 * and HTML bodies (Freshdesk `description` when `description_text` is absent).
 */

const CR = /\r\n?/g;
const NUL = /\u0000/g;
/**
 * Normalizes line endings to \n, drops NUL characters and trims. Runs on every text cell, so the
 * common case is two indexOf scans (a regex test over a long description is ~20× slower).
 */
export function cleanText(text: string): string {
  let s = text;
  if (s.indexOf('\r') !== -1) s = s.replace(CR, '\n');
  if (s.indexOf('\u0000') !== -1) s = s.replace(NUL, '');
  return s.trim();
}

/** `cleanText` for optional values: empty becomes null. */
export function cleanOptional(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const s = cleanText(text);
  return s === '' ? null : s;
}

const SUBJECT_LIMIT = 160;

/** A subject for rows that have only a body: its first non-empty line, shortened. */
export function subjectFromBody(body: string): string {
  const start = body.search(/\S/);
  if (start === -1) return '';
  const end = body.indexOf('\n', start);
  const line = (end === -1 ? body.slice(start) : body.slice(start, end)).trim();
  return line.length <= SUBJECT_LIMIT ? line : line.slice(0, SUBJECT_LIMIT - 1) + '…';
}

const SCRIPT_OR_STYLE_START = /<(script|style)\b/gi;
const SCRIPT_END = /<\/script\s*>/gi;
const STYLE_END = /<\/style\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
const LINE_BREAK_TAG = /<br\s*\/?>/gi;
// </li> is left out: <li> already starts a new line.
const BLOCK_END_TAG = /<\/(p|div|tr|h[1-6]|blockquote|pre|table|ul|ol)\s*>/gi;
const LIST_ITEM_TAG = /<li\b[^>]*>/gi;
const ANY_TAG = /<\/?[A-Za-z][^>]*>/g;
const ENTITY = /&(#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});/g;
const SPACES = /[ \t\u00a0]+/g;
const SPACE_AROUND_NEWLINE = / ?\n ?/g;
const BLANK_LINES = /\n{3,}/g;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©', reg: '®', euro: '€',
};

/**
 * `html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')` in linear time. The regex
 * retries every `<script` that has no end tag after it (or no `>`) and rescans the rest of the
 * text each time. Here a failed search is remembered: an element whose end tag is not found
 * means no later element of that name has one; the `>` closing a start tag is looked up once
 * for all the starts before it.
 */
function removeScriptsAndStyles(html: string): string {
  let out = '';
  let last = 0;
  let gt = -1; // the first '>' at or after the last position searched from
  const unclosed = { script: false, style: false };
  SCRIPT_OR_STYLE_START.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SCRIPT_OR_STYLE_START.exec(html)) !== null) {
    const start = m.index;
    const name = m[1].toLowerCase() as 'script' | 'style';
    const from = start + m[0].length;
    if (gt < from) gt = html.indexOf('>', from);
    if (gt < 0) break; // no start tag from here on can end
    let end = -1;
    if (!unclosed[name]) {
      const close = name === 'script' ? SCRIPT_END : STYLE_END;
      close.lastIndex = gt + 1;
      const found = close.exec(html);
      if (found === null) unclosed[name] = true;
      else end = found.index + found[0].length;
    }
    if (end < 0) {
      SCRIPT_OR_STYLE_START.lastIndex = start + 1;
      continue;
    }
    out += html.slice(last, start);
    last = end;
    SCRIPT_OR_STYLE_START.lastIndex = end;
  }
  return last === 0 ? html : out + html.slice(last);
}

/**
 * `text.replace(pattern, replacement)` for a pattern whose matches end with `terminator` (a
 * tag's `>`): nothing after the last terminator can match, and leaving it out spares the
 * pattern from rescanning it from each `<` there (quadratic on `<a<a<a…` without a `>`).
 */
function replaceUpToLast(text: string, terminator: string, pattern: RegExp, replacement: string): string {
  const end = text.lastIndexOf(terminator);
  if (end < 0) return text;
  const cut = end + terminator.length;
  return cut === text.length ? text.replace(pattern, replacement) : text.slice(0, cut).replace(pattern, replacement) + text.slice(cut);
}

function decodeEntity(match: string, body: string): string {
  if (body.charCodeAt(0) === 35) {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : match;
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? match;
}

/** Plain text of an HTML fragment (a helpdesk message body): block tags become line breaks. */
export function htmlToText(html: string): string {
  if (html.indexOf('<') === -1 && html.indexOf('&') === -1) return cleanText(html);
  let text = replaceUpToLast(removeScriptsAndStyles(html), '-->', COMMENT, '');
  text = text.replace(/\r\n?|\n/g, ' ').replace(LINE_BREAK_TAG, '\n');
  text = replaceUpToLast(text, '>', LIST_ITEM_TAG, '\n- ').replace(BLOCK_END_TAG, '\n');
  text = replaceUpToLast(text, '>', ANY_TAG, '')
    .replace(ENTITY, decodeEntity)
    .replace(SPACES, ' ')
    .replace(SPACE_AROUND_NEWLINE, '\n')
    .replace(BLANK_LINES, '\n\n');
  return cleanText(text);
}
