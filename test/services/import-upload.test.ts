/**
 * An upload from the Imports page: streamed to a temporary file under a size limit, ingested like
 * the CLI (format detected) and analysed, one at a time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { listIngestRuns } from '@/lib/queries/imports';
import { queryRows } from '@/db/client';
import { AppError, httpStatusOf } from '@/db/errors';
import { importUpload, safeFileName } from '@/ingest/upload';
import { PROJECT_ROOT } from '../helpers/cli';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

const fixture = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/sources', name));

/** A request body as the browser streams it, in small chunks. */
function bodyOf(bytes: Uint8Array, chunk = 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

const counts = async (database: TestDatabase) =>
  (
    await queryRows<{ tickets: number; runs: number; analyses: number }>(
      database.db,
      sql`select (select count(*)::int from tickets) as tickets, (select count(*)::int from ingest_runs) as runs,
                 (select count(*)::int from analysis_runs) as analyses`,
    )
  )[0];

describe.each(TEST_ENGINES)('importUpload (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('ingests a tickets export, reports rejected rows, and analyses', async () => {
    const bytes = fixture('tickets-generic.csv');
    const outcome = await importUpload(database.db, bodyOf(bytes), { fileName: 'C:\\exports\\tickets generic.csv', timeZone: 'UTC' });
    expect(outcome.fileName).toBe('tickets_generic.csv');
    expect(outcome.bytes).toBe(bytes.length);
    expect(outcome.ingest?.kind).toBe('csv-tickets');
    expect(outcome.ingest!.inserted).toBeGreaterThanOrEqual(4);
    expect(outcome.ingest!.rejected).toBeGreaterThan(0);
    expect(outcome.ingest!.rejectedSample[0]).toMatchObject({ line: expect.any(Number), reason: expect.any(String) });
    const after = await counts(database);
    expect(after.tickets).toBe(outcome.ingest!.inserted);
    expect(after.analyses).toBe(1);
    expect(outcome.analysis.runId).toBeGreaterThan(0);
    // The same file again changes nothing.
    const again = await importUpload(database.db, bodyOf(bytes), { fileName: 'tickets.csv', timeZone: 'UTC' });
    expect(again.ingest).toMatchObject({ inserted: 0, updated: 0 });
    expect(again.ingest!.unchanged).toBeGreaterThanOrEqual(outcome.ingest!.inserted);
  });

  it('configures agents from an agents CSV', async () => {
    const csv = new TextEncoder().encode('name,team,timezone,work_start,work_end,work_days\nPriya Raman,Tier 1,Europe/London,09:00,18:00,Mon-Fri\n');
    const outcome = await importUpload(database.db, bodyOf(csv), { fileName: 'agents.csv', timeZone: 'UTC' });
    expect(outcome.ingest).toBeNull();
    expect(outcome.agentsConfigured).toBe(1);
    // Listed on the Imports page like any file (issue 17): read 1, added 1; again: updated 1.
    const [run] = await listIngestRuns(database.db, 1);
    expect(run).toMatchObject({ file: 'agents.csv', kind: 'agents', status: 'succeeded', rowsRead: 1, inserted: 1, updated: 0 });
    await importUpload(database.db, bodyOf(csv), { fileName: 'agents.csv', timeZone: 'UTC' });
    expect((await listIngestRuns(database.db, 1))[0]).toMatchObject({ kind: 'agents', rowsRead: 1, inserted: 0, updated: 1 });
    // A broken agents file is a failed run with its error.
    const broken = new TextEncoder().encode('name,team,timezone\nPriya Raman,Tier 1,Mars/Olympus\n');
    await expect(importUpload(database.db, bodyOf(broken), { fileName: 'agents.csv', timeZone: 'UTC' })).rejects.toThrow();
    expect((await listIngestRuns(database.db, 1))[0]).toMatchObject({ kind: 'agents', status: 'failed', error: expect.stringMatching(/agents\.csv/) });
  });

  it('refuses a file over the limit before or while reading it, loading nothing', async () => {
    const before = await counts(database);
    const bytes = fixture('tickets-generic.csv');
    await expect(importUpload(database.db, bodyOf(bytes), { fileName: 'big.csv', timeZone: 'UTC', limit: 100 })).rejects.toThrow(/larger than the upload limit/);
    await expect(
      importUpload(database.db, bodyOf(bytes), { fileName: 'big.csv', timeZone: 'UTC', declaredBytes: 300 * 1024 * 1024 }),
    ).rejects.toThrow(/larger than the upload limit of 200 MB/);
    expect(await counts(database)).toEqual(before);
  });

  it('answers TooLarge (413) with the limit in words, whichever way the size shows', async () => {
    const bytes = fixture('tickets-generic.csv');
    const error = await importUpload(database.db, bodyOf(bytes), { fileName: 'big.csv', timeZone: 'UTC', limit: 1536 }).catch((e: AppError) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'TooLarge', message: expect.stringMatching(/^big\.csv is larger than the upload limit of 2 kB \(SUPPORT_TRENDS_UPLOAD_LIMIT_MB\); nothing was imported\.$/) });
    expect(httpStatusOf(error)).toBe(413);
  });

  it('stores nothing from a body shorter than its Content-Length (a cut upload)', async () => {
    const before = await counts(database);
    const bytes = fixture('tickets-generic.csv');
    const cut = bytes.subarray(0, bytes.lastIndexOf(10, bytes.length - 200) + 1); // cut at a row boundary, as the proxy did
    await expect(importUpload(database.db, bodyOf(cut), { fileName: 'cut.csv', timeZone: 'UTC', declaredBytes: bytes.length })).rejects.toMatchObject({
      code: 'InvalidInput',
      message: expect.stringMatching(new RegExp(`cut\\.csv arrived cut: ${cut.length.toLocaleString('en-US')} of the ${bytes.length.toLocaleString('en-US')} bytes announced; nothing was imported`)),
    });
    expect(await counts(database)).toEqual(before);
  });

  it('says clearly when a file is empty or of no known format', async () => {
    await expect(importUpload(database.db, bodyOf(new Uint8Array()), { fileName: 'empty.csv', timeZone: 'UTC' })).rejects.toThrow(/empty/);
    await expect(importUpload(database.db, bodyOf(fixture('unknown.csv')), { fileName: 'unknown.csv', timeZone: 'UTC' })).rejects.toThrow(/cannot tell which export/);
  });

  it('runs one upload at a time', async () => {
    const bytes = fixture('tickets-generic.csv');
    const first = importUpload(database.db, bodyOf(bytes), { fileName: 'a.csv', timeZone: 'UTC' });
    const second = importUpload(database.db, bodyOf(bytes), { fileName: 'b.csv', timeZone: 'UTC' });
    await expect(second).rejects.toThrow(/Another upload is being imported/);
    await expect(first).resolves.toMatchObject({ fileName: 'a.csv' });
  });
});

describe('safeFileName', () => {
  it('keeps the base name and extension, nothing that could leave the directory', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..')).toBe('upload');
    expect(safeFileName('Zendesk export (März).json')).toBe('Zendesk_export_M_rz_.json');
  });
});
