import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '@/db/client';
import { runCli, PROJECT_ROOT } from '../helpers/cli';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

const fixture = (name: string) => path.join(PROJECT_ROOT, 'test/fixtures/sources', name);
const FILES = [
  fixture('tickets-generic.csv'),
  fixture('events.csv'),
  fixture('jira-cloud-export.csv'),
  fixture('zendesk-incremental.json'),
  fixture('github-issues-rest.json'),
  fixture('freshdesk-tickets.json'),
];

interface Counts {
  tickets: number;
  events: number;
  releases: number;
  runs: number;
  rejected: number;
}

async function counts(database: Database): Promise<Counts> {
  const [row] = await queryRows<Counts>(
    database.db,
    sql`select (select count(*)::int from tickets) as tickets, (select count(*)::int from ticket_events) as events,
               (select count(*)::int from releases) as releases, (select count(*)::int from ingest_runs) as runs,
               (select count(*)::int from rejected_rows) as rejected`,
  );
  return row;
}

describe.each(TEST_ENGINES)('support-trends ingest, end to end (%s)', (engine) => {
  let dataDir: string;
  let server: TestDatabase | undefined;
  let env: Record<string, string>;

  const open = async () =>
    engine === 'pglite'
      ? openDatabase({ kind: 'pglite', dataDir })
      : openDatabase({ kind: 'postgres', url: server!.url! });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'st-e2e-'));
    if (engine === 'postgres') server = await createTestDatabase('postgres');
    env = engine === 'pglite' ? { SUPPORT_TRENDS_DATA_DIR: dataDir } : { DATABASE_URL: server!.url! };
  });
  afterAll(async () => {
    await server?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let first: Counts;

  it('loads every format, reporting rejected rows with file and line', async () => {
    const result = await runCli(['ingest', ...FILES, '--releases', fixture('releases.csv'), '--no-analyze'], env);
    expect(result.stderr).toMatch(/tickets-generic\.csv \(csv-tickets\): \d+ rows read · \d+ new/);
    expect(result.stderr).toMatch(/rejected line \d+, field "/);
    expect(result.code).toBe(0);
    const database = await open();
    first = await counts(database);
    await database.close();
    expect(first.tickets).toBeGreaterThan(10);
    expect(first.events).toBeGreaterThan(3);
    expect(first.releases).toBeGreaterThan(3);
    expect(first.runs).toBe(FILES.length + 1);
    expect(first.rejected).toBeGreaterThan(0);
  });

  it('changes nothing when run again', async () => {
    const result = await runCli(['ingest', ...FILES, '--releases', fixture('releases.csv'), '--no-analyze'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/ [1-9]\d* new/);
    expect(result.stderr).not.toMatch(/ [1-9]\d* updated/);
    const database = await open();
    const second = await counts(database);
    await database.close();
    expect({ ...second, runs: 0, rejected: 0 }).toEqual({ ...first, runs: 0, rejected: 0 });
    expect(second.runs).toBe(first.runs * 2); // each run is recorded
  });

  it('fails clearly on a file it cannot read, without touching stored data', async () => {
    const result = await runCli(['ingest', fixture('unknown.csv'), '--no-analyze'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/unknown\.csv/);
    const database = await open();
    const after = await counts(database);
    await database.close();
    expect(after.tickets).toBe(first.tickets);
  });
});
