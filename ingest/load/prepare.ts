/**
 * Turns parsed records into rows ready for the upsert: redacted, serialised to the JSON the
 * SQL reads, and fingerprinted. This is the CPU-heavy half of loading and needs no database,
 * so a file ingest does it in a worker thread (prepare-worker.ts) while the main thread writes;
 * API pulls and tests do it inline. Both go through `prepareItem`.
 */
import type { EventRecord, ParsedItem, RejectedRow, ReleaseRecord } from '@/ingest/sources/types';
import { emptyCounts, redactEventRecord, redactReleaseRecord, redactText, redactTicketRecord, type PiiCounts, type PiiKind } from '@/lib/redact';
import { hashText } from './content-hash';

export interface PreparedTicket {
  externalId: string;
  /** Creation time, epoch ms (which rollup days the ticket touches). */
  createdAt: number;
  /** The stored fields as a JSON object text, without the ids of agent/customer/organization. */
  json: string;
  hash: string;
  assignee: string | null;
  requester: string | null;
  organization: string | null;
}

export interface PreparedEvent {
  ticketExternalId: string;
  externalId: string;
  /** As for tickets; the loader adds ticket_id and agent_id. */
  json: string;
  hash: string;
  author: string | null;
  authorRole: EventRecord['authorRole'];
  line: number;
}

export type PreparedItem =
  | { kind: 'ticket'; row: PreparedTicket }
  | { kind: 'event'; row: PreparedEvent }
  | { kind: 'release'; record: ReleaseRecord }
  | { kind: 'rejected'; row: RejectedRow };

export interface RedactionSettings {
  kinds: PiiKind[];
  /** Secret of the keyed hash that replaces requesters. */
  secret: string;
}

export interface Preparer {
  prepare(item: ParsedItem): PreparedItem;
  /** PII replaced so far, by kind. */
  counts: PiiCounts;
}

export function createPreparer(redaction: RedactionSettings): Preparer {
  const counts = emptyCounts();
  const options = { kinds: redaction.kinds, pseudonymSecret: redaction.secret, counts };
  return {
    counts,
    prepare(item) {
      switch (item.kind) {
        case 'ticket': {
          const r = redactTicketRecord(item.record, options);
          const json = JSON.stringify({
            external_id: r.externalId,
            created_at: r.createdAt,
            updated_at: r.updatedAt,
            first_response_at: r.firstResponseAt,
            resolved_at: r.resolvedAt,
            status: r.status,
            status_category: r.statusCategory,
            priority_raw: r.priorityRaw,
            priority: r.priority,
            channel: r.channel,
            type: r.type,
            subject: r.subject,
            description: r.description,
            resolution: r.resolution,
            product_version: r.productVersion,
            tags: r.tags,
            assignee: r.assignee,
            requester: r.requester,
            organization: r.organization,
            reopened: r.reopened,
            escalated: r.escalated,
          });
          return {
            kind: 'ticket',
            row: {
              externalId: r.externalId,
              createdAt: r.createdAt.getTime(),
              json,
              hash: hashText(json),
              assignee: r.assignee,
              requester: r.requester,
              organization: r.organization,
            },
          };
        }
        case 'event': {
          const r = redactEventRecord(item.record, options);
          const json = JSON.stringify({
            external_id: r.externalId,
            created_at: r.createdAt,
            author: r.author,
            author_role: r.authorRole,
            is_public: r.isPublic,
            body: r.body,
          });
          return {
            kind: 'event',
            row: { ticketExternalId: r.ticketExternalId, externalId: r.externalId, json, hash: hashText(json), author: r.author, authorRole: r.authorRole, line: r.line },
          };
        }
        case 'release':
          return { kind: 'release', record: redactReleaseRecord(item.record, options) };
        case 'rejected':
          // A rejected row's raw text is shown on the Imports page: it must not leak PII either.
          return { kind: 'rejected', row: { ...item.row, raw: redactText(item.row.raw, { kinds: redaction.kinds }).text } };
        default:
          return item;
      }
    },
  };
}

/** Appends fields to a JSON object text: `{"a":1}` + `"b":2` → `{"a":1,"b":2}`. */
export function withFields(json: string, fields: string): string {
  return `${json.slice(0, -1)},${fields}}`;
}
