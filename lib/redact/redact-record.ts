/**
 * Redaction of whole parsed records, applied by the loader before anything is stored.
 *
 * Free text (ticket subject, description and resolution; event body) goes through redactText.
 * People fields are not free text: with `pseudonymSecret`, the ticket requester and the author
 * of a customer's event become pseudonymousKey values, so distinct-customer counts still work.
 * Agent names (assignee, agent authors) are kept — team-load views need them and have their
 * own pseudonymisation (lib/privacy.ts). Without the secret, people fields are left as they are.
 */
import type { EventRecord, TicketRecord } from '@/ingest/sources/types';
import { addCounts, type PiiCounts, type RedactOptions } from './kinds';
import { pseudonymousKey } from './pseudonymous-key';
import { redactText, type RedactedText } from './redact-text';

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

/** A copy of the ticket with PII removed from its text fields (and its requester keyed, see above). */
export function redactTicketRecord(record: TicketRecord, options: RedactRecordOptions = {}): TicketRecord {
  return {
    ...record,
    subject: redactField(record.subject, options),
    description: redactField(record.description, options),
    resolution: record.resolution === null ? null : redactField(record.resolution, options),
    requester: pseudonym(record.requester, options),
  };
}

/** A copy of the event with PII removed from its body (and a customer author keyed, see above). */
export function redactEventRecord(record: EventRecord, options: RedactRecordOptions = {}): EventRecord {
  return {
    ...record,
    body: redactField(record.body, options),
    author: record.authorRole === 'customer' ? pseudonym(record.author, options) : record.author,
  };
}
