/**
 * Time to ingest the longest ticket texts (issue 24), run against any checkout so that the code
 * before and after the fix can be compared on the same inputs:
 * - through `support-trends ingest` (the CLI, as a user runs it; the run's own duration_ms and
 *   the wall time of the process): the one-row reproduction of issue 24, a ticket with a 1 MB
 *   description (a generated log full of PII, test/linear-time/adversarial.ts), the Hadoop Jira
 *   bug with the longest description and the whole Hadoop export;
 * - in process (bench/long-text-probe.ts): the Alloy Jira issues with the longest comment, the
 *   longest description and the largest file, through the pull connector's conversion, the
 *   preparation (redaction) and the analysis' text pipeline — Jira REST JSON is a pull format,
 *   not a file the ingest command reads.
 * Every case runs in a child process under a time limit, so a stall is reported, not waited for.
 * Data from ../shared/data; cases whose data is absent are skipped and say so.
 *
 *   npx tsx bench/long-text.ts [--root DIR] [--label after] [--timeout 120] [--repeat 3]
 *
 * --root is the checkout whose code is measured (default: this one); for an older checkout the
 * probe is copied into its bench/ folder. Results: bench/results/long-text-<date>-<label>.json.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { desc } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { ingestRuns } from '@/db/schema';
import { FAMILIES, sampleOf } from '@/test/linear-time/adversarial';

const HERE = path.resolve(import.meta.dirname, '..');
const DATA = path.resolve(HERE, '../shared/data');
const HADOOP = path.join(DATA, 'hadoop-jira-bugs/hadoop_bugs.csv');
const ALLOY = path.join(DATA, 'alloy-jira/ALOY');

const { values: flags } = parseArgs({
  options: {
    root: { type: 'string', default: HERE },
    label: { type: 'string', default: 'after' },
    timeout: { type: 'string', default: '120' },
    repeat: { type: 'string', default: '3' },
  },
});
const ROOT = path.resolve(flags.root);
const TIMEOUT_MS = Number(flags.timeout) * 1000;
const REPEAT = Number(flags.repeat);

interface ChildResult {
  code: number | null;
  killed: boolean;
  wallMs: number;
  stdout: string;
  stderr: string;
}

function runChild(args: string[], env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, killed, wallMs: performance.now() - started, stdout, stderr });
    });
  });
}

const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface CliCase {
  name: string;
  file: string;
  /** Characters of the longest text in it. */
  longest: number;
}

function cliCases(dir: string): CliCase[] {
  const cases: CliCase[] = [];
  const repro = 'signature: abCd3Ef4Gh5Ij6Kl7Mn8Op9Qr0St1Uv2Wx3Yz4Ab5Cd+x/Rs2Tu3Vw4Xy5Za6Bc7De8Fg9Hi0Jk1Lm2No3Pq4';
  writeFileSync(path.join(dir, 'repro.csv'), `id,created_at,subject,description\nX-1,2025-01-01T00:00:00Z,Signing fails,"${repro}"\n`);
  cases.push({ name: 'issue 24 reproduction row', file: path.join(dir, 'repro.csv'), longest: repro.length });
  const log = sampleOf(FAMILIES.find((f) => f.name === 'logs')!, 1 << 20, 24).text;
  writeFileSync(path.join(dir, 'one-mb.csv'), `id,created_at,subject,description\nL-1,2025-01-01T00:00:00Z,Sync fails,${csvCell(log)}\n`);
  cases.push({ name: '1 MB description (generated log)', file: path.join(dir, 'one-mb.csv'), longest: log.length });
  if (existsSync(HADOOP)) {
    const text = readFileSync(HADOOP, 'utf8');
    const rows = parse(text, { relax_column_count: true, bom: true }) as string[][];
    const header = rows[0];
    const d = header.indexOf('Description');
    const longest = rows.slice(1).reduce((best, row) => ((row[d] ?? '').length > (best[d] ?? '').length ? row : best));
    writeFileSync(path.join(dir, 'hadoop-longest.csv'), `${header.map(csvCell).join(',')}\n${longest.map(csvCell).join(',')}\n`);
    cases.push({ name: `Hadoop: longest description (${longest[header.indexOf('Issue id')]})`, file: path.join(dir, 'hadoop-longest.csv'), longest: longest[d].length });
    cases.push({ name: `Hadoop: whole export (${rows.length - 1} bugs)`, file: HADOOP, longest: longest[d].length });
  } else {
    console.error(`skipped: ${HADOOP} is absent`);
  }
  return cases;
}

interface CliMeasurement {
  name: string;
  longest: number;
  finished: boolean;
  /** ingest_runs.duration_ms of each run (median first). */
  runMs: number[];
  wallMs: number[];
  stored: string;
}

async function measureCli(c: CliCase, dir: string): Promise<CliMeasurement> {
  const out: CliMeasurement = { name: c.name, longest: c.longest, finished: true, runMs: [], wallMs: [], stored: '' };
  for (let i = 0; i < REPEAT; i++) {
    const dataDir = path.join(dir, `data-${Math.random().toString(36).slice(2)}`);
    const result = await runChild([path.join(ROOT, 'bin/support-trends.mjs'), 'ingest', c.file, '--no-analyze'], {
      SUPPORT_TRENDS_DATA_DIR: dataDir,
      DATABASE_URL: '',
      SUPPORT_TRENDS_ROOT: ROOT,
    });
    out.wallMs.push(result.wallMs);
    if (result.killed || result.code !== 0) {
      out.finished = false;
      out.stored = result.killed ? `killed after ${TIMEOUT_MS / 1000} s` : `exit ${result.code}: ${result.stderr.slice(-300)}`;
      break; // a stall is not repeated
    }
    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const [run] = await database.db.select({ ms: ingestRuns.durationMs, rows: ingestRuns.rowsRead }).from(ingestRuns).orderBy(desc(ingestRuns.id)).limit(1);
      // A finished run always has its duration (ingest-runs.ts finishRun).
      out.runMs.push(run.ms ?? Number.NaN);
      out.stored = `${run.rows} rows`;
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return out;
}

interface ProbeLine {
  input: string;
  texts: number;
  chars: number;
  longest: number;
  convertMs: number;
  prepareMs: number;
  analysisMs: number;
}

/** The Alloy issues with the longest comment, the longest description and the largest file. */
function alloyInputs(): { why: string; file: string }[] {
  if (!existsSync(ALLOY)) {
    console.error(`skipped: ${ALLOY} is absent`);
    return [];
  }
  let comment = { length: -1, file: '' };
  let description = { length: -1, file: '' };
  let largest = { length: -1, file: '' };
  for (const folder of ['1-999', '1000-1999']) {
    const dir = path.join(ALLOY, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const file = path.join(dir, name);
      const raw = readFileSync(file, 'utf8');
      const issue = JSON.parse(raw) as { fields?: { description?: unknown; comment?: { comments?: { body?: unknown }[] } } };
      const longestComment = Math.max(0, ...(issue.fields?.comment?.comments ?? []).map((c) => (typeof c.body === 'string' ? c.body.length : 0)));
      const descriptionLength = typeof issue.fields?.description === 'string' ? issue.fields.description.length : 0;
      if (longestComment > comment.length) comment = { length: longestComment, file };
      if (descriptionLength > description.length) description = { length: descriptionLength, file };
      if (raw.length > largest.length) largest = { length: raw.length, file };
    }
  }
  return [
    { why: `Alloy: longest comment (${comment.length.toLocaleString('en-US')} characters)`, file: comment.file },
    { why: `Alloy: longest description (${description.length.toLocaleString('en-US')} characters)`, file: description.file },
    { why: `Alloy: largest issue file (${largest.length.toLocaleString('en-US')} bytes, mostly attachment metadata)`, file: largest.file },
  ];
}

async function measureProbe(inputs: { why: string; file: string }[]): Promise<(ProbeLine & { why: string })[] | string> {
  if (inputs.length === 0) return [];
  const probe = path.join(ROOT, 'bench', 'long-text-probe.ts');
  if (ROOT !== HERE) copyFileSync(path.join(HERE, 'bench', 'long-text-probe.ts'), probe);
  const tsx = path.join(HERE, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const runs: ProbeLine[][] = [];
  for (let i = 0; i < REPEAT; i++) {
    const result = await runChild([tsx, '--tsconfig', path.join(ROOT, 'tsconfig.json'), probe, ...inputs.map((x) => x.file)], {});
    if (result.killed) return `killed after ${TIMEOUT_MS / 1000} s`;
    if (result.code !== 0) return `exit ${result.code}: ${result.stderr.slice(-300)}`;
    runs.push(result.stdout.trim().split('\n').map((l) => JSON.parse(l) as ProbeLine));
  }
  return inputs.map((x, k) => ({
    why: x.why,
    ...runs[0][k],
    convertMs: median(runs.map((r) => r[k].convertMs)),
    prepareMs: median(runs.map((r) => r[k].prepareMs)),
    analysisMs: median(runs.map((r) => r[k].analysisMs)),
  }));
}

const dir = mkdtempSync(path.join(tmpdir(), 'st-long-text-'));
try {
  console.error(`Measuring ${ROOT} (${flags.label}); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const cli: CliMeasurement[] = [];
  for (const c of cliCases(dir)) {
    const m = await measureCli(c, dir);
    cli.push(m);
    const run = m.finished ? `${median(m.runMs).toFixed(0)} ms (runs: ${m.runMs.map((x) => x.toFixed(0)).join(', ')})` : m.stored;
    console.log(`${m.name.padEnd(48)} longest ${m.longest.toLocaleString('en-US').padStart(9)} chars   ingest ${run}   process ${median(m.wallMs).toFixed(0)} ms`);
  }
  const probe = await measureProbe(alloyInputs());
  if (typeof probe === 'string') console.log(`Alloy probe: ${probe}`);
  else {
    for (const p of probe) {
      console.log(
        `${p.why.padEnd(70)} ${p.texts} texts, longest ${p.longest.toLocaleString('en-US')}: convert ${p.convertMs.toFixed(1)} ms, prepare (redact) ${p.prepareMs.toFixed(1)} ms, clean+tokenise ${p.analysisMs.toFixed(1)} ms`,
      );
    }
  }
  const results = path.join(HERE, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  const out = path.join(results, `long-text-${new Date().toISOString().slice(0, 10)}-${flags.label}.json`);
  writeFileSync(out, JSON.stringify({ root: ROOT, label: flags.label, timeoutMs: TIMEOUT_MS, repeat: REPEAT, loadavg: loadavg(), cli, alloy: probe }, null, 2) + '\n');
  console.error(`results: ${path.relative(HERE, out)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
