/**
 * Which export a file is, decided from its first ~64 KB of content (the extension alone says
 * too little: `export.csv` may be Jira, Freshdesk or a hand-made sheet).
 *
 * JSON is classified by the field names seen in the head (a truncated head cannot be parsed,
 * and the names are what tells Zendesk from Freshdesk from GitHub); CSV by its header row;
 * `git log` output by its line shape. When the user forces a source (`--source jira`), pass it
 * as `source`: detection then only chooses among that source's kinds (see `kindsForSource`)
 * and falls back to the source's main kind for the file's shape (CSV or JSON).
 */
import { AppError } from '@/db/errors';
import { sniffDelimiter } from './csv-stream';
import { TICKET_COLUMNS } from './csv-tickets';
import { normalizeHeader, resolveColumns } from './header-aliases';
import type { FileKind, SourceFormat } from './types';

export const SUPPORTED_FORMATS =
  'tickets CSV (columns id, created, subject or description), events CSV (ticket_id, created_at, author, author_role, body), ' +
  'Jira CSV export, Jira REST issue JSON (one issue or search pages), Freshdesk CSV export, Zendesk incremental export JSON, Freshdesk API JSON, ' +
  'GitHub issues JSON (REST API or gh issue list --json), releases CSV/JSON (version, date), ' +
  'Jira versions JSON, GitHub releases JSON, git log --tags output';

const SOURCE_KINDS: Record<SourceFormat, readonly FileKind[]> = {
  csv: ['csv-tickets', 'csv-events'],
  jira: ['jira-csv', 'jira-json'],
  zendesk: ['zendesk-json'],
  freshdesk: ['freshdesk-csv', 'freshdesk-json'],
  github: ['github-json'],
};

const RELEASE_KINDS: readonly FileKind[] = ['releases-csv', 'releases-json', 'jira-versions-json', 'github-releases-json', 'git-tags'];

/** The ticket/event kinds a forced `--source` may resolve to (release files are source-less and always allowed). */
export function kindsForSource(source: SourceFormat): readonly FileKind[] {
  return SOURCE_KINDS[source];
}

/** The kind a forced source falls back to when the content matches none of its kinds exactly. */
const SOURCE_DEFAULT: Record<SourceFormat, { csv?: FileKind; json?: FileKind }> = {
  csv: { csv: 'csv-tickets' },
  jira: { csv: 'jira-csv', json: 'jira-json' },
  zendesk: { json: 'zendesk-json' },
  freshdesk: { csv: 'freshdesk-csv', json: 'freshdesk-json' },
  github: { json: 'github-json' },
};

const JSON_KEY = /(?<!\\)"([A-Za-z_][A-Za-z0-9_]{0,40})"\s*:/g;
const ZENDESK_MARKERS = ['raw_subject', 'submitter_id', 'via', 'generated_timestamp', 'has_incidents', 'brand_id', 'end_of_stream', 'after_cursor', 'ticket_form_id', 'collaborator_ids', 'ticket_events', 'metric_sets'];
const FRESHDESK_MARKERS = ['responder_id', 'description_text', 'fr_due_by', 'fr_escalated', 'is_escalated', 'company_id'];

function jsonKeys(head: string): Set<string> {
  const keys = new Set<string>();
  for (const m of head.matchAll(JSON_KEY)) keys.add(m[1]);
  return keys;
}

function classifyJson(head: string): FileKind | null {
  const k = jsonKeys(head);
  const has = (...names: string[]) => names.some((n) => k.has(n));
  const count = (names: string[]) => names.filter((n) => k.has(n)).length;
  const freshdesk = count(FRESHDESK_MARKERS);
  const zendesk = count(ZENDESK_MARKERS);
  const numericStatus = /"status"\s*:\s*\d/.test(head) && /"priority"\s*:\s*\d/.test(head);
  // Before the versions check: an issue's fixVersions carry name/releaseDate/released too.
  if (has('fields') && has('key') && has('issuetype', 'created', 'updated', 'summary')) return 'jira-json';
  if (freshdesk >= 1 && freshdesk >= zendesk) return 'freshdesk-json';
  if (numericStatus && has('requester_id')) return 'freshdesk-json';
  if (zendesk >= 1 && (has('tickets', 'ticket_events') || zendesk >= 2)) return 'zendesk-json';
  if (has('tag_name') && has('published_at', 'draft', 'prerelease')) return 'github-releases-json';
  if (has('number') && has('title')) return 'github-json';
  if (has('name') && has('releaseDate', 'userReleaseDate', 'released')) return 'jira-versions-json';
  if (has('version') && has('date', 'release_date', 'released_at', 'releasedAt')) return 'releases-json';
  return null;
}

/** First CSV record of the head (quotes honored, so a quoted header cell may hold a newline). */
export function csvHeaderCells(head: string): string[] {
  const delimiter = sniffDelimiter(head);
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const ch = head[i];
    if (quoted) {
      if (ch === '"') {
        if (head[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') break;
    else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

function classifyCsv(headers: string[]): FileKind | null {
  const h = new Set(headers.map(normalizeHeader));
  const has = (...names: string[]) => names.some((n) => h.has(normalizeHeader(n)));
  if (has('Summary') && has('Issue id', 'Issue key')) return 'jira-csv';
  if (has('Ticket ID') && has('Created time')) return 'freshdesk-csv';
  if (has('ticket_id', 'ticket') && has('author_role', 'role') && has('body', 'text', 'comment', 'message') && has('created_at', 'created', 'timestamp')) {
    return 'csv-events';
  }
  const tickets = resolveColumns(headers, TICKET_COLUMNS);
  if (tickets.has('id') && tickets.has('created') && (tickets.has('subject') || tickets.has('description'))) return 'csv-tickets';
  if (has('version', 'release', 'tag') && has('date', 'release_date', 'released_at', 'released', 'release date', 'published_at')) return 'releases-csv';
  return null;
}

const GIT_LOG_LINE = /^(?:[0-9a-f]{7,40}\s+)?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}\s*(?:[+-]\d{2}:?\d{2}|Z)?(?:\s|$)/;

function looksLikeGitLog(text: string): boolean {
  const lines = text.split('\n', 20).map((l) => l.trim()).filter((l) => l !== '');
  // The head may end inside a line: judge by the complete ones.
  const complete = lines.length > 1 ? lines.slice(0, -1) : lines;
  return complete.length > 0 && complete.every((l) => GIT_LOG_LINE.test(l));
}

/** Text exports never contain NUL characters; archives and other binary files almost always do. */
function binaryKind(text: string): string | null {
  if (!text.slice(0, 4096).includes('\u0000')) return null;
  if (text.startsWith('PK\u0003\u0004')) return 'a zip archive';
  if (text.startsWith('\u001f\u008b') || text.startsWith('\u001f\ufffd')) return 'a gzip file';
  return 'a binary file';
}

function unknownFormat(fileName: string, seen: string, source?: SourceFormat): AppError {
  const forced = source === undefined ? '' : ` (--source ${source} was given)`;
  return new AppError('InvalidInput', `${fileName}: cannot tell which export this is${forced}; saw ${seen}.`, {
    hint: `Supported: ${SUPPORTED_FORMATS}.`,
  });
}

function shortened(text: string, max = 200): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length <= max ? s : s.slice(0, max) + '…';
}

/**
 * The kind of an export file from its first bytes (`head`, ~64 KB decoded as text).
 * Throws an AppError naming the file, what was seen and the supported formats when unknown.
 */
export function detectFileKind(head: string, fileName: string, source?: SourceFormat): FileKind {
  const text = (head.charCodeAt(0) === 0xfeff ? head.slice(1) : head).trimStart();
  if (text === '') throw new AppError('InvalidInput', `${fileName} is empty.`, { hint: `Supported: ${SUPPORTED_FORMATS}.` });
  const binary = binaryKind(text);
  if (binary !== null) {
    // Never unpacked here (a zip bomb stays a few bytes read): the user unpacks and ingests what is inside.
    throw new AppError('InvalidInput', `${fileName} is ${binary}, not a text export.`, {
      hint: `Unpack or convert it and ingest the files inside. Supported: ${SUPPORTED_FORMATS}.`,
    });
  }
  const isJson = text[0] === '{' || text[0] === '[';
  let kind: FileKind | null;
  let seen: string;
  if (isJson) {
    kind = classifyJson(text);
    const keys = [...jsonKeys(text)].slice(0, 15);
    seen = keys.length > 0 ? `JSON with the fields ${keys.join(', ')}` : 'JSON without recognizable fields';
  } else if (looksLikeGitLog(text)) {
    kind = 'git-tags';
    seen = 'git log output';
  } else {
    const headers = csvHeaderCells(text);
    kind = headers.length > 1 ? classifyCsv(headers) : null;
    seen = headers.length > 1 ? `a CSV header: ${shortened(headers.join(', '), 400)}` : `text starting "${shortened(text)}"`;
  }
  if (source === undefined) {
    if (kind === null) throw unknownFormat(fileName, seen);
    return kind;
  }
  if (kind !== null && (SOURCE_KINDS[source].includes(kind) || RELEASE_KINDS.includes(kind))) return kind;
  const fallback = isJson ? SOURCE_DEFAULT[source].json : kind === 'git-tags' ? undefined : SOURCE_DEFAULT[source].csv;
  if (fallback !== undefined) return fallback;
  throw unknownFormat(fileName, kind === null ? seen : `${seen} (it looks like ${kind})`, source);
}
