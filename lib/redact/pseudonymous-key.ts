/**
 * A stable, keyed stand-in for a customer identity (usually an e-mail address), stored instead
 * of the identity itself so "distinct customers" can still be counted without keeping who they
 * are.
 *
 * HMAC-SHA-256 (RFC 2104) under a secret held by the server, not a plain hash: e-mail addresses
 * are guessable, and an unkeyed hash of one can be confirmed by hashing a list of addresses.
 * The digest is base64url and cut to 22 characters (132 bits): collisions stay negligible
 * (birthday bound ~2^66 identities) and keys fit nicely in tables. Identities are normalised
 * first (Unicode NFC, trimmed, lower-cased, `mailto:` and a display name `Jo <jo@x.com>`
 * dropped) so one person is one key. Sub-addresses (`jo+billing@x.com`) are *not* folded:
 * whether `+` means a sub-address is up to each mail provider.
 * Uses node:crypto, so it is for the ingest side (CLI, loader), not for browser code.
 */
import { createHmac } from 'node:crypto';
import { AppError } from '@/db/errors';

export const PSEUDONYM_PREFIX = 'cust_';
/** Prefix of an organization's pseudonym (ingest/load/redact-record.ts redactName). */
export const ORGANIZATION_PSEUDONYM_PREFIX = 'org_';
/** Prefix of an agent's pseudonym (ingest/load/redact-record.ts redactName). */
export const AGENT_PSEUDONYM_PREFIX = 'agent_';
const DIGEST_CHARS = 22;
const MIN_SECRET_LENGTH = 16;

function isAddress(word: string): boolean {
  const at = word.indexOf('@', 1);
  return at > 0 && at < word.length - 1;
}

/** `" Jo Doe <JO@Example.com> "` → `"jo@example.com"`. */
export function normalizeIdentity(value: string): string {
  let v = value.normalize('NFC').trim();
  // `Name <address>`: the last bracketed word, when it holds an `@` with something on each side.
  const angle = /<([^<>\s]+)>$/.exec(v);
  if (angle && isAddress(angle[1])) v = angle[1];
  v = v.replace(/^mailto:/i, '');
  return v.trim().toLowerCase();
}

/** `prefix` names what the key stands for: a customer (the default), an organization, an agent. */
export function pseudonymousKey(value: string, secret: string, prefix = PSEUDONYM_PREFIX): string {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new AppError('InvalidInput', 'the pseudonymisation secret is too short', {
      hint: `Use a random secret of at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -hex 32\`), keep it out of the repository, and keep it: a new secret gives every customer a new key.`,
    });
  }
  const digest = createHmac('sha256', secret).update(normalizeIdentity(value), 'utf8').digest('base64url');
  return prefix + digest.slice(0, DIGEST_CHARS);
}
