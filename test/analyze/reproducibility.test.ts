/**
 * The analysis is a function of the data: the same export loaded in order, shuffled, or
 * interrupted and resumed gives the same report and exports; two analyses started together
 * store what one would; an analysis that died is marked interrupted by the next.
 * PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { runAnalysis, runAnalysisUnlessCovered } from '@/analyze/run-analysis';
import { generateDemo, type DemoResult } from '@/demo/generate';
import { ingestFile } from '@/ingest/ingest-file';
import { ingestAgentsFile } from '@/ingest/load/upsert-agents';
import { exportIntermittentRows, exportReleaseRows, exportSpikeRows, exportTopicRows } from '@/lib/exports/findings';
import { exportTeamRows } from '@/lib/exports/team';
import { exportTicketRows } from '@/lib/exports/tickets';
import { resetEnvCache } from '@/lib/env';
import { getPlanningReport } from '@/lib/queries/report';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';
import { writeShuffledCsv } from '../helpers/shuffled-csv';

const TZ = 'UTC';

/** Everything a person can take away from an analysis, minus the report's generation time. */
async function results(db: Db) {
  const { generated_at: _generatedAt, ...report } = await getPlanningReport(db, { timeZone: TZ, includeIndividuals: true });
  const tickets: Record<string, unknown>[] = [];
  for await (const row of exportTicketRows(db)) tickets.push(row);
  return {
    report,
    tickets,
    topics: await exportTopicRows(db),
    releases: await exportReleaseRows(db),
    spikes: await exportSpikeRows(db),
    intermittent: await exportIntermittentRows(db),
    team: await exportTeamRows(db, { includeIndividuals: true }),
  };
}

describe.each(TEST_ENGINES)('analysis results depend on the data, not on how it was loaded (%s)', (engine) => {
  let dir: string;
  let demo: DemoResult;
  let shuffled: { tickets: string; comments: string };
  const databases: TestDatabase[] = [];
  let straight: Awaited<ReturnType<typeof results>>;

  /** A fresh database with the demo's agents, the given ticket and comment files, and releases. */
  async function load(files: { tickets: string; comments: string }, interruptFirst = false): Promise<TestDatabase> {
    const database = await createTestDatabase(engine);
    databases.push(database);
    await ingestAgentsFile(database.db, demo.files.agents);
    if (interruptFirst) {
      // Ctrl-C after the first committed batch: whole batches stay, the run is marked failed.
      const controller = new AbortController();
      await expect(
        ingestFile(database.db, files.tickets, { timeZone: TZ, batchSize: 150, signal: controller.signal, onProgress: () => controller.abort() }),
      ).rejects.toThrow(/Interrupted/);
      const [{ stored }] = await queryRows<{ stored: number }>(database.db, sql`select count(*)::int as stored from tickets`);
      expect(stored).toBe(150);
    }
    for (const file of [files.tickets, files.comments, demo.files.releases]) await ingestFile(database.db, file, { timeZone: TZ });
    return database;
  }

  const firstIds = async (db: Db) =>
    (await queryRows<{ external_id: string }>(db, sql`select external_id from tickets order by id limit 50`)).map((r) => r.external_id);

  beforeAll(async () => {
    // Requesters are stored as keyed hashes: one installation secret for every database here.
    process.env.SUPPORT_TRENDS_SECRET = 'reproducibility-test-secret';
    resetEnvCache();
    dir = mkdtempSync(path.join(tmpdir(), 'st-repro-'));
    demo = await generateDemo({ outDir: path.join(dir, 'export'), tickets: 2_500, seed: 13, end: '2026-08-31' });
    shuffled = {
      tickets: writeShuffledCsv(demo.files.tickets, dir, 5),
      comments: writeShuffledCsv(demo.files.comments, dir, 6),
    };
  });
  afterAll(async () => {
    delete process.env.SUPPORT_TRENDS_SECRET;
    resetEnvCache();
    for (const database of databases) await database.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('in order, shuffled, and interrupted-and-resumed: identical report and exports', async () => {
    const inOrder = await load(demo.files);
    await runAnalysis(inOrder.db, { mode: 'auto', timeZone: TZ });
    straight = await results(inOrder.db);
    expect(straight.report.topics.length).toBeGreaterThan(5);
    expect(straight.tickets.filter((t) => t.topic_id !== null).length).toBeGreaterThan(2_000);

    const reordered = await load(shuffled);
    // The loads really differ where the old analysis looked: internal ids follow the file order.
    expect(await firstIds(reordered.db)).not.toEqual(await firstIds(inOrder.db));
    await runAnalysis(reordered.db, { mode: 'auto', timeZone: TZ });
    expect(await results(reordered.db)).toEqual(straight);

    const resumed = await load(demo.files, true);
    await runAnalysis(resumed.db, { mode: 'auto', timeZone: TZ });
    expect(await results(resumed.db)).toEqual(straight);
  }, 600_000);

  it('two analyses started together: one waits and finds everything covered; the stored results equal a single run', async () => {
    const database = await load(shuffled);
    const messages: string[] = [];
    const log = (message: string) => messages.push(message);
    const outcomes = await Promise.all([
      runAnalysisUnlessCovered(database.db, { mode: 'auto', timeZone: TZ, log }),
      runAnalysisUnlessCovered(database.db, { mode: 'auto', timeZone: TZ, log }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['covered', 'succeeded']);
    const done = outcomes.find((o) => o.status === 'succeeded')!;
    expect(outcomes.find((o) => o.status === 'covered')!.runId).toBe(done.runId);
    expect(messages.some((m) => /^An analysis is already running since \d\d:\d\d UTC \(run #\d+, pid \d+\); waiting for it to finish…$/.test(m))).toBe(true);
    const runs = await queryRows<{ status: string }>(database.db, sql`select status from analysis_runs`);
    expect(runs).toEqual([{ status: 'succeeded' }]);
    expect(await results(database.db)).toEqual(straight);

    // Two full re-analyses at once both run, one after the other (on PostgreSQL they used to
    // collide on the rollups' keys), and change nothing.
    const full = await Promise.all([
      runAnalysis(database.db, { mode: 'full', timeZone: TZ }),
      runAnalysis(database.db, { mode: 'full', timeZone: TZ }),
    ]);
    expect(full.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(full.map((r) => r.topics.changed)).toEqual([0, 0]);
    expect(await results(database.db)).toEqual(straight);
  }, 300_000);

  it('a run left running by a process that is gone is marked interrupted by the next analysis', async () => {
    const database = databases[0];
    await database.db.execute(
      sql`insert into analysis_runs (mode, status, time_zone, pid, host) values ('full', 'running', ${TZ}, 2147483646, ${hostname()})`,
    );
    await runAnalysis(database.db, { mode: 'auto', timeZone: TZ });
    const runs = await queryRows<{ status: string; error: string | null }>(database.db, sql`select status, error from analysis_runs order by id`);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted', 'succeeded']);
    expect(runs[1].error).toMatch(/pid 2147483646 on .* stopped before the analysis finished/);
    expect(await results(database.db)).toEqual(straight);
  }, 120_000);
});
