/**
 * Fault tolerance on PostgreSQL: the server going away mid-ingest, and two ingests of
 * overlapping files at once. Runs on a private server (see helpers/private-postgres.ts).
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
import { createPrivatePostgres, privatePostgresAvailable, type PrivatePostgres } from '../helpers/private-postgres';

const TICKETS = 8_000;

async function ticketCounts(url: string) {
  const database = await openDatabase({ kind: 'postgres', url });
  try {
    const [row] = await queryRows<{ tickets: number; distinct_ids: number; events: number }>(
      database.db,
      sql`select count(*)::int as tickets, count(distinct (source, external_id))::int as distinct_ids,
                 (select count(*)::int from ticket_events) as events from tickets`,
    );
    const runs = await queryRows<{ status: string; error: string | null }>(database.db, sql`select status, error from ingest_runs order by id`);
    return { ...row, runs };
  } finally {
    await database.close();
  }
}

describe.skipIf(!privatePostgresAvailable())('ingest when PostgreSQL fails', () => {
  let dir: string;
  let server: PrivatePostgres;
  let files: { tickets: string; comments: string };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-pgfault-'));
    server = await createPrivatePostgres();
    const demo = await generateDemo({ outDir: path.join(dir, 'export'), tickets: TICKETS, seed: 11, end: '2026-05-31' });
    files = demo.files;
  });
  afterAll(() => {
    server?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops with a clear error when the server goes away, keeps whole batches, and a re-run completes', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [path.join(PROJECT_ROOT, 'bin/support-trends.mjs'), 'ingest', files.tickets, '--no-analyze', '--batch-size', '200'],
        // The data directory receives the log file with the driver's details.
        { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: server.url, SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'data') } },
      );
      let stderr = '';
      let stopped = false;
      child.stderr.on('data', (d) => {
        stderr += d;
        if (!stopped && stderr.includes('progress:')) {
          stopped = true;
          server.stop();
        }
      });
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.code).not.toBe(0);
    // Reported for the file, or for the command when the driver fails outside the query.
    expect(result.stderr).toMatch(/Lost the connection to the database/);
    expect(result.stderr).toMatch(/Re-run the same command/);
    expect(result.stderr).not.toMatch(/at \w+ \(/); // a message, not a stack trace
    expect(result.stderr).toMatch(new RegExp(`Details: ${path.join(dir, 'data')}/logs/ingest-.+\\.log`));

    server.start();
    const partial = await ticketCounts(server.url);
    expect(partial.tickets % 200).toBe(0); // no partial batch is visible
    expect(partial.tickets).toBeLessThan(TICKETS);

    const rerun = await runCli(['ingest', files.tickets, '--no-analyze'], { DATABASE_URL: server.url });
    expect(rerun.code, rerun.stderr).toBe(0);
    const complete = await ticketCounts(server.url);
    expect(complete.tickets).toBe(TICKETS);
    expect(complete.runs.at(-1)?.status).toBe('succeeded');
    expect(complete.runs[0].status).toBe('failed');
  });

  it('two ingests of overlapping files at the same time: no duplicates, both succeed', async () => {
    const env = { DATABASE_URL: server.url };
    const [a, b] = await Promise.all([
      runCli(['ingest', files.tickets, files.comments, '--no-analyze', '--batch-size', '300'], env),
      runCli(['ingest', files.comments, files.tickets, '--no-analyze', '--batch-size', '500'], env),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const after = await ticketCounts(server.url);
    expect(after.tickets).toBe(TICKETS);
    expect(after.distinct_ids).toBe(TICKETS);
    const single = await runCli(['ingest', files.comments, '--no-analyze'], env);
    expect(single.stderr).toMatch(/ 0 new · 0 updated/); // all comments were stored once already
  });
});
