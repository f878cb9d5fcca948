/**
 * Load test of the production server: 50 concurrent clients cycling over every dashboard page and
 * the JSON report for 60 s (autocannon, loopback only), counting errors (connection errors,
 * timeouts and non-2xx answers) and reporting throughput and latency percentiles.
 *
 *   npx tsx bench/load-test.ts --url http://127.0.0.1:3000 [--connections 50] [--seconds 60]
 *
 * Start the server first (`npx support-trends serve`, on the data to test). Writes
 * bench/results/load-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    label: { type: 'string', default: 'server' },
  },
});
const base = new URL(values.url as string);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) throw new Error('the load test only targets a loopback address');

/** Every page, with real ids for the detail pages, taken from the planning report. */
async function pagePaths(): Promise<string[]> {
  const response = await fetch(new URL('/api/report', base));
  if (!response.ok) throw new Error(`GET /api/report answered ${response.status}: is the server running with data?`);
  const report = (await response.json()) as { topics: { id: string }[]; releases: { version: string }[] };
  const topic = report.topics[0]?.id;
  const release = report.releases.at(-1)?.version;
  return [
    '/',
    '/standup',
    '/topics',
    ...(topic ? [`/topics/${topic}`, `/tickets?topic=${topic}`] : []),
    '/intermittent',
    '/releases',
    ...(release ? [`/releases/${encodeURIComponent(release)}`] : []),
    '/team',
    '/tickets',
    '/imports',
    '/api/report',
  ];
}

const paths = await pagePaths();
console.error(`Load test: ${values.connections} clients over ${paths.length} paths for ${values.seconds} s against ${base.origin}`);
// Every response time, for an exact p95 (autocannon's own summary has p90 and p97.5).
const times: number[] = [];
const result = await autocannon({
  url: base.origin,
  connections: Number(values.connections),
  duration: Number(values.seconds),
  timeout: 30,
  requests: paths.map((p) => ({ method: 'GET', path: p })),
  setupClient: (client) => client.on('response', (_status, _bytes, time) => times.push(time)),
});
times.sort((a, b) => a - b);
const percentile = (q: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0);
const errors = result.errors + result.timeouts + result.non2xx;
const summary = {
  date: new Date().toISOString(),
  label: values.label,
  connections: Number(values.connections),
  seconds: Number(values.seconds),
  paths,
  requests: result.requests.total,
  requestsPerSecond: Math.round(result.requests.average),
  latencyMs: { p50: percentile(0.5), p95: percentile(0.95), p99: percentile(0.99), max: result.latency.max },
  errors: { connection: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, total: errors },
  statusCodes: result.statusCodeStats,
};
const out = path.join(import.meta.dirname, 'results', `load-${summary.date.slice(0, 10)}-${values.label}.json`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
process.exitCode = errors === 0 ? 0 : 1;
