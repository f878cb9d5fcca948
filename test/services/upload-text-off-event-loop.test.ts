/**
 * An upload's parsing and redaction run in a worker thread (issue 24): the server's event loop —
 * which, with the embedded database, serves the whole dashboard — keeps turning while a file with
 * slow text is imported, and the row that once stalled imports for hours loads at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { redactText } from '@/lib/redact';
import { importUpload } from '@/lib/services/import-upload';
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
    // 8 MB of card numbers: each is found, Luhn-checked and replaced — seconds of work that inline
    // would block the event loop for — while what is stored and analysed afterwards ("[card] …")
    // is cheap. (The analysis that follows an upload runs on this thread.) The machine is shared,
    // so the longest pause is compared with what redacting the text takes here and now.
    const text = '4111 1111 1111 1111 '.repeat(400_000);
    const started = performance.now();
    redactText(text);
    const inline = performance.now() - started;
    const csv = `${HEADER}S-1,2025-01-02T00:00:00Z,Many cards,"${text}"\n`;
    let worst = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 10);
    try {
      const outcome = await importUpload(database.db, bodyOf(csv), { fileName: 'numbers.csv', timeZone: 'UTC' });
      expect(outcome.ingest).toMatchObject({ inserted: 1 });
    } finally {
      clearInterval(ticker);
    }
    expect(worst).toBeLessThan(inline / 2);
  });
});
