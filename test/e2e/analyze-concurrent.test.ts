/**
 * `analyze` as people run it: two at once on one database (both succeed; the second waits, then
 * finds nothing new), and one killed half-way (the next marks it interrupted and completes the
 * work). PGlite (a data directory), and PostgreSQL when TEST_DATABASE_URL is set.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type DatabaseTarget } from '@/db/client';
import { generateDemo } from '@/demo/generate';
import { listAnalysisRuns } from '@/lib/queries/imports';
import { PROJECT_ROOT, runCli, type CliResult } from '../helpers/cli';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

/**
 * Starts `analyze` and calls `onLine` with its stderr so far as it grows; `kill` ends it with
 * SIGKILL. Resolves when it exits.
 */
function startAnalyze(args: string[], env: Record<string, string>, onOutput: (stderr: string, kill: () => void) => void): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/support-trends.mjs'), 'analyze', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onOutput(stderr, () => child.kill('SIGKILL'));
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 + 9 : -1), stdout, stderr }));
  });
}

describe.each(TEST_ENGINES)('analyze from the command line (%s)', (engine) => {
  let dir: string;
  let server: TestDatabase | undefined;
  let env: Record<string, string>;
  let target: DatabaseTarget;

  const runs = async () => {
    const database = await openDatabase(target);
    try {
      return await queryRows<{ status: string; error: string | null; pid: number | null }>(
        database.db,
        sql`select status, error, pid from analysis_runs order by id`,
      );
    } finally {
      await database.close();
    }
  };
  const report = async () => {
    const result = await runCli(['report', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const { generated_at: _generatedAt, ...rest } = JSON.parse(result.stdout) as Record<string, unknown>;
    return rest;
  };

  let files: { tickets: string; comments: string };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-analyze-cli-'));
    const demo = await generateDemo({ outDir: path.join(dir, 'export'), tickets: 3_000, seed: 17, end: '2026-05-31' });
    if (engine === 'postgres') server = await createTestDatabase('postgres');
    const dataDir = path.join(dir, 'data');
    env = engine === 'pglite' ? { SUPPORT_TRENDS_DATA_DIR: dataDir } : { DATABASE_URL: server!.url!, SUPPORT_TRENDS_DATA_DIR: dataDir };
    target = engine === 'pglite' ? { kind: 'pglite', dataDir } : { kind: 'postgres', url: server!.url! };
    files = demo.files;
    const ingest = await runCli(['ingest', demo.files.tickets, demo.files.comments, '--no-analyze'], env);
    expect(ingest.code, ingest.stderr).toBe(0);
  }, 300_000);
  afterAll(async () => {
    await server?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two analyses started together both exit 0: the second waits for the first, then finds nothing new', async () => {
    let second: Promise<CliResult> | null = null;
    const first = startAnalyze([], env, (stderr) => {
      // Start the second while the first is clustering: it certainly holds the lock.
      if (!second && stderr.includes('clustering')) second = runCli(['analyze'], env);
    });
    const firstResult = await first;
    expect(second).not.toBeNull();
    const secondResult = await second!;
    expect(firstResult.code, firstResult.stderr).toBe(0);
    expect(secondResult.code, secondResult.stderr).toBe(0);
    expect(secondResult.stderr).toMatch(/An analysis is already running since \d\d:\d\d UTC \((run #1, )?pid \d+\); waiting for it to finish…/);
    expect(secondResult.stderr).toMatch(/Nothing new to analyse: analysis #1, which was running, already covered every change\./);
    expect(await runs()).toMatchObject([{ status: 'succeeded' }]);
  }, 300_000);

  it('an analysis killed half-way is marked interrupted; the next one completes the work', async () => {
    const before = await report();
    // Killed right after its topic stage committed: the rollups, findings and team load are
    // left to the next analysis.
    const killed = await startAnalyze(['--full'], env, (stderr, kill) => {
      if (stderr.includes('topics: full analysis')) kill();
    });
    expect(killed.code).not.toBe(0);
    const pid = (await runs()).at(-1)!.pid;
    expect((await runs()).map((r) => r.status)).toEqual(['succeeded', 'running']);

    const rerun = await runCli(['analyze'], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).not.toMatch(/waiting/);
    const after = await runs();
    expect(after.map((r) => r.status)).toEqual(['succeeded', 'interrupted', 'succeeded']);
    expect(after[1].error).toMatch(new RegExp(`interrupted: its process \\(pid ${pid} on .+\\) stopped before the analysis finished`));
    expect(await report()).toEqual(before);

    // The Imports page lists it as interrupted.
    const database = await openDatabase(target);
    try {
      expect((await listAnalysisRuns(database.db)).map((r) => r.status)).toEqual(['succeeded', 'interrupted', 'succeeded']);
    } finally {
      await database.close();
    }
  }, 300_000);

  // Only PostgreSQL lets two ingests run at once (the embedded database has one process).
  it.skipIf(engine === 'pglite')('two ingests at once, each followed by its analysis: both succeed, every ticket analysed once', async () => {
    const fresh = await createTestDatabase('postgres');
    try {
      const freshEnv = { DATABASE_URL: fresh.url!, SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'data-fresh') };
      const [a, b] = await Promise.all([
        runCli(['ingest', files.tickets, files.comments], freshEnv),
        runCli(['ingest', files.tickets, files.comments, '--batch-size', '700'], freshEnv),
      ]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      expect(`${a.stderr}${b.stderr}`).not.toMatch(/Failed query|duplicate key/);
      const [row] = await queryRows<{ statuses: string[]; unassigned: number; tickets: number; rolled: number }>(
        fresh.db,
        sql`select (select array_agg(status order by id) from analysis_runs) as statuses,
                   (select count(*)::int from tickets where topic_run_id is null) as unassigned,
                   (select count(*)::int from tickets) as tickets,
                   (select sum(tickets)::int from daily_topic_counts) as rolled`,
      );
      expect(row.statuses.length).toBeGreaterThan(0);
      expect(row.statuses.every((s) => s === 'succeeded')).toBe(true);
      expect(row.unassigned).toBe(0);
      expect(row.rolled).toBe(row.tickets);
    } finally {
      await fresh.dispose();
    }
  }, 300_000);
});
