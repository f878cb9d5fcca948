/**
 * A pull: for each configured source, fetch what changed since its stored cursor, page by page,
 * through the same normalisation and idempotent upsert as file imports (`ingestItems`), then
 * run the analysis once if anything changed.
 *
 * The cursor is written only after `ingestItems` has committed the page it points past, and a
 * page is one transaction. A crash or an error in the middle therefore re-fetches the unfinished
 * page next time and never skips one; re-fetched tickets count as unchanged. Each page with
 * something new is one ingest run on the Imports page.
 *
 * Deletions: Zendesk's export reports them inline. Jira, GitHub and Freshdesk list only what
 * exists, so every `checkDeletionsEveryHours` a pull lists all ids the source holds and removes
 * the stored tickets of this source that are confirmed gone (see `checkDeletions`).
 */
import { z } from 'zod';
import type { Db } from '@/db/client';
import { runAnalysisUnlessCovered, type AnalysisCovered, type AnalysisResult } from '@/analyze/run-analysis';
import { ingestParsedItems } from '@/ingest/load/ingest-items';
import type { RunCounts } from '@/ingest/load/ingest-runs';
import type { SkipReason } from '@/ingest/sources/summary';
import type { DeletionRecord, ParsedItem } from '@/ingest/sources/types';
import { AppError, describeError } from '@/db/errors';
import { credentialField, readCredential, settingPath, sourceLabel, type ConnectorKind, type PullConfig, type PullSource } from './config';
import { freshdeskConnector } from './freshdesk';
import { githubConnector } from './github';
import { ApiClient, type HttpDeps } from './http';
import { jiraConnector } from './jira';
import { withoutKnownRecords } from './known-records';
import { markDeletionCheck, markPullFinished, markPullStarted, readPullState, savePullCursor, storedIdsOfPullSource, type StoredCursor } from './pull-state';
import { redactSecrets, secretForms } from './redact';
import type { Connector, PullContext, PulledPage } from './types';
import { zendeskConnector } from './zendesk';

const CONNECTORS: { [K in ConnectorKind]: Connector<K, unknown> } = {
  zendesk: zendeskConnector as Connector<'zendesk', unknown>,
  jira: jiraConnector as Connector<'jira', unknown>,
  github: githubConnector as Connector<'github', unknown>,
  freshdesk: freshdeskConnector as Connector<'freshdesk', unknown>,
};

export interface PullOptions {
  /** SUPPORT_TRENDS_TZ: for timestamps without a zone, as for files. */
  timeZone: string;
  log?: (message: string) => void;
  /** Tests inject a clock, a sleep and a fetch. */
  deps?: Partial<HttpDeps>;
  /** Stops between pages (Ctrl-C); committed pages and their cursor stay. */
  signal?: AbortSignal;
}

/** What a pull did: the counts of its ingest runs summed (RunCounts), and how the pull went. */
export interface SourcePullResult extends RunCounts {
  name: string;
  kind: ConnectorKind;
  pages: number;
  skipped: Partial<Record<SkipReason, number>>;
  ingestRunIds: number[];
  /** True when the stored cursor was not used (first pull, or the config now points elsewhere). */
  fromStart: boolean;
  /** Which API the pull used, when the connector chooses between several (Jira Cloud or Server). */
  endpoint: string | null;
  /** The listing of every id, when this pull checked for deletions. */
  deletionCheck: { listed: number; stored: number; missing: number; removed: number } | null;
  /** Why the pull stopped early (pages before it stay committed, with their cursor); null on success. */
  error: unknown;
}

const storedCursorSchema = z.object({ scope: z.string(), position: z.unknown() });


function startingCursor<K extends ConnectorKind>(
  connector: Connector<K, unknown>,
  source: PullSource<K>,
  stored: unknown,
  log: (message: string) => void,
): { cursor: unknown; fromStart: boolean } {
  const initial = { cursor: connector.initialCursor(source), fromStart: true };
  if (stored === null || stored === undefined) return initial;
  const parsed = storedCursorSchema.safeParse(stored);
  if (!parsed.success) {
    log(`${sourceLabel(source)}: the stored cursor is unreadable; starting from the beginning`);
    return initial;
  }
  if (parsed.data.scope !== connector.scope(source)) {
    log(`${sourceLabel(source)}: the config now points at another ${source.kind} than the stored cursor; starting from the beginning`);
    return initial;
  }
  const position = connector.cursorSchema.safeParse(parsed.data.position);
  if (!position.success) {
    log(`${sourceLabel(source)}: the stored cursor is unreadable; starting from the beginning`);
    return initial;
  }
  return { cursor: position.data, fromStart: false };
}

function addSkipped(into: Partial<Record<SkipReason, number>>, skipped: Record<SkipReason, number>): void {
  for (const [reason, count] of Object.entries(skipped) as [SkipReason, number][]) {
    if (count > 0) into[reason] = (into[reason] ?? 0) + count;
  }
}

/**
 * Offset paging (startAt, page=N) through a list ordered by update time is read while it
 * changes: when an entry already listed is updated, it moves to the end and every later entry
 * shifts back by one, so the entry that was first on the next page slips into the pages already
 * read and is never listed in this pull. Such a move shows as an id listed twice. The slipped
 * entry was updated no earlier than the newest entry of the page where the moved one was first
 * listed, so from then on the stored cursor stays at that page's cursor: the next pull re-reads
 * from there (upserts make that harmless) instead of skipping past it.
 */
class ListingWatch {
  private readonly firstPage = new Map<string, number>();
  private readonly pages: { cursor: unknown; label: string; offsetPaged: boolean }[] = [];
  private frozenAt: number | null = null;

  add(page: PulledPage<unknown>): { cursor: unknown; label: string; frozeNow: boolean } {
    const index = this.pages.length;
    this.pages.push({ cursor: page.cursor, label: page.label, offsetPaged: page.offsetPaged === true });
    const before = this.frozenAt;
    for (const id of page.listedIds ?? []) {
      const first = this.firstPage.get(id);
      if (first === undefined) this.firstPage.set(id, index);
      // Only a move out of a query read on by offset can shift an entry past the reader: each
      // query from a stored update time starts afresh and lists whatever moved since.
      else if (first < index && this.pages[first].offsetPaged && (this.frozenAt === null || first < this.frozenAt)) this.frozenAt = first;
    }
    const at = this.frozenAt ?? index;
    return { cursor: this.pages[at].cursor, label: this.pages[at].label, frozeNow: this.frozenAt !== before };
  }
}

/** Below this many tickets a pull without any description may be chance (a few issues with an empty body). */
const BODY_CHECK_MIN_TICKETS = 20;

/**
 * Fails loudly when a pull brings tickets without any text body at all: topics built from
 * subjects alone look plausible and are wrong (Freshdesk without include=description, a Jira
 * user who may not read the description field). Counts across the pull's pages.
 */
class BodyTextWatch {
  private tickets = 0;
  private withText = 0;

  constructor(private readonly source: PullSource) {}

  check(items: ParsedItem[]): void {
    for (const item of items) {
      if (item.kind !== 'ticket') continue;
      this.tickets++;
      if (item.record.description.trim() !== '') this.withText++;
    }
    if (this.source.allowEmptyDescriptions || this.withText > 0 || this.tickets < BODY_CHECK_MIN_TICKETS) return;
    throw new AppError('InvalidInput', `${sourceLabel(this.source)}: none of the ${this.tickets} tickets pulled has a description: topics would be built from subjects alone`, {
      hint:
        'The API sent no body text: check that the API user may read descriptions (and, for Freshdesk, that the account answers include=description). ' +
        `If the tickets really have none, set "allowEmptyDescriptions": true on sources[${this.source.index}].`,
    });
  }
}

/** The ApiClient for a source, with its credential read from the environment. */
function clientFor<K extends ConnectorKind>(
  config: Pick<PullConfig, 'file'>,
  source: PullSource<K>,
  connector: Connector<K, unknown>,
  options: PullOptions,
): { client: ApiClient; secrets: string[] } {
  const credential = readCredential(config, source);
  const auth = connector.auth(source, credential);
  const secrets = [...new Set([...auth.secrets, ...(credential === null ? [] : [credential])].flatMap(secretForms))];
  const field = credentialField(source);
  const credentialHint =
    field === null
      ? `This source has no credential: add "token": {"env": "GITHUB_TOKEN"} to sources[${source.index}] in ${config.file}`
      : `Check the environment variable ${field.ref.env} named by ${settingPath(config, source, field.field)}`;
  const client = new ApiClient({
    label: sourceLabel(source),
    baseUrl: source.baseUrl,
    headers: auth.headers,
    secrets,
    settings: source.http,
    credentialHint,
    deps: options.deps,
    log: options.log,
  });
  return { client, secrets };
}

/**
 * Pulls one source to the end of its changes and records the run in `pull_sources` (running →
 * succeeded, or failed with the error, secrets redacted). A failure is returned in `error`
 * together with the counts of the pages committed before it.
 */
export async function pullSource(db: Db, config: Pick<PullConfig, 'file'>, source: PullSource, options: PullOptions): Promise<SourcePullResult> {
  const log = options.log ?? (() => {});
  const connector = CONNECTORS[source.kind] as Connector<ConnectorKind, unknown>;
  const result: SourcePullResult = {
    name: source.name, kind: source.kind, pages: 0, rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, deleted: 0,
    skipped: {}, ingestRunIds: [], fromStart: true, endpoint: null, deletionCheck: null, error: null,
  };
  const now = options.deps?.now ?? (() => Date.now());
  await markPullStarted(db, source.name, source.kind, new Date());
  let secrets: string[] = [];
  try {
    const built = clientFor(config, source, connector, options);
    secrets = built.secrets;
    const useEndpoint = (description: string) => {
      if (result.endpoint === description) return;
      result.endpoint = description;
      log(`${sourceLabel(source)}: ${description}`);
    };
    const context: PullContext<ConnectorKind> = { source, client: built.client, timeZone: options.timeZone, log, useEndpoint, now };
    const state = await readPullState(db, source.name);
    const start = startingCursor(connector, source, state?.cursor, log);
    result.fromStart = start.fromStart;
    const scope = connector.scope(source);

    /** Stores what is new or changed; the ingest run's id, or null when everything was already stored. */
    const ingest = async (items: ParsedItem[], runKind: string, label: string): Promise<number | null> => {
      const fresh = await withoutKnownRecords(db, items, { source: connector.ticketSource, runKind });
      result.rowsRead += fresh.known;
      result.unchanged += fresh.known;
      if (fresh.items.length === 0) return null;
      const target = { label: `${source.kind} pull (${source.name}), ${label}`, kind: runKind, source: connector.ticketSource, pullSource: source.name };
      const totals = await ingestParsedItems(db, fresh.items, target, {
        // The whole page in one transaction: committed entirely or not at all, so a page found
        // stored (withoutKnownRecords) never lacks some of its comments.
        batchSize: fresh.items.length + 1,
        signal: options.signal,
      });
      result.rowsRead += totals.rowsRead;
      result.inserted += totals.inserted;
      result.updated += totals.updated;
      result.unchanged += totals.unchanged;
      result.rejected += totals.rejected;
      result.deleted += totals.deleted;
      result.ingestRunIds.push(totals.runId);
      return totals.runId;
    };

    const listing = new ListingWatch();
    const bodies = new BodyTextWatch(source);
    for await (const page of connector.pages(context, start.cursor)) {
      result.pages++;
      addSkipped(result.skipped, page.summary.skipped);
      bodies.check(page.items);
      const runId = page.items.length > 0 ? await ingest(page.items, connector.runKind, page.label) : null;
      // Only now, with the page committed, may the cursor move past it.
      const safe = listing.add(page);
      if (safe.frozeNow) {
        log(`${sourceLabel(source)}: an entry changed while the pull was paging (it was listed twice); the next pull re-reads from the end of ${safe.label} so nothing the listing shifted is missed`);
      }
      const stored: StoredCursor = { scope, position: safe.cursor };
      await savePullCursor(db, source.name, stored, runId);
      log(`${sourceLabel(source)}: ${page.label} — ${page.items.filter((i) => i.kind === 'ticket').length} ticket(s) read`);
      if (options.signal?.aborted) throw new AppError('Conflict', `${sourceLabel(source)}: interrupted by the user after ${page.label}`);
    }
    if (connector.releases) {
      for await (const releases of connector.releases(context)) {
        addSkipped(result.skipped, releases.summary.skipped);
        if (releases.items.length > 0) await ingest(releases.items, releases.runKind, releases.label);
      }
    }
    if (connector.listIds && connector.confirmGone) {
      const lastCheck = state?.lastDeletionCheckAt?.getTime() ?? null;
      const every = (source as { checkDeletionsEveryHours?: number }).checkDeletionsEveryHours ?? 24;
      if (start.fromStart) {
        // A pull from the start just listed everything there is: nothing stored can be missing.
        await markDeletionCheck(db, source.name, new Date(now()));
      } else if (lastCheck === null || now() - lastCheck >= every * 3_600_000) {
        result.deletionCheck = await checkDeletions(db, connector, context, (items) => ingest(items, connector.runKind, 'deletions'));
        await markDeletionCheck(db, source.name, new Date(now()));
      }
    }
    await markPullFinished(db, source.name, new Date(), null, result.endpoint);
    return result;
  } catch (error) {
    const message = redactSecrets(describeError(error), secrets);
    await markPullFinished(db, source.name, new Date(), message, result.endpoint).catch(() => {
      // The database itself may be what failed; the row then stays 'running' until the next pull.
    });
    result.error = error;
    return result;
  }
}

/** Above this share of a source's stored tickets missing from its listing, nothing is removed (see below). */
const MAX_MISSING_SHARE = 0.5;
const MAX_MISSING_ALWAYS_OK = 20;

/**
 * Lists every id the source holds, and removes the stored tickets of this pull source that the
 * listing misses and the connector confirms gone. Only tickets this source last wrote are
 * candidates: a ticket last written by a file import, or by another source of the same vendor,
 * is not this source's to remove. When most of them are missing at once, the likelier cause is
 * lost access (a revoked project permission lists nothing, without an error): nothing is removed
 * and the pull fails, saying so.
 */
async function checkDeletions(
  db: Db,
  connector: Connector<ConnectorKind, unknown>,
  context: PullContext<ConnectorKind>,
  ingest: (items: ParsedItem[]) => Promise<number | null>,
): Promise<NonNullable<SourcePullResult['deletionCheck']>> {
  const label = sourceLabel(context.source);
  const listed = new Set<string>();
  for await (const ids of connector.listIds!(context)) for (const id of ids) listed.add(id);
  const stored = await storedIdsOfPullSource(db, connector.ticketSource, context.source.name);
  const missing = stored.filter((id) => !listed.has(id));
  const check = { listed: listed.size, stored: stored.length, missing: missing.length, removed: 0 };
  if (missing.length === 0) return check;
  if (missing.length > MAX_MISSING_ALWAYS_OK && missing.length > stored.length * MAX_MISSING_SHARE) {
    throw new AppError('Conflict', `${label}: ${missing.length} of the ${stored.length} tickets stored from this source are no longer listed; nothing was removed`, {
      hint: 'So many missing at once usually means the API user lost access rather than that they were deleted: check its permissions. If they were deleted, remove the source\'s tickets another way or pull into a fresh database.',
    });
  }
  const gone: DeletionRecord[] = await connector.confirmGone!(context, missing);
  if (gone.length > 0) await ingest(gone.map((record) => ({ kind: 'deletion', record })));
  check.removed = gone.length;
  context.log(`${label}: checked for deletions: ${listed.size} listed, ${missing.length} stored ticket(s) missing, ${gone.length} confirmed gone and removed`);
  return check;
}

export interface PullRunResult {
  /** One per source pulled, failed ones included (with `error`). */
  results: SourcePullResult[];
  analysis: AnalysisResult | AnalysisCovered | null;
}

/**
 * Pulls the sources one after the other (a failing source does not stop the others), then runs
 * the incremental/auto analysis once when any ticket, comment or release changed.
 */
export async function pullAll(
  db: Db,
  config: PullConfig,
  options: PullOptions & { only?: string[]; analyze: boolean },
): Promise<PullRunResult> {
  const wanted = options.only === undefined ? config.sources : config.sources.filter((s) => options.only!.includes(s.name));
  const unknown = (options.only ?? []).filter((name) => !config.sources.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new AppError('NotFound', `No source named ${unknown.map((n) => `"${n}"`).join(', ')} in ${config.file}`, {
      hint: `Configured: ${config.sources.map((s) => s.name).join(', ')}`,
    });
  }
  const results: SourcePullResult[] = [];
  for (const source of wanted) {
    if (options.signal?.aborted) break;
    results.push(await pullSource(db, config, source, options));
  }
  // Pages committed before a failure count too: they are in the database.
  const changed = results.some((r) => r.inserted + r.updated + r.deleted > 0);
  let analysis: AnalysisResult | AnalysisCovered | null = null;
  if (options.analyze && changed && !options.signal?.aborted) {
    analysis = await runAnalysisUnlessCovered(db, { mode: 'auto', timeZone: options.timeZone, log: options.log });
  }
  return { results, analysis };
}
