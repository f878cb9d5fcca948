/**
 * The normalized records every export format is parsed into.
 *
 * Parsers are pure: text in, records out. They never touch the database. Everything after
 * this point (loading, analysis, pages) only knows these shapes, not the vendor formats.
 */
import { PRIORITIES, STATUS_CATEGORIES, type Priority, type StatusCategory } from '@/db/enums';

export const SOURCE_FORMATS = ['csv', 'jira', 'zendesk', 'freshdesk', 'github'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** What a file can contain, as detected from its content. */
export const FILE_KINDS = [
  'csv-tickets',
  'csv-events',
  'jira-csv',
  'jira-json',
  'zendesk-json',
  'freshdesk-json',
  'freshdesk-csv',
  'github-json',
  'releases-csv',
  'releases-json',
  'jira-versions-json',
  'github-releases-json',
  'git-tags',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Status grouped into the few states every helpdesk has; the raw status is kept too. */
export { STATUS_CATEGORIES, type StatusCategory };

/** Priority mapped onto Zendesk's four levels (Jira Blocker/Critical → urgent, Major → high…). */
export { PRIORITIES, type Priority };

export const AUTHOR_ROLES = ['agent', 'customer', 'system'] as const;
export type AuthorRole = (typeof AUTHOR_ROLES)[number];

export interface TicketRecord {
  /** The id in the source system (Zendesk id, Jira key or id, GitHub number…), as text. */
  externalId: string;
  createdAt: Date;
  /** Last modification in the source; a newer value wins on re-import. Null when unknown. */
  updatedAt: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  /** The status as the source wrote it ("Patch Available", "pending", "4"…). */
  status: string | null;
  statusCategory: StatusCategory | null;
  /** The priority as the source wrote it. */
  priorityRaw: string | null;
  priority: Priority | null;
  /** email, web, chat, phone, api, github… */
  channel: string | null;
  /** problem / incident / question / bug / feature… */
  type: string | null;
  subject: string;
  description: string;
  /** Resolution text: Jira's resolution name, a "solution" column, or the last agent note. */
  resolution: string | null;
  /** Affected product version when the source records it (Jira "Affects Version/s"…). */
  productVersion: string | null;
  /**
   * The product the ticket is about, when the source says (a `product` column, the Jira project,
   * the GitHub repository, the Zendesk brand): releases are compared only with their own
   * product's tickets. Null when unknown.
   */
  product: string | null;
  /**
   * Versions the ticket was fixed in (Jira "Fix Version/s", a GitHub milestone, a `fix version`
   * column): what a release closed. Distinct from `productVersion`, the version the customer runs.
   * Empty when none.
   */
  fixVersions: string[];
  tags: string[];
  assignee: string | null;
  /** The assignee's own IANA zone when the export declares it (Jira's user `timeZone`). */
  assigneeTimeZone?: string | null;
  requester: string | null;
  organization: string | null;
  /** True when the source says the ticket was reopened at least once. */
  reopened: boolean;
  /** True when the source says the ticket was escalated. */
  escalated: boolean;
  /** 1-based line in the file where this record starts (for messages). */
  line: number;
}

export interface EventRecord {
  ticketExternalId: string;
  /** The comment id in the source, or a stable id derived from the row when there is none. */
  externalId: string;
  createdAt: Date;
  author: string | null;
  /** The author's own IANA zone when the export declares it (Jira's user `timeZone`). */
  authorTimeZone?: string | null;
  authorRole: AuthorRole;
  isPublic: boolean;
  body: string;
  line: number;
}

export interface ReleaseRecord {
  version: string;
  releasedAt: Date;
  notes: string | null;
  /** The product released (a `product` column, the GitHub repository); null when not said. */
  product: string | null;
  line: number;
}

/**
 * A ticket the source deleted (Zendesk's status "deleted", a CSV row marked deleted, Freshdesk's
 * `deleted`/`spam`, an issue a pull found gone): the loader removes the stored copy and its
 * comments, and records the removal in `deleted_tickets`.
 */
export interface DeletionRecord {
  externalId: string;
  /**
   * When the source deleted it (the deleted record's update time, or when a pull confirmed it
   * gone). A stored copy newer than this is kept (the ticket was restored since), and an older
   * copy imported later is not brought back. Null: the ticket only left what a pull reads.
   */
  deletedAt: Date | null;
  line: number;
}

/** A row that could not be used, with enough detail for a person to fix the file. */
export interface RejectedRow {
  line: number;
  /** The field at fault, or null when the whole row is unreadable. */
  field: string | null;
  reason: string;
  /** The offending text, truncated to a few hundred characters. */
  raw: string;
}

export type ParsedItem =
  | { kind: 'ticket'; record: TicketRecord }
  | { kind: 'event'; record: EventRecord }
  | { kind: 'release'; record: ReleaseRecord }
  | { kind: 'deletion'; record: DeletionRecord }
  | { kind: 'rejected'; row: RejectedRow };

export interface ParseOptions {
  /** File name used in messages. */
  fileName: string;
  /** IANA zone for timestamps that carry no offset (Jira CSV, plain CSV). */
  timeZone: string;
  /**
   * Byte encoding of the file. Default 'utf8' (invalid bytes are a whole-file error);
   * 'latin1' decodes as Windows-1252, which is what "Latin-1" exports from Excel really are.
   */
  encoding?: 'utf8' | 'latin1';
}
