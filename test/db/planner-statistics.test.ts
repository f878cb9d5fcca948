import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { refreshPlannerStatistics } from '@/db/planner-statistics';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

describe.each(TEST_ENGINES)('refreshPlannerStatistics (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => database?.dispose());

  const addRows = (from: number, to: number) =>
    database.db.execute(sql`insert into stats_sample select i, repeat('x', 200) from generate_series(${from}::int, ${to}::int) as i`);
  const estimate = async () =>
    (await queryRows<{ rows: number }>(database.db, sql`select reltuples::int as rows from pg_class where relname = 'stats_sample'`))[0].rows;

  it('analyses a table without statistics, then again only once it has grown by more than 10%', async () => {
    // Autovacuum off: on PostgreSQL it could analyse the table between the steps of this test.
    await database.db.execute(sql`create table stats_sample (id integer, note text) with (autovacuum_enabled = false)`);
    await addRows(1, 2_000);
    expect(await refreshPlannerStatistics(database.db)).toContain('stats_sample');
    expect(await estimate()).toBe(2_000);

    await addRows(2_001, 2_100); // +5%: left alone
    expect(await refreshPlannerStatistics(database.db)).not.toContain('stats_sample');
    expect(await estimate()).toBe(2_000);

    await addRows(2_101, 2_600); // +30% in all
    expect(await refreshPlannerStatistics(database.db)).toContain('stats_sample');
    expect(await estimate()).toBe(2_600);
  });

  it('leaves small tables alone', async () => {
    await database.db.execute(sql`create table stats_tiny (id integer)`);
    await database.db.execute(sql`insert into stats_tiny select generate_series(1, 10)`);
    expect(await refreshPlannerStatistics(database.db)).not.toContain('stats_tiny');
  });
});
