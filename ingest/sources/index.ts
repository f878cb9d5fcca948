/**
 * The single entry point of the parsers: an export file's bytes in, normalized records out.
 *
 * Error contract for callers:
 * - a bad row is yielded as `{kind: 'rejected'}` (line, field, reason) and parsing goes on;
 * - a problem with the whole file (empty, not UTF-8, missing column, broken JSON, > 512 MB JSON)
 *   is thrown as an AppError('InvalidInput') whose message names the file. CSV formats stream,
 *   so such an error (e.g. a bad byte on line 90 000) can arrive after rows were yielded: treat
 *   the file as failed.
 * - CSV: when a later row repeats an id with a newer updated time, both rows are yielded in
 *   file order (the newer one last); JSON formats yield each id once.
 */
import { AppError } from '@/db/errors';
import { isValidTimeZone } from '@/lib/time';
import { parseCsvEvents } from './csv-events';
import { parseCsvTickets } from './csv-tickets';
import { parseFreshdeskCsv } from './freshdesk-csv';
import { parseFreshdeskJson } from './freshdesk-json';
import { parseGitTags } from './git-tags';
import { parseGithubJson } from './github-json';
import { parseJiraCsv } from './jira-csv';
import { parseJiraJson } from './jira-json';
import { parseReleasesCsv } from './releases-csv';
import { parseGithubReleasesJson, parseJiraVersionsJson, parseReleasesJson } from './releases-json';
import { emptySummary, type ParseSummary } from './summary';
import type { FileKind, ParsedItem, ParseOptions, SourceFormat } from './types';
import { parseZendeskJson } from './zendesk-json';

export { detectFileKind, kindsForSource, SUPPORTED_FORMATS } from './detect';
export { formatRejectedRow } from './rejects';
export type { ParseSummary, SkipReason } from './summary';

type Parser = (input: AsyncIterable<Buffer | string>, options: ParseOptions, summary: ParseSummary) => AsyncGenerator<ParsedItem>;

const PARSERS: Record<FileKind, Parser> = {
  'csv-tickets': parseCsvTickets,
  'csv-events': parseCsvEvents,
  'jira-csv': parseJiraCsv,
  'jira-json': parseJiraJson,
  'zendesk-json': parseZendeskJson,
  'freshdesk-json': parseFreshdeskJson,
  'freshdesk-csv': parseFreshdeskCsv,
  'github-json': parseGithubJson,
  'releases-csv': parseReleasesCsv,
  'releases-json': parseReleasesJson,
  'jira-versions-json': parseJiraVersionsJson,
  'github-releases-json': parseGithubReleasesJson,
  'git-tags': parseGitTags,
};

const SOURCE_OF_KIND: Record<FileKind, SourceFormat | null> = {
  'csv-tickets': 'csv',
  'csv-events': 'csv',
  'jira-csv': 'jira',
  'jira-json': 'jira',
  'zendesk-json': 'zendesk',
  'freshdesk-json': 'freshdesk',
  'freshdesk-csv': 'freshdesk',
  'github-json': 'github',
  'releases-csv': null,
  'releases-json': null,
  'jira-versions-json': null,
  'github-releases-json': null,
  'git-tags': null,
};

/** The `source` tickets of this kind are stored under; null for release files. */
export function sourceOfKind(kind: FileKind): SourceFormat | null {
  return SOURCE_OF_KIND[kind];
}

function optionsProblem(options: ParseOptions): AppError | null {
  if (!isValidTimeZone(options.timeZone)) {
    return new AppError('InvalidInput', `${options.fileName}: unknown time zone "${options.timeZone}"`, {
      hint: 'Use an IANA zone name such as Europe/Paris or America/New_York.',
    });
  }
  if (options.encoding !== undefined && options.encoding !== 'utf8' && options.encoding !== 'latin1') {
    return new AppError('InvalidInput', `${options.fileName}: unknown encoding "${String(options.encoding)}" (use utf8 or latin1)`);
  }
  return null;
}

/**
 * Parses a file and also reports what was skipped on purpose (pull requests, deleted tickets,
 * unreleased versions…). `summary` is complete once `items` has been iterated to the end.
 */
export function parseFileWithSummary(
  kind: FileKind,
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
): { items: AsyncGenerator<ParsedItem>; summary: ParseSummary } {
  const summary = emptySummary();
  const parser = PARSERS[kind];
  let problem: AppError | null = optionsProblem(options);
  if (problem === null && parser === undefined) problem = new AppError('InvalidInput', `${options.fileName}: unknown file kind "${kind}"`);
  // The parser's own generator is returned, not wrapped: a wrapping generator costs a promise per row.
  const items = problem === null ? parser(input, options, summary) : failing(problem);
  return { items, summary };
}

async function* failing(error: AppError): AsyncGenerator<ParsedItem> {
  throw error;
}

/** Parses one export file of a known kind into tickets, events, releases and rejected rows. */
export function parseFile(kind: FileKind, input: AsyncIterable<Buffer | string>, options: ParseOptions): AsyncGenerator<ParsedItem> {
  return parseFileWithSummary(kind, input, options).items;
}
