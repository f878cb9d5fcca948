/**
 * The analysis job end to end on a real database (PGlite, and PostgreSQL when configured):
 * demo export → ingest → analyze, then the daily import that only assigns new tickets.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { runAnalysis } from '@/ingest/analyze/run-analysis';
import { generateDemo, type DemoResult } from '@/ingest/demo/generate';
import { ingestFile } from '@/ingest/ingest-file';
import { ingestAgentsFile } from '@/ingest/load/upsert-agents';
import { toCsv } from '@/lib/csv-export';
import { getPlanningReport } from '@/lib/queries/report';
import { reportSchema } from '@/lib/report/schema';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

const TZ = 'UTC';

describe.each(TEST_ENGINES)('analyze (%s)', (engine) => {
  let dir: string;
  let demo: DemoResult;
  let database: TestDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-analyze-'));
    demo = await generateDemo({ outDir: dir, tickets: 4_000, seed: 5, end: '2026-09-30' });
    database = await createTestDatabase(engine);
    await ingestAgentsFile(database.db, demo.files.agents);
    for (const file of [demo.files.tickets, demo.files.comments, demo.files.releases]) {
      await ingestFile(database.db, file, { timeZone: TZ });
    }
  });
  afterAll(async () => {
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  let topicIds: string[];

  it('a first analysis clusters every ticket and stores rollups, findings and team load', async () => {
    const result = await runAnalysis(database.db, { mode: 'auto', timeZone: TZ, seed: 3 });
    expect(result.topics.mode).toBe('full');
    expect(result.topics.topics).toBeGreaterThan(10);
    const [row] = await queryRows<{ unassigned: number; tickets: number; rolled: number; topics: number; snapshots: number }>(
      database.db,
      sql`select (select count(*)::int from tickets where topic_run_id is null) as unassigned,
                 (select count(*)::int from tickets) as tickets,
                 (select sum(tickets)::int from daily_topic_counts) as rolled,
                 (select count(*)::int from topics where status = 'active') as topics,
                 (select count(*)::int from team_load_snapshots) as snapshots`,
    );
    expect(row.unassigned).toBe(0);
    expect(row.rolled).toBe(row.tickets); // the rollup accounts for every ticket exactly once
    expect(row.topics).toBe(result.topics.topics);
    expect(row.snapshots).toBe(1);
    expect(result.findings.painPoints).toBeGreaterThan(0);
    topicIds = (await queryRows<{ id: string }>(database.db, sql`select id from topics order by id`)).map((r) => r.id);
  });

  it('the same analysis again keeps every topic id and assignment', async () => {
    const again = await runAnalysis(database.db, { mode: 'full', timeZone: TZ, seed: 3 });
    expect(again.topics.changed).toBe(0);
    const ids = (await queryRows<{ id: string }>(database.db, sql`select id from topics where status = 'active' order by id`)).map((r) => r.id);
    expect(ids).toEqual(topicIds);
  });

  it('new tickets are assigned to the existing topics without re-clustering; rollups stay exact', async () => {
    // The next day's export: 40 new tickets (copies of old ones with new ids, on the last day)
    // and one old ticket whose priority changed.
    const rows = parse(readFileSync(demo.files.tickets, 'utf8'), { columns: true }) as Record<string, string>[];
    const fresh = rows.slice(0, 40).map((r) => ({ ...r, id: `new-${r.id}`, created_at: '2026-09-30T15:00:00Z', updated_at: '2026-09-30T15:00:00Z' }));
    const changed = { ...rows[100], priority: rows[100].priority === 'urgent' ? 'low' : 'urgent', updated_at: '2026-09-30T16:00:00Z' };
    const header = Object.keys(rows[0]);
    const file = path.join(dir, 'next-day.csv');
    writeFileSync(file, toCsv([...fresh, changed], header.map((key) => ({ key, header: key }))));
    await ingestFile(database.db, file, { timeZone: TZ });

    const result = await runAnalysis(database.db, { mode: 'auto', timeZone: TZ, seed: 3 });
    expect(result.topics.mode).toBe('incremental');
    expect(result.topics.tickets).toBe(40);
    const [row] = await queryRows<{ unassigned: number; tickets: number; rolled: number; urgent: number; urgentRolled: number }>(
      database.db,
      sql`select (select count(*)::int from tickets where topic_run_id is null) as unassigned,
                 (select count(*)::int from tickets) as tickets,
                 (select sum(tickets)::int from daily_topic_counts) as rolled,
                 (select count(*)::int from tickets where priority = 'urgent') as urgent,
                 (select coalesce(sum(tickets), 0)::int from daily_ticket_counts where priority = 'urgent') as "urgentRolled"`,
    );
    expect(row.unassigned).toBe(0);
    expect(row.rolled).toBe(row.tickets);
    expect(row.urgentRolled).toBe(row.urgent); // the changed priority is in the rollup too
  });

  it('the planning report follows its JSON contract and agrees with the stored counts', async () => {
    const report = await getPlanningReport(database.db, { timeZone: TZ, includeIndividuals: false });
    expect(() => reportSchema.parse(report)).not.toThrow();
    const [{ tickets }] = await queryRows<{ tickets: number }>(database.db, sql`select count(*)::int as tickets from tickets`);
    expect(report.totals.tickets).toBe(tickets);
    const clustered = report.topics.reduce((sum, t) => sum + t.tickets, 0);
    expect(clustered).toBeLessThanOrEqual(tickets);
    expect(report.releases.length).toBeGreaterThan(0);
    // Without permission, no person is named in the team section.
    const team = report.team as { agents: unknown[]; single_owner_topics: { agent: string }[] };
    expect(team.agents).toEqual([]);
    for (const owner of team.single_owner_topics) expect(owner.agent).toBe('one person');
  });
});
