/** Shared helpers for the parser tests: fixtures, chunked inputs and collected results. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseFileWithSummary, type ParseSummary } from '@/ingest/sources';
import type { DeletionRecord, EventRecord, FileKind, ParseOptions, RejectedRow, ReleaseRecord, TicketRecord } from '@/ingest/sources/types';

const FIXTURES = fileURLToPath(new URL('../../fixtures/sources/', import.meta.url));

export function fixture(name: string): Buffer {
  return readFileSync(FIXTURES + name);
}

export function fixturePath(name: string): string {
  return FIXTURES + name;
}

/** The bytes as an async iterable of chunks of `size` bytes (1 = byte by byte). */
export async function* chunked(bytes: Buffer, size = 65_536): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Chunks of varying sizes, cutting wherever `cuts` says (positions are taken modulo the length). */
export async function* cutAt(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
  let from = 0;
  for (const p of points) {
    if (p > from) yield bytes.subarray(from, p);
    from = Math.max(from, p);
  }
  if (from < bytes.length) yield bytes.subarray(from);
}

export interface Parsed {
  tickets: TicketRecord[];
  events: EventRecord[];
  releases: ReleaseRecord[];
  deletions: DeletionRecord[];
  rejected: RejectedRow[];
  summary: ParseSummary;
}

export async function parseAll(
  kind: FileKind,
  input: AsyncIterable<Buffer | string>,
  options: Partial<ParseOptions> = {},
): Promise<Parsed> {
  const { items, summary } = parseFileWithSummary(kind, input, { fileName: 'test-file', timeZone: 'UTC', ...options });
  const out: Parsed = { tickets: [], events: [], releases: [], deletions: [], rejected: [], summary };
  for await (const item of items) {
    if (item.kind === 'ticket') out.tickets.push(item.record);
    else if (item.kind === 'event') out.events.push(item.record);
    else if (item.kind === 'release') out.releases.push(item.record);
    else if (item.kind === 'deletion') out.deletions.push(item.record);
    else out.rejected.push(item.row);
  }
  return out;
}

/** Parses a fixture file (whole, or in chunks of `chunkSize`). */
export function parseFixture(kind: FileKind, name: string, options: Partial<ParseOptions> = {}, chunkSize?: number): Promise<Parsed> {
  return parseAll(kind, chunked(fixture(name), chunkSize), { fileName: name, ...options });
}

/** The error a parse throws (fails the test when it does not throw). */
export async function parseError(kind: FileKind, input: AsyncIterable<Buffer | string>, options: Partial<ParseOptions> = {}): Promise<Error> {
  try {
    await parseAll(kind, input, options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the parse to fail');
}

export const iso = (d: Date | null) => (d === null ? null : d.toISOString());
