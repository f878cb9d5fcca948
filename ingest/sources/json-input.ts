/**
 * Reading JSON exports: the whole file (≤ 512 MB), possibly several documents back to back
 * (`gh api --paginate` prints `[...][...]`; `cat page-*.json` gives `{...}{...}`), and the line
 * where each record starts so rejected rows point somewhere useful in pretty-printed files.
 *
 * JSON.parse cannot report positions of values, so a small structural scan (strings skipped
 * with indexOf) records the line of every array element near the top of the document; the
 * parsers walk the parsed arrays in the same order and take the lines from there.
 */
import { AppError } from '@/db/errors';
import { readWholeText } from './decode';
import type { ParseOptions } from './types';

export interface JsonRecord {
  value: unknown;
  /** 1-based line where the record starts. */
  line: number;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Array elements are located down to this nesting depth (pages → tickets is depth 3). */
const MAX_DEPTH = 3;

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let at = text.indexOf('\n');
  while (at !== -1 && at < position) {
    line++;
    lineStart = at + 1;
    at = text.indexOf('\n', at + 1);
  }
  return { line, column: position - lineStart + 1 };
}

/** Line numbers of array elements, keyed by "<depth>:<key of the array>". */
class ElementLines {
  private readonly lines = new Map<string, number[]>();
  private readonly cursors = new Map<string, number>();

  constructor(text: string) {
    const n = text.length;
    const isArray: boolean[] = [];
    const keys: string[] = [];
    let line = 1;
    let pendingKey = '';
    let lastStringStart = 0;
    let lastStringEnd = 0;
    let elementStart = false;
    for (let i = 0; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) {
        line++;
        continue;
      }
      if (ch === 32 || ch === 9 || ch === 13) continue;
      const depth = isArray.length;
      if (elementStart) {
        elementStart = false;
        if (ch !== 93 && depth <= MAX_DEPTH) this.record(`${depth}:${keys[depth - 1]}`, line);
      }
      if (ch === 34) {
        // Skip the string; a quote preceded by an odd number of backslashes is escaped.
        let j = i + 1;
        for (;;) {
          j = text.indexOf('"', j);
          if (j === -1) {
            j = n;
            break;
          }
          let backslashes = 0;
          while (text.charCodeAt(j - 1 - backslashes) === 92) backslashes++;
          if (backslashes % 2 === 0) break;
          j++;
        }
        lastStringStart = i;
        lastStringEnd = j;
        i = j;
        continue;
      }
      if (ch === 58) {
        if (depth <= MAX_DEPTH) pendingKey = text.slice(lastStringStart + 1, lastStringEnd);
      } else if (ch === 123) {
        isArray.push(false);
        keys.push('');
      } else if (ch === 91) {
        const insideArray = depth === 0 || isArray[depth - 1];
        isArray.push(true);
        keys.push(insideArray ? '' : pendingKey);
        elementStart = true;
      } else if (ch === 125 || ch === 93) {
        isArray.pop();
        keys.pop();
      } else if (ch === 44) {
        if (depth > 0 && isArray[depth - 1]) elementStart = true;
      }
    }
  }

  private record(signature: string, line: number): void {
    const list = this.lines.get(signature);
    if (list) list.push(line);
    else this.lines.set(signature, [line]);
  }

  /** Line of the next element of an array at `depth` stored under `key` ('' for root/nested arrays). */
  next(depth: number, key: string): number {
    const signature = `${depth}:${key}`;
    const i = this.cursors.get(signature) ?? 0;
    this.cursors.set(signature, i + 1);
    return this.lines.get(signature)?.[i] ?? 1;
  }
}

export interface JsonDocuments {
  docs: unknown[];
  lines: ElementLines;
  fileName: string;
}

const AFTER_JSON = /non-whitespace character after JSON at position (\d+)/;
const AT_POSITION = /at position (\d+)/;

function syntaxError(fileName: string, text: string, docStart: number, error: unknown): AppError {
  const message = error instanceof Error ? error.message : String(error);
  const m = AT_POSITION.exec(message);
  const position = m ? docStart + Number(m[1]) : /end of JSON input/.test(message) ? text.length : -1;
  let where = '';
  let truncated = false;
  if (position >= 0) {
    const { line, column } = lineAndColumn(text, position);
    truncated = text.slice(position).trim() === '';
    where = truncated
      ? ` at its end (line ${line}, column ${column}, after character ${text.length})`
      : ` at line ${line}, column ${column} (character ${position + 1} of ${text.length})`;
  }
  return new AppError(
    'InvalidInput',
    `${fileName} is not valid JSON${where}: ${message}${truncated ? ' — the file ends in the middle of the data (truncated?)' : ''}`,
    { hint: truncated ? 'The download or export was probably interrupted: export the file again.' : 'Check the file is an unmodified JSON export.', cause: error },
  );
}

/** Parses the whole file as one or more JSON documents; throws an AppError with the position of a syntax error. */
export async function readJsonDocuments(input: AsyncIterable<Buffer | string>, options: ParseOptions): Promise<JsonDocuments> {
  const text = await readWholeText(input, options);
  if (text.trim() === '') throw new AppError('InvalidInput', `${options.fileName} is empty: expected a JSON export.`);
  const docs: unknown[] = [];
  let start = 0;
  // Where the document at `start` ends; -1: not known yet (-2: no end, it runs to the end of the text).
  let end = -1;
  try {
    docs.push(JSON.parse(text));
    start = text.length;
  } catch (error) {
    const after = error instanceof SyntaxError ? AFTER_JSON.exec(error.message) : null;
    if (after === null) throw syntaxError(options.fileName, text, 0, error);
    end = Number(after[1]);
  }
  // Several documents back to back: each next one is delimited by a structural scan and parsed
  // alone. (Finding each end from a failed parse, as for the first, costs an exception per
  // document: seconds for a megabyte of `[] [] [] …`.)
  while (start < text.length) {
    if (end === -1) {
      start = skipWhitespace(text, start);
      if (start === text.length) break;
      end = documentEnd(text, start);
    }
    try {
      docs.push(JSON.parse(end === -2 ? text.slice(start) : text.slice(start, end)));
    } catch (error) {
      throw syntaxError(options.fileName, text, start, error);
    }
    if (end === -2) break;
    start = end;
    end = -1;
  }
  return { docs, lines: new ElementLines(text), fileName: options.fileName };
}

function isJsonWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isJsonWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** Index of the quote closing the string that opens at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  let j = open + 1;
  for (;;) {
    j = text.indexOf('"', j);
    if (j === -1) return -1;
    let backslashes = 0;
    while (text.charCodeAt(j - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return j;
    j++;
  }
}

/**
 * End (exclusive) of the JSON value starting at `start`, from its structure alone: brackets
 * counted outside strings, a string to its closing quote, a number or literal to the next
 * whitespace or structural character. -2 when it does not end (JSON.parse then says why).
 */
function documentEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === 34) {
    const close = stringEnd(text, start);
    return close === -1 ? -2 : close + 1;
  }
  if (first !== 123 && first !== 91) {
    let i = start;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (isJsonWhitespace(c) || c === 123 || c === 91 || c === 125 || c === 93 || c === 34 || c === 44 || c === 58) break;
      i++;
    }
    return i === start ? start + 1 : i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = stringEnd(text, i);
      if (i === -1) return -2;
    } else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
  }
  return -2;
}

/**
 * The records of an export, across concatenated documents: a bare array, an envelope object
 * `{<key>: [...]}` with the first of `keys` that holds an array, or an array of such pages.
 * Null when a document has none of these shapes.
 */
export function recordsOf(json: JsonDocuments, keys: readonly string[]): JsonRecord[] | null {
  const out: JsonRecord[] = [];
  const envelopeKey = (value: unknown) => (isObject(value) ? keys.find((k) => Array.isArray(value[k])) : undefined);
  for (const doc of json.docs) {
    if (Array.isArray(doc)) {
      const pages = keys.length > 0 && doc.length > 0 && doc.every((page) => envelopeKey(page) !== undefined);
      if (pages) {
        for (const page of doc) {
          const key = envelopeKey(page)!;
          json.lines.next(1, '');
          for (const value of (page as Record<string, unknown>)[key] as unknown[]) out.push({ value, line: json.lines.next(3, key) });
        }
      } else {
        for (const value of doc) out.push({ value, line: json.lines.next(1, '') });
      }
    } else {
      const key = envelopeKey(doc);
      if (key === undefined) return null;
      for (const value of (doc as Record<string, unknown>)[key] as unknown[]) out.push({ value, line: json.lines.next(2, key) });
    }
  }
  return out;
}

/** Side-loaded arrays (`users`, `organizations`…) from every envelope object or page. */
export function sideLoaded(json: JsonDocuments, key: string): unknown[] {
  const out: unknown[] = [];
  const take = (value: unknown) => {
    // A loop, not push(...array): spreading 100k+ side-loaded users overflows the call stack.
    if (isObject(value) && Array.isArray(value[key])) for (const item of value[key] as unknown[]) out.push(item);
  };
  for (const doc of json.docs) {
    if (Array.isArray(doc)) doc.forEach(take);
    else take(doc);
  }
  return out;
}

/** What the top level looked like, for "unrecognized JSON" messages. */
export function describeShape(json: JsonDocuments): string {
  const doc = json.docs[0];
  if (Array.isArray(doc)) {
    const first = doc[0];
    return isObject(first) ? `an array of objects with keys ${Object.keys(first).slice(0, 12).join(', ')}` : `an array of ${typeof first}`;
  }
  if (isObject(doc)) return `an object with keys ${Object.keys(doc).slice(0, 12).join(', ')}`;
  return `a ${typeof doc}`;
}

/** The value as JSON text for a rejected row's `raw` (never throws, whatever the value). */
export function rawJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A field value as shown in a message: text as is, anything else as JSON. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? value : rawJson(value);
}
