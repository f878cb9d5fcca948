/**
 * The physical limit for loading on PostgreSQL: COPY of the same normalized rows into a table
 * shaped and indexed like `tickets`, without our parsing, hashing or upsert. The rows are
 * prepared first (not timed) from the parser's output, so both sides store the same data.
 *
 * Usage: tsx bench/scale/copy-baseline.ts <tickets.csv> <postgres-url>  → prints JSON
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import postgres from 'postgres';
import { parseFile } from '@/ingest/sources';

const [file, url] = process.argv.slice(2);
const normalized = `${file}.normalized.csv`;
const cell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const text = v instanceof Date ? v.toISOString() : Array.isArray(v) ? `{${v.map((x) => `"${String(x).replace(/"/g, '\\"')}"`).join(',')}}` : String(v);
  return /[",\r\n]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
};

const out = createWriteStream(normalized);
let rows = 0;
for await (const item of parseFile('csv-tickets', createReadStream(file), { fileName: path.basename(file), timeZone: 'UTC' })) {
  if (item.kind !== 'ticket') continue;
  const r = item.record;
  const line = ['csv', r.externalId, r.createdAt, r.updatedAt, r.firstResponseAt, r.resolvedAt, r.status, r.statusCategory, r.priorityRaw,
    r.priority, r.channel, r.type, r.subject, r.description, r.resolution, r.productVersion, r.tags, r.reopened, r.escalated, 'x']
    .map(cell)
    .join(',');
  if (!out.write(`${line}\n`)) await once(out, 'drain');
  rows++;
}
out.end();
await once(out, 'finish');

const sql = postgres(url, { max: 1, onnotice: () => {} });
await sql`drop table if exists bench_copy_tickets`;
await sql`create table bench_copy_tickets (like tickets including all)`;
const columns = `source, external_id, created_at, updated_at, first_response_at, resolved_at, status, status_category, priority_raw,
  priority, channel, type, subject, description, resolution, product_version, tags, reopened, escalated, content_hash`;
const started = performance.now();
const writable = await sql.unsafe(`copy bench_copy_tickets (${columns}) from stdin with (format csv)`).writable();
await pipeline(createReadStream(normalized), writable);
const seconds = (performance.now() - started) / 1000;
await sql`drop table bench_copy_tickets`;
await sql.end();
console.log(JSON.stringify({ rows, seconds, rowsPerSecond: Math.round(rows / seconds) }));
