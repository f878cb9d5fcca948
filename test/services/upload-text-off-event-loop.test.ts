/**
 * An upload's parsing and redaction run in a worker thread (issue 24): the server's event loop —
 * which, with the embedded database, serves the whole dashboard — keeps turning while a file with
 * slow text is imported, and the row that once stalled imports for hours loads at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { redactText } from '@/lib/redact';
import { importUpload } from '@/ingest/upload';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

function bodyOf(text: string): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 65_536));
      offset += 65_536;
    },
  });
}

const HEADER = 'id,created_at,subject,description\n';
const REPRODUCTION = `${HEADER}X-1,2025-01-01T00:00:00Z,Signing fails,"signature: abCd3Ef4Gh5Ij6Kl7Mn8Op9Qr0St1Uv2Wx3Yz4Ab5Cd+x/Rs2Tu3Vw4Xy5Za6Bc7De8Fg9Hi0Jk1Lm2No3Pq4"\n`;

describe('uploads with slow text', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(async () => database?.dispose());

  it('load the reproduction row of issue 24 with its signature redacted', async () => {
    const outcome = await importUpload(database.db, bodyOf(REPRODUCTION), { fileName: 'repro.csv', timeZone: 'UTC' });
    expect(outcome.ingest).toMatchObject({ inserted: 1, conservativeRecords: 0 });
    const [row] = await queryRows<{ description: string }>(database.db, sql`select description from tickets where external_id = 'X-1'`);
    expect(row.description).toBe('signature: [secret]');
  });

  it('keep the event loop turning while the worker redacts (seconds of detector work in one ticket)', async () => {
    // 8 MB of card numbers: each is found, Luhn-checked and replaced — work that inline blocks
    // the event loop for in one stretch. The machine is shared, so the longest pause during the
    // ingest (from the run's start to its end: parsing, redaction, writing) is compared with what
    // redacting the text takes here and now. (The analysis after it runs on this thread.)
    const text = '4111 1111 1111 1111 '.repeat(400_000);
    const started = performance.now();
    redactText(text);
    const inline = performance.now() - started;
    const csv = `${HEADER}S-1,2025-01-02T00:00:00Z,Many cards,"${text}"\n`;
    const pauses: { end: number; ms: number }[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      pauses.push({ end: Date.now(), ms: now - last });
      last = now;
    }, 10);
    try {
      const outcome = await importUpload(database.db, bodyOf(csv), { fileName: 'numbers.csv', timeZone: 'UTC' });
      expect(outcome.ingest).toMatchObject({ inserted: 1 });
    } finally {
      clearInterval(ticker);
    }
    const [run] = await queryRows<{ started: Date; finished: Date }>(
      database.db,
      sql`select started_at as started, finished_at as finished from ingest_runs where file like '%numbers.csv' order by id desc limit 1`,
    );
    // Each pause clipped to the ingest: a pause that runs on into the analysis counts up to the run's end.
    const from = new Date(run.started).getTime();
    const to = new Date(run.finished).getTime();
    const during = pauses.map((p) => Math.min(p.end, to) - Math.max(p.end - p.ms, from)).filter((ms) => ms > 0);
    expect(during.length).toBeGreaterThan(0);
    expect(Math.max(...during)).toBeLessThan(inline / 2);
  });
});
