/**
 * Does a refactoring change what the tool says? Generates the fixed-seed demo into a fresh
 * embedded database through the CLI (as a person would run it: `demo --no-serve` ingests and
 * analyses), then writes `report --json`, the Markdown report and every export (CSV and JSON) to
 * a directory. Run it before and after a change and compare the two directories:
 *
 *   npx tsx bench/layout-invariance.ts --out /tmp/before
 *   … change the code …
 *   npx tsx bench/layout-invariance.ts --out /tmp/after --compare /tmp/before
 *
 * Only the CLI entry (bin/support-trends.mjs) is used, so the script runs unchanged whatever the
 * source layout is. The report's `generated_at` timestamp is removed before writing; everything
 * else must be byte-identical. Exit status 1 when --compare finds a difference.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../test/helpers/cli';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    compare: { type: 'string' },
    tickets: { type: 'string', default: '4000' },
    seed: { type: 'string', default: '42' },
    end: { type: 'string', default: '2026-11-30' },
  },
});
if (!args.out) throw new Error('--out <dir> is required');

const EXPORTS = ['tickets', 'topics', 'releases', 'spikes', 'intermittent', 'team'] as const;
const TIMEOUT_MS = 20 * 60_000;

async function cli(argv: string[], dataDir: string): Promise<string> {
  // A fixed secret: without one each database generates its own, and requesters' pseudonyms differ.
  const env = { SUPPORT_TRENDS_TZ: 'UTC', SUPPORT_TRENDS_SECRET: 'layout-invariance-fixed-secret' };
  const result = await runCli([...argv, '--data-dir', dataDir], env, TIMEOUT_MS);
  if (result.code !== 0) throw new Error(`support-trends ${argv.join(' ')} exited ${result.code}:\n${result.stderr}`);
  return result.stdout;
}

/** Removes the one field that depends on the clock, not the data. */
function withoutTimestamps(reportJson: string): string {
  const report = JSON.parse(reportJson) as Record<string, unknown>;
  delete report.generated_at;
  return `${JSON.stringify(report, null, 1)}\n`;
}

async function capture(outDir: string): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'layout-invariance-'));
  const dataDir = path.join(work, 'data');
  try {
    const started = Date.now();
    await cli(['demo', '--tickets', args.tickets!, '--seed', args.seed!, '--end', args.end!, '--out', path.join(work, 'export'), '--no-serve'], dataDir);
    console.log(`demo (${args.tickets} tickets, seed ${args.seed}): ingested and analysed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'report.json'), withoutTimestamps(await cli(['report', '--json'], dataDir)));
    // The Markdown report names its generation time in no line; it is kept whole.
    writeFileSync(path.join(outDir, 'report.md'), await cli(['report'], dataDir));
    for (const table of EXPORTS) {
      for (const format of ['csv', 'json']) {
        writeFileSync(path.join(outDir, `export-${table}.${format}`), await cli(['export', table, '--format', format], dataDir));
      }
    }
    console.log(`wrote ${readdirSync(outDir).length} files to ${outDir}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function compare(before: string, after: string): boolean {
  const names = [...new Set([...readdirSync(before), ...readdirSync(after)])].sort();
  let same = true;
  for (const name of names) {
    let a: string | undefined;
    let b: string | undefined;
    try { a = readFileSync(path.join(before, name), 'utf8'); } catch { a = undefined; }
    try { b = readFileSync(path.join(after, name), 'utf8'); } catch { b = undefined; }
    const verdict = a === undefined || b === undefined ? 'missing on one side' : a === b ? `identical (${a.length} bytes)` : 'DIFFERS';
    if (verdict !== `identical (${a?.length} bytes)`) same = false;
    console.log(`${name.padEnd(28)} ${verdict}`);
  }
  console.log(same ? 'all files identical' : 'differences found');
  return same;
}

await capture(path.resolve(args.out));
if (args.compare && !compare(path.resolve(args.compare), path.resolve(args.out))) process.exitCode = 1;
