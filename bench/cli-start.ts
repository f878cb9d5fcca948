/**
 * How fast commands start (issue 18, target 2): `--help` and `report --json` on a 24,000-ticket
 * demo, each against a bare `node -e 0` measured in the same run — the commands and the baseline
 * take turns (baseline, command, baseline, command …) so a machine that slows down mid-run moves
 * both, and each ratio is taken pair by pair. Medians are quoted; min and max show the noise.
 *
 *   npx tsx bench/cli-start.ts [--runs 9] [--data-dir DIR] [--postgres postgres://…]
 *
 * The data directory is created with `demo --no-serve --tickets 24000` when it holds no database
 * (kept for the next run). With --postgres the same demo is loaded into that database (idempotent: a second run adds nothing)
 * and `report --json` is timed there too. CPU seconds come from GNU time when /usr/bin/time
 * exists; wall seconds always. Results go to bench/results/cli-start-<date>.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT, runCli } from '../test/helpers/cli';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '9' },
    'data-dir': { type: 'string', default: path.join(os.tmpdir(), 'support-trends-cli-start') },
    postgres: { type: 'string' },
    tickets: { type: 'string', default: '24000' },
  },
});
const RUNS = Number(args.runs);
const dataDir = path.resolve(args['data-dir']!);
const BIN = path.join(PROJECT_ROOT, 'bin', 'support-trends.mjs');
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Timing {
  wall: number;
  cpu: number | null;
}

/** Runs one command to its end; its output is discarded, a failure stops the benchmark. */
function timeOnce(argv: string[], env: NodeJS.ProcessEnv): Timing {
  const started = performance.now();
  const result = GNU_TIME
    ? spawnSync(GNU_TIME, ['-f', 'CPU %U %S', process.execPath, ...argv], { env, encoding: 'utf8', maxBuffer: 256 << 20 })
    : spawnSync(process.execPath, argv, { env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${result.status}:\n${result.stderr}`);
  const cpuLine = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr ?? '');
  return { wall, cpu: cpuLine ? Number(cpuLine[1]) + Number(cpuLine[2]) : null };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const spread = (xs: number[]) => ({ min: round(Math.min(...xs)), median: round(median(xs)), max: round(Math.max(...xs)) });

/** The command and the baseline in turns; ratios pair by pair. */
function measure(name: string, argv: string[], env: NodeJS.ProcessEnv, target: number) {
  timeOnce(argv, env); // warm-up: file cache, and the CLI bundle built if the sources changed
  const command: Timing[] = [];
  const baseline: Timing[] = [];
  for (let i = 0; i < RUNS; i++) {
    baseline.push(timeOnce(['-e', '0'], env));
    command.push(timeOnce(argv, env));
  }
  const wallRatios = command.map((c, i) => c.wall / baseline[i].wall);
  const cpuKnown = command.every((c) => c.cpu !== null) && baseline.every((b) => b.cpu !== null && b.cpu > 0);
  const cpuRatios = cpuKnown ? command.map((c, i) => c.cpu! / baseline[i].cpu!) : null;
  const result = {
    name,
    target: `≤ ${target}× node -e 0`,
    wallSeconds: spread(command.map((c) => c.wall)),
    baselineWallSeconds: spread(baseline.map((b) => b.wall)),
    wallRatio: spread(wallRatios),
    cpuSeconds: cpuKnown ? spread(command.map((c) => c.cpu!)) : null,
    baselineCpuSeconds: cpuKnown ? spread(baseline.map((b) => b.cpu!)) : null,
    cpuRatio: cpuRatios ? spread(cpuRatios) : null,
    met: median(wallRatios) <= target,
  };
  console.log(
    `${name.padEnd(34)} wall ${result.wallSeconds.median.toFixed(3)} s vs ${result.baselineWallSeconds.median.toFixed(3)} s` +
      ` = ${result.wallRatio.median.toFixed(2)}× (target ≤ ${target}×: ${result.met ? 'met' : 'NOT met'})` +
      (result.cpuRatio ? `; cpu ${result.cpuSeconds!.median.toFixed(3)} s = ${result.cpuRatio.median.toFixed(2)}×` : ''),
  );
  return result;
}

async function prepareDemo(env: Record<string, string | undefined>) {
  console.log(`Loading a ${args.tickets}-ticket demo (${env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${dataDir}`})…`);
  const made = await runCli(['demo', '--no-serve', '--tickets', args.tickets!, '--end', '2026-11-30', '--data-dir', dataDir], env, 30 * 60_000);
  if (made.code !== 0) throw new Error(`demo failed:\n${made.stderr}`);
}

const env = { ...process.env, DATABASE_URL: '', NEXT_TELEMETRY_DISABLED: '1' };
if (!existsSync(path.join(dataDir, 'pgdata'))) await prepareDemo({ DATABASE_URL: '' });

const results = [
  measure('--help', [BIN, '--help'], env, 3),
  measure(`report --json, PGlite, ${args.tickets} tickets`, [BIN, 'report', '--json', '--data-dir', dataDir], env, 10),
];
if (args.postgres) {
  const pgEnv = { ...env, DATABASE_URL: args.postgres };
  await prepareDemo({ DATABASE_URL: args.postgres });
  results.push(measure(`report --json, PostgreSQL, ${args.tickets} tickets`, [BIN, 'report', '--json'], pgEnv, 10));
}

const date = new Date().toISOString().slice(0, 10);
const file = path.join(PROJECT_ROOT, 'bench', 'results', `cli-start-${date}.json`);
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(
  file,
  `${JSON.stringify({ date, node: process.version, machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => round(x, 2)) }, runs: RUNS, results }, null, 2)}\n`,
);
console.log(`\nload average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; results in ${path.relative(PROJECT_ROOT, file)}`);
