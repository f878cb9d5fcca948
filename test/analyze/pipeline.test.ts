/**
 * The analysis job end to end on a real database (PGlite, and PostgreSQL when configured):
 * demo export → ingest → analyze, then the daily import that only assigns new tickets.
 */
import { asTopicId } from '@/lib/topic-id';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { runAnalysis } from '@/analyze/run-analysis';
import { generateDemo, type DemoResult } from '@/demo/generate';
import { ingestFile } from '@/ingest/ingest-file';
import { ingestAgentsFile } from '@/ingest/load/upsert-agents';
import { toCsv } from '@/lib/csv-export';
import { getPlanningReport } from '@/lib/queries/report';
import { countTickets } from '@/lib/queries/tickets';
import { getDataRange } from '@/lib/queries/data-range';
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

  it('tickets a re-export marks deleted leave the tickets, every rollup, the topic counts and the ticket list', async () => {
    const rows = parse(readFileSync(demo.files.tickets, 'utf8'), { columns: true }) as Record<string, string>[];
    const [{ before }] = await queryRows<{ before: number }>(database.db, sql`select count(*)::int as before from tickets`);
    // Sixty old tickets, spread over the year and over topics; some have comments.
    const victims = rows.filter((_, i) => i % 60 === 7).slice(0, 60);
    const victimIds = victims.map((r) => r.id);
    const topicsHit = await queryRows<{ topic_id: string; n: number }>(
      database.db,
      sql`select topic_id, count(*)::int as n from tickets where source = 'csv' and topic_id is not null
            and external_id in (select value from json_array_elements_text(${JSON.stringify(victimIds)}::json)) group by topic_id`,
    );
    expect(topicsHit.length).toBeGreaterThan(3);
    const file = path.join(dir, 'deleted.csv');
    writeFileSync(file, toCsv(victims.map((r) => ({ id: r.id, created_at: r.created_at, subject: r.subject, deleted: 'yes' })), ['id', 'created_at', 'subject', 'deleted'].map((key) => ({ key, header: key }))));
    const summary = await ingestFile(database.db, file, { timeZone: TZ });
    expect(summary).toMatchObject({ deleted: victims.length, rejected: 0 });

    const result = await runAnalysis(database.db, { mode: 'auto', timeZone: TZ, seed: 3 });
    expect(result.topics.mode).toBe('incremental');
    const [row] = await queryRows<{ tickets: number; left: number; events: number; rolled: number; byPriority: number; byVersion: number; topicSum: number }>(
      database.db,
      sql`select (select count(*)::int from tickets) as tickets,
                 (select count(*)::int from tickets where external_id in (select value from json_array_elements_text(${JSON.stringify(victimIds)}::json))) as left,
                 (select count(*)::int from ticket_events e where e.ticket_id not in (select id from tickets)) as events,
                 (select sum(tickets)::int from daily_topic_counts) as rolled,
                 (select sum(tickets)::int from daily_ticket_counts) as "byPriority",
                 (select sum(tickets)::int from daily_topic_version_counts) as "byVersion",
                 (select coalesce(sum(tickets), 0)::int from topics where status = 'active') as "topicSum"`,
    );
    expect(row).toMatchObject({ tickets: before - victims.length, left: 0, events: 0, rolled: before - victims.length, byPriority: before - victims.length, byVersion: before - victims.length });
    // Every topic's stored size is its tickets again, and its representatives all still exist.
    const mismatched = await queryRows<{ id: string }>(
      database.db,
      sql`select tp.id from topics tp where tp.status = 'active'
            and (tp.tickets <> (select count(*) from tickets t where t.topic_id = tp.id)
                 or tp.customers <> (select count(distinct t.customer_id) from tickets t where t.topic_id = tp.id)
                 or exists (select 1 from unnest(tp.representative_ids) r where not exists (select 1 from tickets t where t.id = r)))`,
    );
    expect(mismatched).toEqual([]);
    // The tickets list counts from the rollups (with a date range) and from the tickets (with a status): both agree.
    const topic = asTopicId(topicsHit[0].topic_id);
    const [{ n, open }] = await queryRows<{ n: number; open: number }>(
      database.db,
      sql`select count(*)::int as n, count(*) filter (where status_category in ('new', 'open', 'pending'))::int as open from tickets where topic_id = ${topic}`,
    );
    const range = await getDataRange(database.db);
    expect(await countTickets(database.db, { filters: { topic }, range, sort: 'newest', limit: 50 }, TZ)).toEqual({ count: n, capped: false });
    expect(await countTickets(database.db, { filters: { topic }, range: null, status: 'unresolved', sort: 'newest', limit: 50 }, TZ)).toEqual({ count: open, capped: false });
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
