/**
 * Throughput of the generic CSV parser: generates N tickets rows of ~500 bytes in memory, feeds
 * them in 64 KB chunks through `parseFile('csv-tickets', …)` and reports rows per second for a
 * few rounds (best and median: the machine is shared, so single runs are noisy; the load
 * average is printed with them). With /work/shared/data/hadoop-jira-bugs/hadoop_bugs.csv
 * present it also times the Jira path.
 *
 *   npx tsx bench/parse-speed.ts [rows=200000] [rounds=3]
 */
import { existsSync, createReadStream } from 'node:fs';
import { loadavg } from 'node:os';
import { parseFile } from '@/ingest/sources';

const CHUNK = 64 * 1024;
const HADOOP = '/work/shared/data/hadoop-jira-bugs/hadoop_bugs.csv';

const WORDS = 'login password reset error timeout invoice payment refund export sync mobile app crash slow dashboard report email'.split(' ');

function generateCsv(rows: number): Buffer {
  const lines = ['id,created_at,updated_at,subject,description,status,priority,assignee,requester,channel,tags'];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const hour = String(i % 24).padStart(2, '0');
    const w = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length];
    const description = Array.from({ length: 48 }, (_, k) => w(k)).join(' ');
    lines.push(
      `${100000 + i},2024-03-${day} ${hour}:15:00,2024-03-${day}T${hour}:45:00Z,"Cannot ${w(1)} after ${w(2)}, ticket ${i}","${description}",` +
        `${i % 3 === 0 ? 'solved' : 'open'},${i % 4 === 0 ? 'high' : 'normal'},agent${i % 12},customer${i % 5000}@example.com,email,"${w(3)},${w(4)}"`,
    );
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

async function* chunksOf(buffer: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < buffer.length; i += CHUNK) yield buffer.subarray(i, i + CHUNK);
}

async function timeGeneric(csv: Buffer, rows: number): Promise<number> {
  let tickets = 0;
  let rejected = 0;
  const started = performance.now();
  for await (const item of parseFile('csv-tickets', chunksOf(csv), { fileName: 'bench.csv', timeZone: 'Europe/Paris' })) {
    if (item.kind === 'ticket') tickets++;
    else rejected++;
  }
  const seconds = (performance.now() - started) / 1000;
  if (tickets !== rows || rejected !== 0) throw new Error(`expected ${rows} tickets, got ${tickets} (${rejected} rejected)`);
  return tickets / seconds;
}

const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US')} rows/s`;

async function timeHadoop(): Promise<void> {
  if (!existsSync(HADOOP)) {
    console.log(`Jira CSV: skipped — ${HADOOP} is not present on this machine.`);
    return;
  }
  let tickets = 0;
  const started = performance.now();
  for await (const item of parseFile('jira-csv', createReadStream(HADOOP), { fileName: 'hadoop_bugs.csv', timeZone: 'UTC' })) {
    if (item.kind === 'ticket') tickets++;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`Jira CSV (hadoop_bugs.csv, 2.7 MB): ${tickets} tickets in ${seconds.toFixed(2)} s`);
}

const rows = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 3);
if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(rounds) || rounds <= 0) {
  console.error('usage: npx tsx bench/parse-speed.ts [rows] [rounds]');
  process.exit(2);
}
const csv = generateCsv(rows);
console.log(`generic CSV: ${rows} rows, ${Math.round(csv.length / rows)} bytes/row, ${(csv.length / 1e6).toFixed(0)} MB`);
const rates: number[] = [];
for (let r = 0; r < rounds; r++) {
  const rate = await timeGeneric(csv, rows);
  rates.push(rate);
  console.log(`  round ${r + 1}: ${perSecond(rate)} (${((rate * csv.length) / rows / 1e6).toFixed(1)} MB/s, load average ${loadavg()[0].toFixed(2)})`);
}
rates.sort((a, b) => a - b);
console.log(`  best ${perSecond(rates[rates.length - 1])}, median ${perSecond(rates[Math.floor(rates.length / 2)])}`);
await timeHadoop();
