/**
 * Issue 20, hole 2: uploads over Next.js' proxy body limit were cut at a row boundary and
 * answered 200 — tickets lost and nobody told. On a production server, on both engines, with the
 * upload limit set to 4 MB (SUPPORT_TRENDS_UPLOAD_LIMIT_MB; the proxy's own limit is 1 MB, so a
 * body through the proxy would be cut at a quarter of it):
 *   just under the limit   200, every row stored;
 *   1.5 × the limit        413 with the limit in words, nothing stored — announced or streamed;
 *   a body cut short       nothing stored;
 *   two at once            one imports, the other is told to wait (409), nothing interleaves.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../helpers/database';
import { rawRequest, serveDemo, type ServedDemo } from './helpers/served-demo';

const LIMIT_MB = 4;
const LIMIT = LIMIT_MB * 1024 * 1024;

/** A tickets CSV of about `bytes` bytes: rows of ~2 kB, ids `prefix-<n>`. */
function ticketsCsv(prefix: string, bytes: number): { body: Buffer; rows: number } {
  const header = 'id,created_at,subject,description,status\n';
  const filler = 'x'.repeat(1_900);
  const lines: string[] = [header];
  let size = header.length;
  let rows = 0;
  for (;;) {
    const day = String((rows % 27) + 1).padStart(2, '0');
    const line = `${prefix}-${rows + 1},2026-06-${day}T09:30:00Z,Upload row ${rows + 1} of ${prefix},Printer offline ${filler},open\n`;
    if (size + line.length > bytes) break;
    lines.push(line);
    size += line.length;
    rows++;
  }
  return { body: Buffer.from(lines.join('')), rows };
}

describe.each(TEST_ENGINES)('uploads on a production server (%s)', (engine) => {
  let served: ServedDemo;
  let url: string;
  const upload = (body: Buffer, name: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/imports`, { method: 'POST', body: new Uint8Array(body), headers: { origin: url, 'x-file-name': encodeURIComponent(name), 'content-type': 'text/csv', ...headers } });
  /** Stored tickets whose id starts with `prefix`, counted from the CSV export (every row, streamed). */
  const stored = async (prefix: string) => {
    const csv = await (await fetch(`${url}/api/tickets.csv?q=${encodeURIComponent(`of ${prefix}`)}&columns=id`)).text();
    return csv.trim().split('\n').length - 1;
  };

  beforeAll(async () => {
    served = await serveDemo(engine, { tickets: 500, env: { SUPPORT_TRENDS_UPLOAD_LIMIT_MB: String(LIMIT_MB) } });
    url = served.url;
  }, 900_000);
  afterAll(async () => {
    await served?.dispose();
  });

  it('stores every row of a file just under the limit (more than the proxy would pass)', async () => {
    const { body, rows } = ticketsCsv('UNDER', LIMIT - 2_048);
    expect(body.length).toBeGreaterThan(3 * 1024 * 1024);
    const response = await upload(body, 'just-under.csv');
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as { bytes: number; ingest: { rowsRead: number; inserted: number; rejected: number } };
    expect(outcome.bytes).toBe(body.length);
    expect(outcome.ingest).toMatchObject({ rowsRead: rows, inserted: rows, rejected: 0 });
    expect(await stored('UNDER')).toBe(rows);
  }, 300_000);

  it('answers 1.5 × the limit with 413 and the limit in words, storing nothing — announced or streamed', async () => {
    const { body } = ticketsCsv('OVER', Math.round(LIMIT * 1.5));
    const announced = await upload(body, 'over.csv');
    expect(announced.status).toBe(413);
    expect(await announced.json()).toMatchObject({ error: { code: 'TooLarge', message: expect.stringMatching(/^over\.csv is 6(\.0)? MB; the upload limit is 4 MB \(SUPPORT_TRENDS_UPLOAD_LIMIT_MB\)\. Nothing was imported\.$/) } });
    // Without Content-Length (chunked): refused while streaming, at the limit.
    const streamed = await fetch(`${url}/api/imports`, {
      method: 'POST',
      duplex: 'half',
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < body.length; at += 65_536) controller.enqueue(new Uint8Array(body.subarray(at, at + 65_536)));
          controller.close();
        },
      }),
      headers: { origin: url, 'x-file-name': 'over-streamed.csv', 'content-type': 'text/csv' },
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: { code: 'TooLarge', message: expect.stringMatching(/larger than the upload limit of 4 MB/) } });
    expect(await stored('OVER')).toBe(0);
  }, 300_000);

  it('stores nothing from a body cut short, and keeps serving', async () => {
    const { body } = ticketsCsv('CUT', 1024 * 1024);
    const { port } = new URL(url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /api/imports HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${url}\r\nX-File-Name: cut.csv\r\nContent-Type: text/csv\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        socket.write(body.subarray(0, body.lastIndexOf(10, body.length / 2) + 1), () => setTimeout(() => socket.destroy(), 300));
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await stored('CUT')).toBe(0);
    expect((await fetch(`${url}/api/report`)).status).toBe(200);
  }, 120_000);

  it('imports one upload at a time: the second is told to wait, then succeeds', async () => {
    const first = ticketsCsv('FIRST', 2 * 1024 * 1024);
    const second = ticketsCsv('SECOND', 2 * 1024 * 1024);
    const [a, b] = await Promise.all([upload(first.body, 'first.csv'), upload(second.body, 'second.csv')]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const refused = a.status === 409 ? a : b;
    expect(await refused.json()).toMatchObject({ error: { code: 'Conflict', message: 'Another upload is being imported.' } });
    const retry = a.status === 409 ? first : second;
    expect((await upload(retry.body, 'retry.csv')).status).toBe(200);
    expect(await stored('FIRST')).toBe(first.rows);
    expect(await stored('SECOND')).toBe(second.rows);
  }, 300_000);

  it('refuses an upload from another site and an unknown method, with the security headers', async () => {
    const evil = await upload(Buffer.from('id,subject\n1,x\n'), 'evil.csv', { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('x-frame-options')).toBe('DENY');
    const put = await rawRequest(`${url}/api/imports`, 'PUT', { origin: url });
    expect(put.status).toBe(405);
    expect(put.headers['x-content-type-options']).toBe('nosniff');
  });
});
