/**
 * Page response times of the dashboard: the server's full answer (HTML including every streamed
 * panel, or the JSON/CSV body) for each page, N sequential requests after a warm-up, median and
 * p95. Prints a Markdown table (and writes it as JSON to bench/results/pages-<date>-<label>.json).
 *
 *   npx tsx bench/pages.ts --url http://127.0.0.1:3000            a running dashboard
 *   npx tsx bench/pages.ts --data-dir /tmp/dash100k               starts server.mjs (as `serve` does) on that PGlite directory
 *   DATABASE_URL=postgres://… npx tsx bench/pages.ts --start      starts server.mjs on that PostgreSQL database
 *
 * Options: --requests 50 (per page), --label pglite-100k. The production build must exist
 * (`npm run build`). With --data-dir the directory must not be in use by another process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../test/helpers/net';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    'data-dir': { type: 'string' },
    start: { type: 'boolean', default: false },
    requests: { type: 'string', default: '50' },
    label: { type: 'string' },
  },
});
const REQUESTS = Number(args.requests);
const WARMUP = 3;

async function startServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  if (!existsSync(join(ROOT, '.next', 'BUILD_ID'))) throw new Error('No production build: run `npm run build` first.');
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'server.mjs'), '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server.mjs exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill();
  throw new Error('the dashboard did not start within a minute');
}

interface PageResult {
  page: string;
  path: string;
  status: number;
  bytes: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function timeOnce(url: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t0 = performance.now();
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  return { ms: performance.now() - t0, status: response.status, bytes: body.byteLength };
}

async function measure(base: string, page: string, path: string): Promise<PageResult> {
  for (let i = 0; i < WARMUP; i++) await timeOnce(base + path);
  const times: number[] = [];
  let last = { status: 0, bytes: 0 };
  for (let i = 0; i < REQUESTS; i++) {
    const r = await timeOnce(base + path);
    times.push(r.ms);
    last = r;
  }
  times.sort((a, b) => a - b);
  return { page, path, status: last.status, bytes: last.bytes, medianMs: quantile(times, 0.5), p95Ms: quantile(times, 0.95), maxMs: times[times.length - 1] };
}

/** Ids that exist in this database: the biggest topic, the newest release, an organization. */
async function discover(base: string): Promise<{ topic: string; release: string | null; org: string | null; lastDay: string }> {
  const report = (await (await fetch(`${base}/api/report`)).json()) as { range: { to: string }; topics: { id: string }[]; releases: { version: string }[] };
  const html = await (await fetch(`${base}/topics`)).text();
  const orgSelect = /<select[^>]*name="org"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
  const org = /<option value="(\d+)"/.exec(orgSelect)?.[1] ?? null;
  return { topic: report.topics[0]?.id ?? 't1', release: report.releases.at(-1)?.version ?? null, org, lastDay: report.range.to };
}

async function main(): Promise<void> {
  let base = args.url;
  let child: ChildProcess | undefined;
  let label = args.label;
  if (!base) {
    if (args['data-dir']) {
      ({ url: base, child } = await startServer({ SUPPORT_TRENDS_DATA_DIR: args['data-dir'], DATABASE_URL: '' }));
      label ??= 'pglite';
    } else if (args.start && process.env.DATABASE_URL) {
      ({ url: base, child } = await startServer({}));
      label ??= 'postgres';
    } else {
      throw new Error('Give --url of a running dashboard, --data-dir of a PGlite directory, or --start with DATABASE_URL set.');
    }
  }
  label ??= 'server';
  try {
    const { topic, release, org, lastDay } = await discover(base);
    const monthAgo = new Date(Date.parse(`${lastDay}T00:00:00Z`) - 27 * 86_400_000).toISOString().slice(0, 10);
    const pages: [string, string][] = [
      ['Overview', '/'],
      ['Overview, high priority (finer rollup)', '/?priority=high'],
      ['Overview, one organization (tickets index)', org ? `/?org=${org}` : '/'],
      ['Standup', '/standup'],
      ['Topics', '/topics'],
      ['Topics, last 28 days + channel', `/topics?from=${monthAgo}&to=${lastDay}&channel=email`],
      ['Topic detail', `/topics/${topic}`],
      ['Intermittent', '/intermittent'],
      ['Releases', '/releases'],
      ['Release detail', release ? `/releases/${encodeURIComponent(release)}` : '/releases'],
      ['Team', '/team'],
      ['Tickets', '/tickets'],
      ['Tickets, topic + page 2', `/tickets?topic=${topic}&sort=oldest`],
      ['Tickets, search (common word)', '/tickets?q=login'],
      // No ticket matches: the worst case, every subject is read (no text index, see ARCHITECTURE.md).
      ['Tickets, search (no match)', '/tickets?q=qzxv'],
      ['Imports', '/imports'],
      ['API: planning report', '/api/report'],
    ];
    const results: PageResult[] = [];
    for (const [page, path] of pages) {
      const r = await measure(base, page, path);
      results.push(r);
      console.error(`${page}: median ${r.medianMs.toFixed(0)} ms, p95 ${r.p95Ms.toFixed(0)} ms`);
    }
    const lines = [
      `| Page (${label}, ${REQUESTS} requests each) | Status | KB | Median ms | p95 ms | Max ms |`,
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...results.map((r) => `| ${r.page} | ${r.status} | ${(r.bytes / 1024).toFixed(0)} | ${r.medianMs.toFixed(0)} | ${r.p95Ms.toFixed(0)} | ${r.maxMs.toFixed(0)} |`),
    ];
    console.log(lines.join('\n'));
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const out = join(ROOT, 'bench', 'results', `pages-${new Date().toISOString().slice(0, 10)}-${label.replace(/[^\w.-]+/g, '_')}.json`);
    writeFileSync(out, JSON.stringify({ label, requests: REQUESTS, warmup: WARMUP, base, results }, null, 2));
    console.error(`written ${out}`);
  } finally {
    child?.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
