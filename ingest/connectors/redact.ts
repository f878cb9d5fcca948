/**
 * Credentials must never reach a log line, an error message or the database (`pull_sources.
 * last_error`). Every message a connector produces passes through `redactSecrets` with the
 * source's secret values, including the encoded forms they travel in (Basic auth, URLs).
 */

const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for: a 1–3 character "secret" would shred messages. */
const MIN_SECRET_LENGTH = 4;

/** The secret and the forms it can appear in: as is, URL-encoded, and base64 (Basic auth). */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), Buffer.from(secret, 'utf8').toString('base64')]);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** `text` with every occurrence of every secret replaced by "[redacted]". */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    out = out.split(secret).join(REDACTED);
  }
  return out;
}
