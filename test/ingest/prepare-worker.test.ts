/**
 * The parsing worker (started from a bundle built on first use) prepares files exactly as the
 * inline path does, reports its progress, and brings the parser's errors back as they were.
 */
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { ingestFile, type IngestProgress } from '@/ingest/ingest-file';
import { ingestItems } from '@/ingest/load/ingest-items';
import { createPreparer, prepareStream, type PreparedItem } from '@/ingest/load/prepare';
import { prepareFileInWorker } from '@/ingest/load/prepared-file';
import { prepareWorkerScript } from '@/ingest/load/worker-script';
import { parseFileWithSummary } from '@/ingest/sources';
import type { FileKind } from '@/ingest/sources/types';
import { AppError } from '@/db/errors';
import { PII_KINDS } from '@/lib/redact';
import { getIngestRun, listIngestRuns } from '@/lib/queries/imports';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';
import { chunked, fixture, fixturePath } from './sources/parse-helpers';

const SETTINGS = { kinds: [...PII_KINDS], secret: 'a-test-secret-of-16+' };
const FILES: [FileKind, string][] = [
  ['csv-tickets', 'tickets-generic.csv'],
  ['csv-events', 'events.csv'],
  ['jira-csv', 'jira-cloud-export.csv'],
  ['zendesk-json', 'zendesk-incremental.json'],
  ['github-json', 'github-issues-rest.json'],
  ['releases-csv', 'releases.csv'],
];

async function collect(items: AsyncIterable<PreparedItem>): Promise<PreparedItem[]> {
  const out: PreparedItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('the parsing worker', () => {
  it('prepares every format exactly as the inline path, with its progress', async () => {
    for (const [kind, name] of FILES) {
      const options = { fileName: name, timeZone: 'UTC' };
      const worker = prepareFileInWorker(fixturePath(name), kind, options, SETTINGS);
      const fromWorker = await collect(worker.items);
      const inline = await collect(prepareStream(parseFileWithSummary(kind, chunked(fixture(name)), options).items, createPreparer(SETTINGS)));
      expect(fromWorker, name).toEqual(inline);
      expect(fromWorker.length).toBeGreaterThan(0);
      expect(worker.progress.rowsPrepared).toBe(fromWorker.length);
      expect(worker.progress.bytesRead).toBe(statSync(fixturePath(name)).size);
    }
  });

  it('is bundled once per process, as a module that needs no TypeScript loader', async () => {
    const first = prepareWorkerScript();
    expect(prepareWorkerScript()).toBe(first);
    const url = await first;
    expect(url.protocol).toBe('data:');
    const code = Buffer.from(url.href.slice(url.href.indexOf(',') + 1), 'base64').toString('utf8');
    expect(code).not.toMatch(/from ["']@\//); // every @/ import resolved into the bundle
  });

  it('brings back the parser’s error for a file it cannot read', async () => {
    const worker = prepareFileInWorker(fixturePath('empty.csv'), 'csv-tickets', { fileName: 'empty.csv', timeZone: 'UTC' }, SETTINGS);
    const error = await collect(worker.items).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/^empty\.csv is empty/);
  });
});

describe.each(TEST_ENGINES)('file ingest through the worker (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => database?.dispose());

  it('loads what the inline path loads and reports progress with the rows stored', async () => {
    const progress: IngestProgress[] = [];
    const summary = await ingestFile(database.db, fixturePath('tickets-generic.csv'), { timeZone: 'UTC', useWorker: true, onProgress: (p) => progress.push(p) });
    expect(summary.inserted).toBeGreaterThan(0);
    expect(summary.conservativeRecords).toBe(0);
    expect(progress.at(-1)).toMatchObject({ rowsStored: summary.rowsRead, rowsRead: summary.rowsRead, bytesRead: statSync(fixturePath('tickets-generic.csv')).size });
    const again = await ingestFile(database.db, fixturePath('tickets-generic.csv'), { timeZone: 'UTC' });
    expect([again.inserted, again.updated]).toEqual([0, 0]); // the same rows, prepared inline this time
    expect(again.unchanged).toBeGreaterThan(0);
  });

  it('stores the count of records redacted conservatively with the run, for the Imports page', async () => {
    const totals = await ingestItems(database.db, (async function* () {})(), { label: 'pull', kind: 'csv-tickets', source: 'csv' }, { conservativeRecords: () => 3 });
    expect(totals.conservativeRecords).toBe(3);
    const [row] = await queryRows<{ n: number }>(database.db, sql`select conservative_records as n from ingest_runs where id = ${totals.runId}`);
    expect(row.n).toBe(3);
    expect((await getIngestRun(database.db, totals.runId))?.conservativeRecords).toBe(3);
    expect((await listIngestRuns(database.db)).find((r) => r.id === totals.runId)?.conservativeRecords).toBe(3);
  });
});
