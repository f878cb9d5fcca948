/**
 * What every vendor connector provides to the pull orchestration (pull.ts). A connector only
 * talks HTTP and converts pages into the parsers' records; it never touches the database, so
 * the orchestration alone decides when a page is committed and its cursor stored.
 */
import type { z } from 'zod';
import type { ParseSummary } from '@/ingest/sources/summary';
import type { DeletionRecord, ParsedItem, SourceFormat } from '@/ingest/sources/types';
import type { ConnectorKind, PullSource } from './config';
import type { ApiClient } from './http';

export interface PullContext<K extends ConnectorKind> {
  source: PullSource<K>;
  client: ApiClient;
  /** Zone for timestamps that carry none (SUPPORT_TRENDS_TZ), as for file imports. */
  timeZone: string;
  log: (message: string) => void;
  /** Says which API the pull uses, for the log and the Imports page (e.g. "Jira Cloud · GET /rest/api/3/search/jql"). */
  useEndpoint: (description: string) => void;
  /** The clock (tests drive it): when a gone ticket was confirmed gone. */
  now: () => number;
}

/** One page of changes, converted; `cursor` is where the next pull resumes once it is committed. */
export interface PulledPage<C> {
  items: ParsedItem[];
  cursor: C;
  /** "page 3": for the ingest run's label and messages. */
  label: string;
  summary: ParseSummary;
  /**
   * Ids of the entries the page listed for the first time in this pull (pull requests and
   * skipped rows included), set by connectors that list by update time (Jira, GitHub,
   * Freshdesk): an id listed again was updated during the pull. See `ListingWatch` in pull.ts.
   */
  listedIds?: string[];
  /**
   * True when the page belongs to a query read on by offset or page token (more entries share
   * one update time than a page holds): only there can an entry updated meanwhile shift others.
   */
  offsetPaged?: boolean;
}

/** Releases (versions, tags) fetched in full on every pull: there are few and the upsert is idempotent. */
export interface PulledReleases {
  items: ParsedItem[];
  /** ingest_runs.kind and releases.source, e.g. "jira-versions-api". */
  runKind: string;
  label: string;
  summary: ParseSummary;
}

export interface Connector<K extends ConnectorKind, C> {
  kind: K;
  /** The `source` tickets are stored under: the same as file imports of this vendor, so both meet. */
  ticketSource: SourceFormat;
  /** ingest_runs.kind of a page of tickets, e.g. "zendesk-api". */
  runKind: string;
  cursorSchema: z.ZodType<C>;
  /** What the cursor points into; when the config changes it (another base URL, repository, JQL) the pull starts over. */
  scope(source: PullSource<K>): string;
  /** The cursor of a first pull (from the source's `since`). */
  initialCursor(source: PullSource<K>): C;
  /** Request headers carrying the credential, and the secret forms to redact from messages. */
  auth(source: PullSource<K>, credential: string | null): { headers: Record<string, string>; secrets: string[] };
  pages(context: PullContext<K>, cursor: C): AsyncGenerator<PulledPage<C>>;
  releases?(context: PullContext<K>): AsyncGenerator<PulledReleases>;
  /**
   * The ids of every ticket the source holds now in the pulled scope, page by page: what is
   * stored but no longer listed may have been deleted there. Absent for Zendesk, whose export
   * reports deletions itself.
   */
  listIds?(context: PullContext<K>): AsyncGenerator<string[]>;
  /**
   * Of stored ids the listing missed, the deletions: tickets really gone (deleted, moved away, no
   * longer matching the filter). Asked one by one because a listing read while it changes can
   * miss an entry that still exists.
   */
  confirmGone?(context: PullContext<K>, ids: string[]): Promise<DeletionRecord[]>;
}

/** Basic auth header value, and its base64 (which must be redacted like the secret itself). */
export function basicAuth(user: string, password: string): { header: string; encoded: string } {
  const encoded = Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
  return { header: `Basic ${encoded}`, encoded };
}
