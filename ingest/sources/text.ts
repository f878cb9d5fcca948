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

const SCRIPT_OR_STYLE = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
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
  const text = html
    .replace(SCRIPT_OR_STYLE, '')
    .replace(COMMENT, '')
    .replace(/\r\n?|\n/g, ' ')
    .replace(LINE_BREAK_TAG, '\n')
    .replace(LIST_ITEM_TAG, '\n- ')
    .replace(BLOCK_END_TAG, '\n')
    .replace(ANY_TAG, '')
    .replace(ENTITY, decodeEntity)
    .replace(SPACES, ' ')
    .replace(SPACE_AROUND_NEWLINE, '\n')
    .replace(BLANK_LINES, '\n\n');
  return cleanText(text);
}
