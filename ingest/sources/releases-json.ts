/**
 * Release calendars as JSON, in three shapes:
 * - our own `[{version, date, notes?}]` (or `{releases: [...]}`);
 * - Jira versions, `GET /rest/api/2/project/{KEY}/versions` (`[{name, released, releaseDate}]`,
 *   or the paginated `{values: [...]}`): only versions with released=true and a releaseDate;
 * - GitHub releases, `GET /repos/{o}/{r}/releases` (`[{tag_name, published_at, draft}]`):
 *   drafts are skipped.
 * Skipped entries are counted in the summary, not rejected: they are not errors.
 */
import { parseJsonTimestamp } from './dates';
import { DuplicateTracker } from './duplicates';
import { textField } from './json-fields';
import { isObject, rawJson, readJsonDocuments, recordsOf, shown, type JsonDocuments, type JsonRecord } from './json-input';
import { unexpectedJson } from './json-tickets';
import { rejected, unreadableDate } from './rejects';
import type { ParseSummary, SkipReason } from './summary';
import { cleanOptional } from './text';
import type { ParsedItem, ParseOptions } from './types';

const NOTES_LIMIT = 4000;

export interface ReleaseFields {
  version: unknown;
  versionField: string;
  date: unknown;
  dateField: string;
  notes: unknown;
  /** The product released, when the entry says (absent → null). */
  product?: unknown;
}

/** Which fields of one entry hold the version, date and notes, or why the entry is skipped. */
export type ReleaseExtract = (item: Record<string, unknown>) => ReleaseFields | SkipReason;

function* releasesOf(
  json: JsonDocuments,
  keys: readonly string[],
  expected: string,
  extract: ReleaseExtract,
  options: ParseOptions,
  summary: ParseSummary,
): Generator<ParsedItem> {
  const records = recordsOf(json, keys);
  if (records === null) throw unexpectedJson(json, expected);
  yield* releasesFromRecords(records, extract, options.timeZone, summary);
}

/** Release entries already read (a file's records or an API page) → releases, skips and rejected rows. */
export function* releasesFromRecords(
  records: readonly JsonRecord[],
  extract: ReleaseExtract,
  timeZone: string,
  summary: ParseSummary,
): Generator<ParsedItem> {
  const duplicates = new DuplicateTracker();
  for (const { value, line } of records) {
    if (!isObject(value)) {
      yield rejected(line, null, 'expected a release object', rawJson(value));
      continue;
    }
    const fields = extract(value);
    if (typeof fields === 'string') {
      summary.skipped[fields]++;
      continue;
    }
    const version = textField(fields.version)?.trim() ?? '';
    if (version === '') {
      yield rejected(line, fields.versionField, 'the version is missing', rawJson(value));
      continue;
    }
    const releasedAt = parseJsonTimestamp(fields.date, timeZone);
    if (releasedAt === null || Number.isNaN(releasedAt)) {
      const reason = releasedAt === null ? `release ${version} has no date` : unreadableDate(shown(fields.date));
      yield rejected(line, fields.dateField, reason, rawJson(value));
      continue;
    }
    const verdict = duplicates.check(version, line, null);
    if (verdict !== 'keep' && verdict !== 'superseded') {
      yield rejected(line, fields.versionField, verdict.reject, version);
      continue;
    }
    const notes = cleanOptional(textField(fields.notes));
    const product = cleanOptional(textField(fields.product));
    yield {
      kind: 'release',
      record: { version, releasedAt: new Date(releasedAt), notes: notes === null ? null : notes.slice(0, NOTES_LIMIT), product, line },
    };
  }
}

/** Jira versions: only released ones with a release date count. */
export const jiraVersionFields: ReleaseExtract = (item) => {
  if (item.released !== true || item.releaseDate === undefined || item.releaseDate === null) return 'unreleased-version';
  return { version: item.name, versionField: 'name', date: item.releaseDate, dateField: 'releaseDate', notes: item.description };
};

const REPO_OF_RELEASE = /^https?:\/\/[^/]+\/(?:api\/v3\/)?(?:repos\/)?([^/]+\/[^/]+?)\/releases(?:\/|$)/;

/**
 * GitHub releases: drafts are skipped. The repository, read from the release's URL, is the
 * product — the same `owner/repo` GitHub issues carry, so a release meets its own issues.
 */
export const githubReleaseFields: ReleaseExtract = (item) => {
  if (item.draft === true) return 'draft-release';
  const url = textField(item.html_url) ?? textField(item.url);
  const product = url === null ? null : (REPO_OF_RELEASE.exec(url)?.[1] ?? null);
  return {
    version: item.tag_name,
    versionField: 'tag_name',
    date: item.published_at ?? item.created_at,
    dateField: 'published_at',
    notes: item.body ?? item.name,
    product,
  };
};

export async function* parseReleasesJson(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  summary: ParseSummary,
): AsyncGenerator<ParsedItem> {
  const json = await readJsonDocuments(input, options);
  yield* releasesOf(json, ['releases'], 'a release list ([{"version": …, "date": …}])', (item) => {
    const dateField = ['date', 'release_date', 'released_at', 'releasedAt'].find((k) => k in item) ?? 'date';
    return { version: item.version, versionField: 'version', date: item[dateField], dateField, notes: item.notes ?? item.description, product: item.product };
  }, options, summary);
}

export async function* parseJiraVersionsJson(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  summary: ParseSummary,
): AsyncGenerator<ParsedItem> {
  const json = await readJsonDocuments(input, options);
  yield* releasesOf(json, ['values', 'versions'], 'Jira versions ([{"name": …, "released": true, "releaseDate": …}])', jiraVersionFields, options, summary);
}

export async function* parseGithubReleasesJson(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  summary: ParseSummary,
): AsyncGenerator<ParsedItem> {
  const json = await readJsonDocuments(input, options);
  yield* releasesOf(json, [], 'GitHub releases ([{"tag_name": …, "published_at": …}])', githubReleaseFields, options, summary);
}
