/**
 * Is the analysis a function of the data, not of how it was loaded? The same export is loaded
 * into fresh databases three ways, each through the CLI as a person would run it:
 *
 *   in-order     `ingest <files>` (the analysis follows the ingest)
 *   shuffled     the same files with their rows in a seeded random order
 *   interrupted  `ingest` killed (SIGKILL) right after its first committed batch, then the same
 *                command again, which loads the rest and analyses
 *
 * and the stored results are compared with the in-order load: tickets whose topic differs (joined
 * on source + external id; expected 0), `report --json` without its `generated_at` timestamp, and
 * every `export … --format json` (tickets, topics, releases, spikes, intermittent, team) byte for byte.
 *
 *   npx tsx bench/reproducibility.ts                       demo (8,000 tickets) and the Hadoop Jira bugs
 *   npx tsx bench/reproducibility.ts --datasets demo --demo-tickets 20000
 *   TEST_DATABASE_URL=postgres://… npx tsx bench/reproducibility.ts --engine postgres
 *
 * The Hadoop export is read from ../shared/data/hadoop-jira-bugs (or --hadoop DIR); when it is
 * absent that dataset is reported as skipped. Results: stdout and
 * bench/results/reproducibility-<date>-<engine>.json.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { generateDemo } from '@/demo/generate';
import { PROJECT_ROOT, runCli } from '../test/helpers/cli';
import { writeShuffledCsv } from '../test/helpers/shuffled-csv';

const { values: args } = parseArgs({
  options: {
    datasets: { type: 'string', default: 'demo,hadoop' },
    'demo-tickets': { type: 'string', default: '8000' },
    'demo-seed': { type: 'string', default: '11' },
    hadoop: { type: 'string', default: path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'hadoop-jira-bugs') },
    engine: { type: 'string', default: 'pglite' },
    'shuffle-seed': { type: 'string', default: '2024' },
    keep: { type: 'boolean', default: false },
  },
});
const engine = args.engine === 'postgres' ? 'postgres' : 'pglite';
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (engine === 'postgres' && !serverUrl) throw new Error('--engine postgres needs TEST_DATABASE_URL (a server where databases may be created)');

const EXPORTS = ['tickets', 'topics', 'releases', 'spikes', 'intermittent', 'team'] as const;
const CLI_TIMEOUT_MS = 30 * 60_000;

interface Dataset {
  name: string;
  /** Files given to `ingest` as positionals (tickets, comments). */
  files: string[];
  /** Files whose data rows are shuffled in the "shuffled" variant. */
  shuffle: string[];
  extraArgs: string[];
}

interface Target {
  env: Record<string, string>;
  dispose(): Promise<void>;
}

const work = mkdtempSync(path.join(tmpdir(), 'st-repro-'));

async function newTarget(label: string): Promise<Target> {
  if (engine === 'pglite') {
    const dataDir = path.join(work, `db-${label}`);
    return { env: { SUPPORT_TRENDS_DATA_DIR: dataDir, DATABASE_URL: '' }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `st_repro_${label.replace(/\W/g, '_')}_${process.pid}`;
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    dispose: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Runs `ingest` and kills it (SIGKILL) as soon as its first batch is committed. */
function ingestAndKill(files: string[], extraArgs: string[], env: Record<string, string>): Promise<{ killed: boolean; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/support-trends.mjs'), 'ingest', ...files, ...extraArgs, '--batch-size', '250'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...INSTALLATION, ...env },
    });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      // The first progress line is printed right after the first committed batch.
      if (!killed && stderr.includes('progress:')) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('close', () => resolve({ killed, stderr }));
  });
}

/** Requesters are stored as keyed hashes: every database here belongs to one installation. */
const INSTALLATION = { SUPPORT_TRENDS_SECRET: 'reproducibility-benchmark-secret', SUPPORT_TRENDS_TZ: 'UTC' };

async function cli(argv: string[], env: Record<string, string>): Promise<string> {
  const result = await runCli(argv, { ...INSTALLATION, ...env }, CLI_TIMEOUT_MS);
  if (result.code !== 0) throw new Error(`support-trends ${argv.join(' ')} exited with ${result.code}:\n${result.stderr.slice(-4000)}`);
  return result.stdout;
}

interface Snapshot {
  topicOf: Map<string, string | null>;
  report: string;
  exports: Record<string, string>;
  seconds: number;
}

async function snapshot(env: Record<string, string>, started: number): Promise<Snapshot> {
  const exports: Record<string, string> = {};
  for (const table of EXPORTS) exports[table] = await cli(['export', table, '--format', 'json'], env);
  const tickets = JSON.parse(exports.tickets) as { source: string; external_id: string; topic_id: string | null }[];
  const report = JSON.parse(await cli(['report', '--json'], env)) as Record<string, unknown>;
  delete report.generated_at;
  return {
    topicOf: new Map(tickets.map((t) => [`${t.source}\u0000${t.external_id}`, t.topic_id])),
    report: JSON.stringify(report, null, 1),
    exports,
    seconds: (Date.now() - started) / 1000,
  };
}

async function load(dataset: Dataset, variant: 'in-order' | 'shuffled' | 'interrupted'): Promise<Snapshot & { note: string }> {
  const target = await newTarget(`${dataset.name}-${variant}`);
  const started = Date.now();
  try {
    let files = dataset.files;
    let note = '';
    if (variant === 'shuffled') {
      const dir = path.join(work, `${dataset.name}-shuffled`);
      mkdirSync(dir, { recursive: true });
      files = files.map((f) => (dataset.shuffle.includes(f) ? writeShuffledCsv(f, dir, Number(args['shuffle-seed'])) : f));
    }
    if (variant === 'interrupted') {
      const first = await ingestAndKill(files, dataset.extraArgs, target.env);
      if (!first.killed) throw new Error(`the ingest ended before it could be interrupted:\n${first.stderr.slice(-2000)}`);
      note = 'killed after its first batch of 250, then re-run';
    }
    await cli(['ingest', ...files, ...dataset.extraArgs], target.env);
    return { ...(await snapshot(target.env, started)), note };
  } finally {
    if (!args.keep) await target.dispose();
  }
}

function compare(base: Snapshot, other: Snapshot) {
  let differ = 0;
  let missing = 0;
  for (const [key, topic] of base.topicOf) {
    if (!other.topicOf.has(key)) missing++;
    else if (other.topicOf.get(key) !== topic) differ++;
  }
  const reportBase = JSON.parse(base.report) as Record<string, unknown>;
  const reportOther = JSON.parse(other.report) as Record<string, unknown>;
  const reportSectionsDiffering = Object.keys(reportBase).filter((k) => JSON.stringify(reportBase[k]) !== JSON.stringify(reportOther[k]));
  const exportsDiffering = EXPORTS.filter((t) => base.exports[t] !== other.exports[t]);
  return {
    tickets: base.topicOf.size,
    topicDiffers: differ,
    missing,
    reportIdentical: base.report === other.report,
    reportSectionsDiffering,
    exportsDiffering,
  };
}

function datasets(): (Dataset | { name: string; skipped: string })[] {
  const wanted = args.datasets.split(',').map((s) => s.trim());
  const list: (Dataset | { name: string; skipped: string })[] = [];
  if (wanted.includes('demo')) list.push({ name: 'demo', files: [], shuffle: [], extraArgs: [] });
  if (wanted.includes('hadoop')) {
    const bugs = path.join(args.hadoop, 'hadoop_bugs.csv');
    const releases = path.join(args.hadoop, 'hadoop_releases.csv');
    if (!existsSync(bugs)) list.push({ name: 'hadoop', skipped: `${bugs} not found` });
    else list.push({ name: 'hadoop', files: [bugs], shuffle: [bugs], extraArgs: existsSync(releases) ? ['--releases', releases] : [] });
  }
  return list;
}

const results: Record<string, unknown>[] = [];
for (const entry of datasets()) {
  if ('skipped' in entry) {
    console.log(`${entry.name}: skipped — ${entry.skipped}`);
    results.push(entry);
    continue;
  }
  let dataset = entry;
  if (entry.name === 'demo') {
    const demo = await generateDemo({ outDir: path.join(work, 'demo-export'), tickets: Number(args['demo-tickets']), seed: Number(args['demo-seed']), end: '2026-06-30' });
    dataset = {
      name: 'demo',
      files: [demo.files.tickets, demo.files.comments],
      shuffle: [demo.files.tickets, demo.files.comments],
      extraArgs: ['--releases', demo.files.releases, '--agents', demo.files.agents],
    };
  }
  console.log(`${dataset.name}: loading in order…`);
  const base = await load(dataset, 'in-order');
  for (const variant of ['shuffled', 'interrupted'] as const) {
    console.log(`${dataset.name}: loading ${variant}…`);
    const other = await load(dataset, variant);
    const row = { dataset: dataset.name, engine, variant, note: other.note || undefined, ...compare(base, other), seconds: Math.round(other.seconds) };
    console.log(JSON.stringify(row));
    results.push(row);
  }
}

console.log('\n| dataset | variant | tickets | topic differs | report identical | exports differing |');
console.log('| --- | --- | ---: | ---: | --- | --- |');
for (const r of results) {
  if ('skipped' in r) console.log(`| ${r.name} | skipped: ${r.skipped} | | | | |`);
  else {
    const row = r as ReturnType<typeof compare> & { dataset: string; variant: string };
    console.log(
      `| ${row.dataset} | ${row.variant} | ${row.tickets.toLocaleString('en-US')} | ${row.topicDiffers.toLocaleString('en-US')} | ${row.reportIdentical ? 'yes' : `no (${row.reportSectionsDiffering.join(', ')})`} | ${row.exportsDiffering.join(', ') || 'none'} |`,
    );
  }
}
const out = path.join(PROJECT_ROOT, 'bench', 'results', `reproducibility-${new Date().toISOString().slice(0, 10)}-${engine}.json`);
writeFileSync(out, JSON.stringify({ node: process.version, engine, demoTickets: Number(args['demo-tickets']), results }, null, 2) + '\n');
console.log(`\nwritten to ${path.relative(PROJECT_ROOT, out)}`);
if (!args.keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
