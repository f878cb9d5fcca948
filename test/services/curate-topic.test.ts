/**
 * Curation from the topic page: applied to the stored topics, tickets, model and rollups at once,
 * recorded with actor and time, and replayed by a later full re-analysis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq, sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { topicCurations, topicModels, topics } from '@/db/schema';
import { runAnalysis } from '@/analyze/run-analysis';
import { deserializeTopicModel, type SerializedTopicModel } from '@/lib/analysis/topics';
import { AppError } from '@/db/errors';
import { curateTopic } from '@/lib/services/curate-topic';
import { TEST_ENGINES } from '../helpers/database';
import { seedDemoDatabase, TIME_ZONE, type SeededDatabase } from '../queries/helpers/seed-demo';

const context = { actor: 'Dana (lead)', timeZone: TIME_ZONE };

describe.each(TEST_ENGINES)('curateTopic (%s)', (engine) => {
  let database: SeededDatabase;
  let topicIds: string[];

  const count = async (where: ReturnType<typeof sql>) =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from tickets where ${where}`))[0].n;
  const topicRow = async (id: string) => (await database.db.select().from(topics).where(eq(topics.id, id)))[0];
  const rollupTotal = async (id: string) =>
    (await queryRows<{ n: number }>(database.db, sql`select coalesce(sum(tickets), 0)::int as n from daily_topic_counts where topic_id = ${id}`))[0].n;
  const fineRollupTotal = async (id: string) =>
    (await queryRows<{ n: number }>(database.db, sql`select coalesce(sum(tickets), 0)::int as n from daily_ticket_counts where topic_id = ${id}`))[0].n;
  const latestModel = async () => {
    const [row] = await database.db.select({ model: topicModels.model }).from(topicModels).orderBy(desc(topicModels.id)).limit(1);
    return deserializeTopicModel(row.model as SerializedTopicModel);
  };

  beforeAll(async () => {
    database = await seedDemoDatabase(engine, { tickets: 2_000, days: 120, seed: 11 });
    const rows = await queryRows<{ id: string }>(
      database.db,
      sql`select id from topics where status = 'active' order by tickets desc, id`,
    );
    topicIds = rows.map((r) => r.id);
    expect(topicIds.length).toBeGreaterThan(8);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  // State shared by the steps below: each applies now; the last re-analyses and checks replay.
  let renamed: string;
  let mergeSource: string;
  let mergeTarget: string;
  let splitFrom: string;
  let splitInto: string;
  let splitMoved: number;
  let movedTickets: number[];
  let moveTarget: string;

  it('renames: the label is locked and the operation recorded with actor and time', async () => {
    renamed = topicIds[0];
    const result = await curateTopic(database.db, { kind: 'rename', topicId: renamed, label: 'Login loop after SSO' }, context);
    expect(result.ticketsMoved).toBe(0);
    const row = await topicRow(renamed);
    expect(row.label).toBe('Login loop after SSO');
    expect(row.labelLocked).toBe(true);
    const [record] = await database.db.select().from(topicCurations).where(eq(topicCurations.id, result.curationId));
    expect(record.actor).toBe('Dana (lead)');
    expect(record.operation).toEqual({ kind: 'rename', topicId: renamed, label: 'Login loop after SSO' });
    expect(Date.now() - record.createdAt.getTime()).toBeLessThan(60_000);
    expect((await latestModel()).topics.find((t) => t.id === renamed)?.label).toBe('Login loop after SSO');
  });

  it('merges: the source’s tickets move to the target now, the source is retired, counts and rollups follow', async () => {
    [mergeSource, mergeTarget] = [topicIds[3], topicIds[2]];
    const sourceTickets = await count(sql`topic_id = ${mergeSource}`);
    const targetTickets = await count(sql`topic_id = ${mergeTarget}`);
    const result = await curateTopic(database.db, { kind: 'merge', sourceId: mergeSource, targetId: mergeTarget }, context);
    expect(result.ticketsMoved).toBe(sourceTickets);
    expect(result.topicsRetired).toEqual([mergeSource]);
    expect(await count(sql`topic_id = ${mergeSource}`)).toBe(0);
    expect(await count(sql`topic_id = ${mergeTarget}`)).toBe(sourceTickets + targetTickets);
    expect((await topicRow(mergeSource)).status).toBe('retired');
    const target = await topicRow(mergeTarget);
    expect(target.tickets).toBe(sourceTickets + targetTickets);
    expect(target.customers).toBe(
      (await queryRows<{ n: number }>(database.db, sql`select count(distinct customer_id)::int as n from tickets where topic_id = ${mergeTarget}`))[0].n,
    );
    expect(await rollupTotal(mergeTarget)).toBe(sourceTickets + targetTickets);
    expect(await fineRollupTotal(mergeTarget)).toBe(sourceTickets + targetTickets);
    expect(await rollupTotal(mergeSource)).toBe(0);
    // New tickets like the source's now land in the target: its centroid rows point there.
    const model = await latestModel();
    expect(model.centroids.topicIds).not.toContain(mergeSource);
    expect(model.topics.some((t) => t.id === mergeSource)).toBe(false);
    // Topics the merge did not touch keep their stored summaries.
    const untouched = model.topics.find((t) => t.id === topicIds[5])!;
    expect(untouched.size).toBe(await count(sql`topic_id = ${topicIds[5]}`));
  });

  it('splits by keyword: matching tickets move to a new topic that the model keeps as a rule', async () => {
    // A keyword that a minority of the topic's tickets share: splitting off the majority would
    // make the next re-analysis match the cluster to the new id (see the report on matching).
    let keyword = '';
    for (const candidate of topicIds.slice(1)) {
      const total = await count(sql`topic_id = ${candidate}`);
      for (const k of (await topicRow(candidate)).keywords) {
        const share = (await count(sql`topic_id = ${candidate} and (subject || ' ' || description) ilike ${`%${k.text}%`}`)) / total;
        if (share >= 0.1 && share <= 0.4 && /^[a-z]+$/i.test(k.text)) {
          keyword = k.text;
          break;
        }
      }
      if (keyword) {
        splitFrom = candidate;
        break;
      }
    }
    expect(keyword).not.toBe('');
    const before = await count(sql`topic_id = ${splitFrom}`);
    const result = await curateTopic(database.db, { kind: 'split', topicId: splitFrom, keywords: [keyword], label: `Split: ${keyword}` }, context);
    expect(result.operation.kind).toBe('split');
    splitInto = (result.operation as { newTopicId: string }).newTopicId;
    expect(splitInto).toMatch(/^t\d+$/);
    splitMoved = result.ticketsMoved;
    expect(splitMoved).toBeGreaterThan(0);
    expect(splitMoved).toBeLessThan(before);
    expect(await count(sql`topic_id = ${splitInto}`)).toBe(splitMoved);
    expect(await count(sql`topic_id = ${splitFrom}`)).toBe(before - splitMoved);
    const created = await topicRow(splitInto);
    expect(created.label).toBe(`Split: ${keyword}`);
    expect(created.tickets).toBe(splitMoved);
    expect(await rollupTotal(splitInto)).toBe(splitMoved);
    expect((await latestModel()).splitRules.some((r) => r.fromTopicId === splitFrom && r.toTopicId === splitInto)).toBe(true);
    // The stored operation carries the new id, so a replay reuses it.
    const [record] = await database.db.select().from(topicCurations).where(eq(topicCurations.id, result.curationId));
    expect((record.operation as { newTopicId?: string }).newTopicId).toBe(splitInto);
  });

  it('moves tickets by number to another topic', async () => {
    moveTarget = topicIds[4];
    const rows = await queryRows<{ id: number }>(database.db, sql`select id from tickets where topic_id = ${topicIds[6]} order by id limit 3`);
    movedTickets = rows.map((r) => r.id);
    const result = await curateTopic(database.db, { kind: 'move', ticketIds: movedTickets.map(String), topicId: moveTarget }, context);
    expect(result.ticketsMoved).toBe(3);
    expect(await count(sql`id in (${sql.join(movedTickets.map((id) => sql`${id}`), sql`, `)}) and topic_id = ${moveTarget}`)).toBe(3);
    expect((await topicRow(moveTarget)).tickets).toBe(await count(sql`topic_id = ${moveTarget}`));
    expect((await topicRow(topicIds[6])).tickets).toBe(await count(sql`topic_id = ${topicIds[6]}`));
    expect(await rollupTotal(moveTarget)).toBe(await count(sql`topic_id = ${moveTarget}`));
  });

  it('refuses what does not apply, changing nothing', async () => {
    const records = (await database.db.select({ id: topicCurations.id }).from(topicCurations)).length;
    await expect(curateTopic(database.db, { kind: 'rename', topicId: 't99999', label: 'x' }, context)).rejects.toThrow(AppError);
    await expect(curateTopic(database.db, { kind: 'merge', sourceId: mergeSource, targetId: mergeTarget }, context)).rejects.toThrow(/does not exist/);
    await expect(curateTopic(database.db, { kind: 'move', ticketIds: ['99999999'], topicId: moveTarget }, context)).rejects.toThrow(/No ticket #99999999/);
    await expect(curateTopic(database.db, { kind: 'rename', topicId: renamed, label: '   ' }, context)).rejects.toThrow(/empty/);
    await expect(curateTopic(database.db, { kind: 'split', topicId: splitFrom, keywords: ['the'] }, context)).rejects.toThrow(/no usable keyword/);
    expect((await database.db.select({ id: topicCurations.id }).from(topicCurations)).length).toBe(records);
  });

  it('a full re-analysis replays every operation', async () => {
    await runAnalysis(database.db, { mode: 'full', timeZone: TIME_ZONE });
    const outcomes = await database.db.select({ operation: topicCurations.operation, outcome: topicCurations.outcome }).from(topicCurations).orderBy(topicCurations.id);
    expect(outcomes).toHaveLength(4);
    for (const o of outcomes) expect(o.outcome, JSON.stringify(o.operation)).toMatch(/^applied|^skipped: topic \S+ is already part of/);
    // Rename sticks.
    const renamedRow = await topicRow(renamed);
    expect(renamedRow.label).toBe('Login loop after SSO');
    expect(renamedRow.status).toBe('active');
    // Merge: the source stays gone.
    expect(await count(sql`topic_id = ${mergeSource}`)).toBe(0);
    expect((await topicRow(mergeSource)).status).toBe('retired');
    // Split: the new topic still exists and holds the keyword's tickets.
    expect((await topicRow(splitInto)).status).toBe('active');
    expect(await count(sql`topic_id = ${splitInto}`)).toBeGreaterThan(0);
    // Move: the pinned tickets stay where they were put.
    expect(await count(sql`id in (${sql.join(movedTickets.map((id) => sql`${id}`), sql`, `)}) and topic_id = ${moveTarget}`)).toBe(3);
  });
});
