/**
 * The kinds of personal or secret data the redactor replaces, and their placeholders.
 *
 * A placeholder is the kind in square brackets (`[email]`, `[url-credentials]`): short, readable
 * in a ticket, and free of digits, `@`, `:` and `.`, so no detector ever matches a placeholder
 * (redacting twice changes nothing) and the text pipeline can drop them as one token class.
 */

export const PII_KINDS = ['email', 'phone', 'card', 'ip', 'secret', 'url-credentials'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** How many replacements of each kind were made. */
export type PiiCounts = Record<PiiKind, number>;

export interface RedactOptions {
  /** Kinds to redact; all of them when omitted. An empty list turns redaction off. */
  kinds?: readonly PiiKind[];
}

export function placeholderOf(kind: PiiKind): string {
  return `[${kind}]`;
}

/** Matches any placeholder (global: use with `replace`/`matchAll`), e.g. to drop them before tokenizing. */
export const PLACEHOLDER_PATTERN = new RegExp(`\\[(?:${PII_KINDS.join('|')})\\]`, 'g');

export function emptyCounts(): PiiCounts {
  return { email: 0, phone: 0, card: 0, ip: 0, secret: 0, 'url-credentials': 0 };
}

/** Adds `from` into `into` (used to total counts over many texts or records). */
export function addCounts(into: PiiCounts, from: PiiCounts): PiiCounts {
  for (const kind of PII_KINDS) into[kind] += from[kind];
  return into;
}
