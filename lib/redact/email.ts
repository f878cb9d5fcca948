/**
 * E-mail addresses: `local@domain.tld` with the characters people really use in the local part
 * (dots, `+` sub-addressing, `%`, `_`, `-`), any number of subdomains, any case.
 *
 * Precision choices:
 * - the domain needs a dot and an alphabetic top-level label of 2+ letters, so `user@localhost`,
 *   `root@10.0.0.1` (the IP is redacted on its own) and npm's `pkg@1.2.3` are not addresses;
 * - a "top-level domain" that is really a file extension (`icon@2x.png`, `app@v2.js`) is not an
 *   address: only extensions that are not real TLDs are listed, so mail at `.md` or `.rs`
 *   domains is still redacted;
 * - internationalised (non-ASCII) addresses are not matched.
 */
import type { Redaction } from './replace-matches';

// The domain after an "@" (sticky: read exactly there), its last label in group 1.
const DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24})(?![A-Za-z0-9-])/y;
// RFC 5321 limit; a local part glued to a longer token still loses its last 64 characters.
const MAX_LOCAL = 64;

const FILE_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'ico', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'css', 'scss',
  'json', 'yml', 'yaml', 'xml', 'txt', 'log', 'java', 'class', 'jar', 'html', 'htm', 'map', 'csv', 'pdf', 'tmp',
]);

function isLocalChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) ||
    code === 46 || code === 95 || code === 37 || code === 43 || code === 45 // . _ % + -
  );
}

/** Found from each "@": the local part is read leftwards, the domain rightwards. */
export function redactEmails(text: string): Redaction {
  let at = text.indexOf('@');
  if (at < 0) return { text, count: 0 };
  let out = '';
  let last = 0;
  let count = 0;
  while (at >= 0) {
    let start = at;
    while (start > last && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
    DOMAIN.lastIndex = at + 1;
    const domain = start < at ? DOMAIN.exec(text) : null;
    if (domain !== null && !FILE_EXTENSIONS.has(domain[1].toLowerCase())) {
      out += text.slice(last, start) + '[email]';
      last = DOMAIN.lastIndex;
      count++;
      at = text.indexOf('@', last);
    } else {
      at = text.indexOf('@', at + 1);
    }
  }
  return count === 0 ? { text, count } : { text: out + text.slice(last), count };
}
