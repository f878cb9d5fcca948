/**
 * Hostile files through the upload path of the Imports page: each gives a clear error naming the
 * file (or loads what is valid and rejects the rest with a line number), the server process does
 * not crash, and nothing stored before is lost or changed.
 */
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { importUpload } from '@/ingest/upload';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const HEADER = 'id,created_at,subject,description,status\n';
const encode = (text: string) => Buffer.from(text, 'utf8');

/** A body streamed in 64 kB chunks, as a browser sends it. */
function bodyOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 65_536));
      offset += 65_536;
    },
  });
}

/**
 * The start of a zip archive (a local file header and its deflated data) whose entry inflates
 * to 1 GB of zeros from ~1 MB: the classic bomb, here named .csv. We never unzip, so it must
 * simply be refused as a file that is not an export.
 */
function zipBomb(): Buffer {
  const block = deflateRawSync(Buffer.alloc(8 * 1024 * 1024), { level: 9 });
  const compressed = Buffer.concat(Array.from({ length: 128 }, () => block));
  const name = encode('tickets.csv');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); // local file header signature "PK\3\4"
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(0xffffffff, 22); // 4 GB uncompressed, as claimed
  local.writeUInt16LE(name.length, 26);
  return Buffer.concat([local, name, compressed]);
}

describe('hostile uploads', () => {
  let database: TestDatabase;
  let before: { tickets: number; digest: string };

  const snapshot = async () =>
    (
      await queryRows<{ tickets: number; digest: string }>(
        database.db,
        sql`select count(*)::int as tickets, coalesce(md5(string_agg(external_id || ':' || content_hash, ',' order by external_id)), '') as digest
            from tickets`,
      )
    )[0];
  const upload = (bytes: Uint8Array, fileName: string) => importUpload(database.db, bodyOf(bytes), { fileName, timeZone: 'UTC' });

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await upload(encode(`${HEADER}1,2026-01-05T10:00:00Z,Login fails,Cannot sign in,open\n2,2026-01-06T11:00:00Z,Export stuck,Nightly export hangs,solved\n`), 'seed.csv');
    before = await snapshot();
    expect(before.tickets).toBe(2);
  });
  afterAll(async () => database?.dispose());

  it('refuses a gigantic line (20 MB without a newline) by name, storing nothing', async () => {
    const giant = Buffer.alloc(20 * 1024 * 1024, 'a');
    await expect(upload(giant, 'giant-line.csv')).rejects.toThrow(/giant-line\.csv/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a gigantic field (17 MB, as an unbalanced quote makes) naming its line, storing nothing', async () => {
    const bytes = Buffer.concat([
      encode(`${HEADER}10,2026-02-01T09:00:00Z,Before,fine,open\n11,2026-02-01T09:05:00Z,Huge,"`),
      Buffer.alloc(17 * 1024 * 1024, 'b'),
      encode(`",open\n12,2026-02-01T09:10:00Z,After,fine,open\n`),
    ]);
    // After a runaway field the parser cannot tell where rows start again: the file is refused.
    await expect(upload(bytes, 'giant-field.csv')).rejects.toThrow(/^giant-field\.csv: a row at or after line 3 is larger than 16 MB/);
    expect(await snapshot()).toEqual(before);
  });

  it('survives deeply nested JSON (100,000 levels): refused as a whole file, loaded when it sits in a field we ignore', async () => {
    const depth = 100_000;
    const nested = encode(`{"tickets":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    await expect(upload(nested, 'nested.json')).rejects.toThrow(/nested\.json/);
    expect(await snapshot()).toEqual(before);
    // The same depth inside a field of the second ticket of an otherwise valid Zendesk export.
    const ticket = (id: number, extra: string) =>
      `{"id":${id},"created_at":"2026-04-01T09:00:00Z","updated_at":"2026-04-01T09:00:00Z","subject":"Ticket ${id}","description":"x","status":"open","via":{"channel":"web"}${extra}}`;
    const deep = `,"custom_fields":[{"id":1,"value":${'['.repeat(depth)}${']'.repeat(depth)}}]`;
    // Fields we do not read are never walked, so both tickets load.
    const outcome = await upload(encode(`{"tickets":[${ticket(30, '')},${ticket(31, deep)}],"end_of_stream":true}`), 'deep-field.json');
    expect(outcome.ingest).toMatchObject({ kind: 'zendesk-json', inserted: 2, rejected: 0 });
    const after = await snapshot();
    expect(after.tickets).toBe(before.tickets + 2);
    before = after;
  });

  it('refuses invalid UTF-8, naming the line and byte', async () => {
    const bytes = Buffer.concat([encode(`${HEADER}20,2026-03-01T09:00:00Z,Caf`), Buffer.from([0xe9]), encode(`,broken,open\n`)]);
    await expect(upload(bytes, 'latin1.csv')).rejects.toThrow(/latin1\.csv.*line 2/s);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a zip bomb named .csv without inflating it', async () => {
    const bomb = zipBomb();
    expect(bomb.length).toBeLessThan(16 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    await expect(upload(bomb, 'tickets.csv')).rejects.toThrow('tickets.csv is a zip archive, not a text export.');
    // Nothing close to the 1 GB it would inflate to was allocated.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    expect(await snapshot()).toEqual(before);
  });
});
