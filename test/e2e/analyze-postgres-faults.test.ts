/**
 * The PostgreSQL server going away during `analyze`: one message that says what happened and
 * what to do, the driver's details in a log file, the run marked interrupted by the next
 * analysis, which completes the work. Runs on a private server (see helpers/private-postgres.ts).
 * (The embedded database has no connection to lose: a killed analysis is analyze-concurrent's.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@/db/client';
import { runAnalysis } from '@/analyze/run-analysis';
import { describeErrorForPerson } from '@/lib/error-log';
import { resetEnvCache } from '@/lib/env';
import { AppError } from '@/db/errors';
import { generateDemo } from '@/demo/generate';
import { PROJECT_ROOT, runCli } from '../helpers/cli';
import { createPrivatePostgres, privatePostgresAvailable, type PrivatePostgres } from '../helpers/private-postgres';

describe.skipIf(!privatePostgresAvailable())('analyze when PostgreSQL fails', () => {
  let dir: string;
  let server: PrivatePostgres;
  let env: Record<string, string>;

  const runs = async () => {
    const database = await openDatabase({ kind: 'postgres', url: server.url });
    try {
      return await queryRows<{ status: string; error: string | null; pid: number }>(database.db, sql`select status, error, pid from analysis_runs order by id`);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-analyze-fault-'));
    server = await createPrivatePostgres();
    env = { DATABASE_URL: server.url, SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'data') };
    const demo = await generateDemo({ outDir: path.join(dir, 'export'), tickets: 4_000, seed: 19, end: '2026-04-30' });
    const ingest = await runCli(['ingest', demo.files.tickets, demo.files.comments, '--no-analyze'], env);
    expect(ingest.code, ingest.stderr).toBe(0);
  }, 300_000);
  afterAll(() => {
    server?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `analyze`; `onOutput` sees its stderr as it grows. */
  const startAnalyze = (onOutput: (stderr: string) => void) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/support-trends.mjs'), 'analyze'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...env },
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
        onOutput(stderr);
      });
      child.on('close', (code) => resolve({ code, stderr }));
    });

  /** The command's error message: what follows its own progress lines. */
  const errorOf = (stderr: string) => stderr.slice(stderr.indexOf('support-trends analyze:'));

  const expectOneMessage = (result: { code: number | null; stderr: string }) => {
    expect(result.code, result.stderr).toBe(6); // Unavailable
    const message = errorOf(result.stderr);
    // The driver reports a failed query, or (writing to the closed socket) fails outside any query.
    expect(message).toMatch(/^support-trends analyze: Lost the connection to the database \(([A-Z0-9_]+|the server closed it)\) during the analysis\.\n/);
    expect(message).toMatch(/→ Re-run the same command when the database is back/);
    expect(message).not.toMatch(/at \w+ \(|Failed query|params:/); // no stack trace, no parameter dump
    expect(message.length).toBeLessThan(600);
    const logFile = /Details: (.+\.log)\n/.exec(message)?.[1];
    expect(logFile).toBeDefined();
    const log = readFileSync(path.resolve(PROJECT_ROOT, logFile!), 'utf8');
    expect(log).toMatch(/^support-trends analyze, /);
    expect(log).toMatch(/\n\s+at /); // the stack is kept there
    expect(log.length).toBeLessThan(30_000);
  };

  it('one message each for the running and the waiting analysis, details in log files; the next analysis marks the run interrupted and completes', async () => {
    let waiting: Promise<{ code: number | null; stderr: string }> | null = null;
    let stopped = false;
    const running = startAnalyze((stderr) => {
      // A second analysis queues behind the first; once it waits, the server goes away.
      if (!waiting && stderr.includes('clustering')) {
        waiting = startAnalyze((own) => {
          if (!stopped && own.includes('waiting for it to finish')) {
            stopped = true;
            server.stop();
          }
        });
      }
    });
    const first = await running;
    expect(waiting).not.toBeNull();
    const second = await waiting!;
    expect(stopped).toBe(true);
    expectOneMessage(first);
    expectOneMessage(second);

    server.start();
    expect((await runs()).map((r) => r.status)).toEqual(['running']);
    const rerun = await runCli(['analyze'], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    const after = await runs();
    expect(after.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
    expect(after[0].error).toMatch(new RegExp(`pid ${after[0].pid} on .+\\) stopped before the analysis finished`));
  }, 300_000);

  it('an analysis whose queries fail for want of a server says so in one sentence', async () => {
    const database = await openDatabase({ kind: 'postgres', url: server.url });
    // The log file goes to the data directory: this test's, not the working copy's.
    process.env.SUPPORT_TRENDS_DATA_DIR = env.SUPPORT_TRENDS_DATA_DIR;
    resetEnvCache();
    server.stop();
    try {
      const caught = await runAnalysis(database.db, { mode: 'auto', timeZone: 'UTC' }).catch((error: unknown) => error);
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('Unavailable');
      expect((caught as AppError).message).toMatch(/^Lost the connection to the database \([A-Z0-9_]+\) during the analysis\.$/);
      const shown = describeErrorForPerson('analyze', caught);
      expect(shown.split('\n')).toHaveLength(3); // the sentence, what to do, where the details are
      expect(shown).toMatch(new RegExp(`\\n  Details: ${env.SUPPORT_TRENDS_DATA_DIR}/logs/analyze-.+\\.log$`));
    } finally {
      delete process.env.SUPPORT_TRENDS_DATA_DIR;
      resetEnvCache();
      server.start();
      await database.close();
    }
  }, 120_000);
});
