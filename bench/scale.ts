/**
 * `npm run bench -- --tickets N [--engines pglite,postgres] [--no-peer] [--no-pages]`
 *
 * How far each stage is from its limit, on this machine, in one run: parse, load (vs PostgreSQL
 * COPY of the same rows), analyze (vs scikit-learn on the same texts), the daily incremental
 * import, the naive GROUP BY page vs the rollups, and the dashboard's response times. Every
 * stage runs in its own child process so its wall time and peak memory are its own.
 * Writes bench/results/scale-<N>-<date>.{md,json}.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { DAILY_TICKETS, prepareInputs } from './scale/prepare';
import { PROJECT_ROOT, runCliStage, runScriptStage, type StageRun } from './scale/measure';
import { pythonHasSklearn, SKLEARN_INSTALL_HINT } from './sklearn';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    engines: { type: 'string', default: 'pglite,postgres' },
    'no-peer': { type: 'boolean', default: false },
    'no-pages': { type: 'boolean', default: false },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const tickets = Number(values.tickets?.replace(/k$/i, '000').replace(/m$/i, '000000'));
const engines = (values.engines ?? '').split(',').filter(Boolean) as ('pglite' | 'postgres')[];

interface StageResult {
  stage: string;
  engine: string;
  seconds: number;
  peakRssMb: number | null;
  throughput?: string;
  note?: string;
}
const results: StageResult[] = [];
const extra: Record<string, unknown> = {};
const log = (message: string) => console.error(`[bench] ${message}`);
const stage = (name: string, engine: string, run: StageRun, throughput?: string, note?: string) => {
  results.push({ stage: name, engine, seconds: run.seconds, peakRssMb: run.peakRssMb, throughput, note });
  log(`${engine} ${name}: ${run.seconds.toFixed(1)} s, ${run.peakRssMb} MB${throughput ? `, ${throughput}` : ''}`);
};
const perSecond = (count: number, seconds: number) => `${Math.round(count / seconds).toLocaleString('en-US')}/s`;

/** "tickets.csv (csv-tickets): … — 8.7 s, 11,510 rows/s" → seconds of the tickets file alone. */
function fileSeconds(stderr: string, file: string): number | null {
  const match = new RegExp(`${file} \\([\\w-]+\\):.*— ([\\d.]+) s`).exec(stderr);
  return match ? Number(match[1]) : null;
}

// The peer runs after the first engine's load and analysis: find out now, not after half an hour.
if (!values['no-peer'] && !pythonHasSklearn()) {
  console.error(`[bench] scikit-learn is not installed for /usr/bin/python3: ${SKLEARN_INSTALL_HINT}, or run with --no-peer.`);
  process.exit(2);
}

log(`preparing ${tickets.toLocaleString('en-US')} + ${DAILY_TICKETS} demo tickets…`);
const inputs = await prepareInputs(tickets);

const parse = runScriptStage('bench/scale/parse-only.ts', [inputs.base.tickets]);
stage('parse (tickets file, no database)', 'node', parse, perSecond(tickets, parse.seconds));

for (const engine of engines) {
  let env: Record<string, string>;
  if (engine === 'pglite') {
    const dataDir = path.join(inputs.dir, 'pglite-data');
    rmSync(dataDir, { recursive: true, force: true });
    env = { SUPPORT_TRENDS_DATA_DIR: dataDir, DATABASE_URL: '' };
  } else {
    const admin = postgres(values['postgres-url'] as string, { max: 1, onnotice: () => {} });
    await admin.unsafe('drop database if exists st_bench with (force)');
    await admin.unsafe('create database st_bench');
    await admin.end();
    const url = new URL(values['postgres-url'] as string);
    url.pathname = '/st_bench';
    env = { DATABASE_URL: url.toString() };
  }

  const load = runCliStage(['ingest', inputs.base.tickets, inputs.base.comments, '--releases', inputs.releases, '--agents', inputs.agents, '--no-analyze'], env);
  const ticketSeconds = fileSeconds(load.stderr, 'tickets.csv');
  stage('load (tickets + comments + releases)', engine, load, ticketSeconds ? `tickets ${perSecond(tickets, ticketSeconds)}` : undefined);
  if (ticketSeconds) extra[`${engine}.ticketsPerSecond`] = Math.round(tickets / ticketSeconds);

  if (engine === 'postgres') {
    const copy = runScriptStage('bench/scale/copy-baseline.ts', [inputs.base.tickets, env.DATABASE_URL]);
    const copied = JSON.parse(copy.stdout) as { rows: number; seconds: number; rowsPerSecond: number };
    results.push({ stage: 'COPY of the same normalized tickets (limit)', engine, seconds: copied.seconds, peakRssMb: null, throughput: `${copied.rowsPerSecond.toLocaleString('en-US')}/s` });
    extra['postgres.copyRowsPerSecond'] = copied.rowsPerSecond;
    if (ticketSeconds) extra['postgres.loadShareOfCopy'] = Math.round((tickets / ticketSeconds / copied.rowsPerSecond) * 100) / 100;
  }

  const analyze = runCliStage(['analyze', '--full'], env);
  const stagesLine = /done in [\d.]+ s \(([^)]*)\)/.exec(analyze.stderr)?.[1];
  stage('analyze (text → topics → findings → team)', engine, analyze, perSecond(tickets, analyze.seconds), stagesLine);

  const daily = runCliStage(['ingest', inputs.daily.tickets, inputs.daily.comments], env);
  const dailyAnalysis = /topics: (\w+) analysis/.exec(daily.stderr)?.[1];
  stage(`daily import of ${DAILY_TICKETS} tickets (ingest + analyze)`, engine, daily, undefined, dailyAnalysis ? `${dailyAnalysis} topic assignment` : undefined);

  const naive = runScriptStage('bench/scale/naive-page.ts', [], env);
  extra[`${engine}.naivePage`] = JSON.parse(naive.stdout);
  log(`${engine} naive vs rollup: ${naive.stdout.trim()}`);

  if (!values['no-peer'] && engine === engines[0]) {
    log('scikit-learn peer on the same texts…');
    const peer = runScriptStage('bench/scale/peer.ts', [inputs.truth], env);
    extra.peer = JSON.parse(peer.stdout);
  }

  if (!values['no-pages']) {
    // bench/pages.ts starts server.mjs on the same data and measures every page.
    const label = `${engine}-${tickets}`;
    const args = engine === 'pglite' ? ['--data-dir', env.SUPPORT_TRENDS_DATA_DIR] : ['--start'];
    const pages = runScriptStage('bench/pages.ts', [...args, '--requests', '50', '--label', label], env);
    extra[`${engine}.pages`] = pages.stdout.trim();
  }
}

const date = new Date().toISOString().slice(0, 10);
const report = { date, tickets, machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version }, results, extra };
const lines = [
  `# Scale benchmark: ${tickets.toLocaleString('en-US')} tickets (${date})`,
  '',
  `Machine: ${report.machine.cpus} cores, ${report.machine.memoryGb} GiB, Node ${report.machine.node}. Each stage in its own process; peak RSS from GNU time.`,
  '',
  '| Stage | Engine | Wall (s) | Peak RSS (MB) | Throughput | Note |',
  '| --- | --- | ---: | ---: | --- | --- |',
  ...results.map((r) => `| ${r.stage} | ${r.engine} | ${r.seconds.toFixed(1)} | ${r.peakRssMb ?? '—'} | ${r.throughput ?? ''} | ${r.note ?? ''} |`),
  '',
  ...Object.entries(extra)
    .filter(([key]) => key.endsWith('.pages'))
    .flatMap(([, table]) => ['', table as string]),
  '',
  '```json',
  JSON.stringify(Object.fromEntries(Object.entries(extra).filter(([key]) => !key.endsWith('.pages'))), null, 2),
  '```',
];
mkdirSync(path.join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
const base = path.join(PROJECT_ROOT, 'bench', 'results', `scale-${tickets}-${date}`);
writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(`${base}.md`, `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
