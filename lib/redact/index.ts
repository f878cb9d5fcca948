/**
 * PII redaction at ingest. Browser code should import `./redact-text` directly: this index also
 * exports the record helpers, which use node:crypto for pseudonymous keys.
 */
export { addCounts, emptyCounts, PII_KINDS, PLACEHOLDER_PATTERN, placeholderOf } from './kinds';
export type { PiiCounts, PiiKind, RedactOptions } from './kinds';
export { redactConservatively } from './conservative';
export { passesLuhn } from './luhn';
export { PIECE_CHARS, textPieces } from './pieces';
export { AGENT_PSEUDONYM_PREFIX, normalizeIdentity, ORGANIZATION_PSEUDONYM_PREFIX, PSEUDONYM_PREFIX, pseudonymousKey } from './pseudonymous-key';
export { redactText } from './redact-text';
export type { RedactedText } from './redact-text';
