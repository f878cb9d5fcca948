/**
 * An ingest killed half-way (kill -9) or stopped with Ctrl-C leaves whole batches and a run
 * marked failed; re-running the same file loads exactly the missing rows.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@/db/client';
import { generateDemo } from '@/demo/generate';
import { PROJECT_ROOT, runCli } from '../helpers/cli';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

const TICKETS = 12_000;

/** Starts an ingest and sends `signal` as soon as the first batch is committed. */
function ingestAndInterrupt(
  file: string,
  env: Record<string, string>,
  signal: NodeJS.Signals,
  batchSize: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/support-trends.mjs'), 'ingest', file, '--no-analyze', '--batch-size', String(batchSize)], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      // The first progress line is printed right after the first committed batch.
      if (!sent && stderr.includes('progress:')) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe.each(TEST_ENGINES)('an interrupted ingest (%s)', (engine) => {
  let dir: string;
  let ticketsFile: string;
  let server: TestDatabase | undefined;
  let env: Record<string, string>;

  const readState = async () => {
    const database =
      engine === 'pglite'
        ? await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'data') })
        : await openDatabase({ kind: 'postgres', url: server!.url! });
    try {
      const [row] = await queryRows<{ tickets: number; distinct_ids: number }>(
        database.db,
        sql`select count(*)::int as tickets, count(distinct external_id)::int as distinct_ids from tickets`,
      );
      const runs = await queryRows<{ status: string; error: string | null; inserted: number }>(
        database.db,
        sql`select status, error, inserted from ingest_runs order by id`,
      );
      return { ...row, runs };
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-interrupt-'));
    const demo = await generateDemo({ outDir: path.join(dir, 'export'), tickets: TICKETS, seed: 7, end: '2026-06-30' });
    ticketsFile = demo.files.tickets;
    if (engine === 'postgres') server = await createTestDatabase('postgres');
    env = engine === 'pglite' ? { SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'data') } : { DATABASE_URL: server!.url! };
  });
  afterAll(async () => {
    await server?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('kill -9 mid-file: whole batches stay, the run is marked failed, a re-run loads the rest', async () => {
    const killed = await ingestAndInterrupt(ticketsFile, env, 'SIGKILL', 250);
    expect(killed.code).not.toBe(0);
    const partial = await readState();
    expect(partial.tickets).toBeGreaterThan(0);
    expect(partial.tickets).toBeLessThan(TICKETS);
    expect(partial.tickets % 250).toBe(0); // only whole batches were committed
    expect(partial.runs[0].inserted).toBe(partial.tickets); // counters committed with their batches

    const rerun = await runCli(['ingest', ticketsFile, '--no-analyze'], env);
    expect(rerun.code).toBe(0);
    const complete = await readState();
    expect(complete.tickets).toBe(TICKETS);
    expect(complete.distinct_ids).toBe(TICKETS);
    expect(complete.runs[0].status).toBe('failed');
    expect(complete.runs[0].error).toMatch(/interrupted/);
    expect(complete.runs[1]).toMatchObject({ status: 'succeeded', inserted: TICKETS - partial.tickets });
  });

  it('Ctrl-C stops after the current batch and records why', async () => {
    // Small batches: re-reading stored tickets is fast, and the signal must arrive mid-file.
    const again = await ingestAndInterrupt(ticketsFile, env, 'SIGINT', 20);
    // Everything is already stored, so the interrupted run finds only unchanged rows.
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/Stopping after the current batch/);
    const state = await readState();
    expect(state.tickets).toBe(TICKETS);
    expect(state.runs.at(-1)).toMatchObject({ status: 'failed', error: 'Interrupted by the user' });
  });
});
