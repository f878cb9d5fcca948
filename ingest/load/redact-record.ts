/**
 * Redaction of whole parsed records, applied by the loader before anything is stored. Every field
 * that can carry personal data is treated (README, "Privacy and access", lists them):
 *
 *  - Free text (ticket subject, description and resolution; event body; release notes) and short
 *    labels (status, type, channel, priority, product version, each tag) go through redactText:
 *    an e-mail address, phone number, card, IP address, secret or URL credential becomes a
 *    typed placeholder.
 *  - People fields are not free text: with `pseudonymSecret`, the ticket requester and the author
 *    of a customer's event become pseudonymousKey values, so distinct-customer counts still work.
 *  - Names of organizations and agents (assignee, agent authors, the agents file) are kept —
 *    team-load views need agents' names and have their own pseudonymisation (lib/privacy.ts) —
 *    unless the name itself holds personal data (an e-mail address as the organization, a phone
 *    number in an agent's name): then the whole name becomes a keyed pseudonym (org_…, agent_…),
 *    so distinct ones stay distinct and the same one always maps to the same key.
 *  - External ids are kept: they are the key that makes re-imports idempotent.
 * Without the secret, people fields are left as they are and names are only redacted.
 */
import type { EventRecord, ReleaseRecord, TicketRecord } from '@/ingest/sources/types';
import { addCounts, type PiiCounts, type RedactOptions } from '@/lib/redact/kinds';
import { AGENT_PSEUDONYM_PREFIX, ORGANIZATION_PSEUDONYM_PREFIX, pseudonymousKey } from '@/lib/redact/pseudonymous-key';
import { redactText, type RedactedText } from '@/lib/redact/redact-text';

export interface RedactRecordOptions extends RedactOptions {
  /** Server-side secret for pseudonymousKey; when absent, requester/author are not replaced. */
  pseudonymSecret?: string;
  /** When given, the replacements made are added to it (for the ingest-run summary). */
  counts?: PiiCounts;
  /** Redacts one text field; redactText with these options by default (ingest times it, see ingest/load/prepare.ts). */
  redact?: (text: string) => RedactedText;
}

function redactField(text: string, options: RedactRecordOptions): string {
  const result = options.redact ? options.redact(text) : redactText(text, options);
  if (options.counts) addCounts(options.counts, result.counts);
  return result.text;
}

function pseudonym(value: string | null, options: RedactRecordOptions): string | null {
  if (value === null || value.trim() === '' || options.pseudonymSecret === undefined) return value;
  return pseudonymousKey(value, options.pseudonymSecret);
}


/** Short labels rarely hold PII; only text with an @, a digit, a colon or some length can. */
const MAY_HOLD_PII = /[@\d:]|\S{20}/;

function redactLabel(value: string | null, options: RedactRecordOptions): string | null {
  if (value === null || !MAY_HOLD_PII.test(value)) return value;
  return redactField(value, options);
}

/**
 * A name (organization, agent) as stored: unchanged when it holds no personal data; otherwise a
 * keyed pseudonym with `prefix` (or, without the secret, the redacted text).
 */
export function redactName(value: string | null, prefix: string, options: RedactRecordOptions): string | null {
  if (value === null || !MAY_HOLD_PII.test(value)) return value;
  const redacted = redactField(value, options);
  if (redacted === value) return value;
  return options.pseudonymSecret === undefined ? redacted : pseudonymousKey(value, options.pseudonymSecret, prefix);
}

/** A copy of the ticket with PII removed from every field that can carry it (see above). */
export function redactTicketRecord(record: TicketRecord, options: RedactRecordOptions = {}): TicketRecord {
  return {
    ...record,
    subject: redactField(record.subject, options),
    description: redactField(record.description, options),
    resolution: record.resolution === null ? null : redactField(record.resolution, options),
    status: redactLabel(record.status, options),
    priorityRaw: redactLabel(record.priorityRaw, options),
    channel: redactLabel(record.channel, options),
    type: redactLabel(record.type, options),
    productVersion: redactLabel(record.productVersion, options),
    product: redactLabel(record.product, options),
    fixVersions: record.fixVersions.map((v) => redactLabel(v, options) ?? v),
    tags: record.tags.map((tag) => redactLabel(tag, options) ?? tag),
    requester: pseudonym(record.requester, options),
    assignee: redactName(record.assignee, AGENT_PSEUDONYM_PREFIX, options),
    organization: redactName(record.organization, ORGANIZATION_PSEUDONYM_PREFIX, options),
  };
}

/** A copy of the event with PII removed from its body, a customer author keyed and an agent's name treated as above. */
export function redactEventRecord(record: EventRecord, options: RedactRecordOptions = {}): EventRecord {
  return {
    ...record,
    body: redactField(record.body, options),
    author: record.authorRole === 'customer' ? pseudonym(record.author, options) : redactName(record.author, AGENT_PSEUDONYM_PREFIX, options),
  };
}

/** A copy of the release with PII removed from its notes. */
export function redactReleaseRecord(record: ReleaseRecord, options: RedactRecordOptions = {}): ReleaseRecord {
  return record.notes === null ? record : { ...record, notes: redactField(record.notes, options) };
}
