/**
 * A ticket whose text changes at ingest is analysed again by the next incremental analysis:
 * it gets the topic its new text belongs to, and the topics' sizes and customer counts stay
 * equal to what the tickets say. PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
 */
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
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

const TZ = 'UTC';

const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
const toCsvText = (rows: Record<string, string>[]) =>
  [Object.keys(rows[0]).map(quote).join(','), ...rows.map((r) => Object.values(r).map(quote).join(','))].join('\n') + '\n';

describe.each(TEST_ENGINES)('an edited ticket under incremental analysis (%s)', (engine) => {
  let dir: string;
  let demo: DemoResult;
  let database: TestDatabase;
  let rows: Record<string, string>[];

  const ticket = async (externalId: string) =>
    (
      await queryRows<{ topic_id: string | null; topic_run_id: number | null; negative_tone: boolean | null }>(
        database.db,
        sql`select topic_id, topic_run_id, negative_tone from tickets where external_id = ${externalId}`,
      )
    )[0];

  /** Every active topic's stored size and customers next to a count over its tickets. */
  const topicCounts = () =>
    queryRows<{ id: string; stored: number; counted: number; stored_customers: number; counted_customers: number }>(
      database.db,
      sql`select tp.id, tp.tickets as stored, count(t.id)::int as counted,
                 tp.customers as stored_customers, count(distinct t.customer_id)::int as counted_customers
          from topics tp left join tickets t on t.topic_id = tp.id
          where tp.status = 'active' group by tp.id order by tp.id`,
    );

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-edited-'));
    demo = await generateDemo({ outDir: dir, tickets: 2_000, seed: 21, end: '2026-07-31' });
    database = await createTestDatabase(engine);
    await ingestFile(database.db, demo.files.tickets, { timeZone: TZ });
    await runAnalysis(database.db, { mode: 'full', timeZone: TZ });
    rows = parse(readFileSync(demo.files.tickets, 'utf8'), { columns: true }) as Record<string, string>[];
  });
  afterAll(async () => {
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets the topic of its new text, and every topic count stays exact', async () => {
    // Two topics, each with its most typical ticket (the first representative).
    const topics = await queryRows<{ id: string; representative: string }>(
      database.db,
      sql`select tp.id, t.external_id as representative from topics tp join tickets t on t.id = tp.representative_ids[1]
          where tp.status = 'active' order by tp.tickets desc limit 2`,
    );
    const [from, to] = topics;
    expect(from.id).not.toBe(to.id);
    expect((await ticket(from.representative)).topic_id).toBe(from.id);

    // The helpdesk rewrites the first ticket with the text of the second topic's; a third
    // ticket only changes priority.
    const source = rows.find((r) => r.id === to.representative)!;
    const edited = { ...rows.find((r) => r.id === from.representative)!, subject: source.subject, description: source.description, updated_at: '2026-07-31T12:00:00Z' };
    const other = rows.find((r) => ![from.representative, to.representative].includes(r.id))!;
    const reprioritised = { ...other, priority: other.priority === 'urgent' ? 'low' : 'urgent', updated_at: '2026-07-31T12:00:00Z' };
    const otherBefore = await ticket(other.id);
    const file = path.join(dir, 'edits.csv');
    writeFileSync(file, toCsvText([edited, reprioritised]));
    const summary = await ingestFile(database.db, file, { timeZone: TZ });
    expect(summary.updated).toBe(2);

    // Marked for analysis; its topic is kept until then, so that topic can give it up.
    expect(await ticket(from.representative)).toMatchObject({ topic_id: from.id, topic_run_id: null, negative_tone: null });
    // A change that leaves the text alone keeps the analysis.
    expect(await ticket(other.id)).toEqual(otherBefore);

    const result = await runAnalysis(database.db, { mode: 'auto', timeZone: TZ });
    expect(result.topics.mode).toBe('incremental');
    expect(result.topics.tickets).toBe(1);
    const after = await ticket(from.representative);
    expect(after.topic_run_id).toBe(result.runId);
    expect(after.topic_id).toBe(to.id);

    for (const t of await topicCounts()) {
      expect({ id: t.id, tickets: t.stored, customers: t.stored_customers }).toEqual({ id: t.id, tickets: t.counted, customers: t.counted_customers });
    }
    // The rollups agree too: the edited ticket is counted once, under its new topic.
    const [rolled] = await queryRows<{ rolled: number; tickets: number }>(
      database.db,
      sql`select (select sum(tickets)::int from daily_topic_counts) as rolled, (select count(*)::int from tickets) as tickets`,
    );
    expect(rolled.rolled).toBe(rolled.tickets);
  });
});
