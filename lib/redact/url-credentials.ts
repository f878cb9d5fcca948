/**
 * Credentials written into a URL's authority (`https://user:pass@host/…`,
 * `postgres://app:s3cret@db:5432/x`, `https://ghp_token@github.com/…`).
 *
 * Only the user-info part is replaced and the scheme, host and path are kept
 * (`https://[url-credentials]@host/…`): which service failed is useful for finding the topic,
 * who logged in is not. A user name alone is dropped too — it is often the token itself. A
 * password that contains a raw `@` is handled (the last `@` before the host ends it).
 */
import { replaceMatches, type Redaction } from './replace-matches';

// scheme "://" user-info "@" — user-info stops at anything that ends an authority or a URL.
const URL_USERINFO = /\b([A-Za-z][A-Za-z0-9+.-]{1,15}):\/\/([^\s/?#"'<>()[\]]+)@(?=[^\s/?#@"'<>]*[A-Za-z0-9])/g;

export function redactUrlCredentials(text: string): Redaction {
  if (!text.includes('://') || !text.includes('@')) return { text, count: 0 };
  return replaceMatches(text, URL_USERINFO, (m) => `${m[1]}://[url-credentials]@`);
}
