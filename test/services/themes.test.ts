/**
 * Themes in storage: written by the topic stage (full and incremental) with ids matched across
 * analyses, kept whole by topic curation, curated by hand (rename, merge, split, move) and
 * replayed by the next full analysis; read by lib/queries/themes.ts. PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq, sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { settings, themeCurations, themes, topicModels } from '@/db/schema';
import { runAnalysis } from '@/analyze/run-analysis';
import { ingestFile } from '@/ingest/ingest-file';
import { deserializeTopicModel, type SerializedTopicModel } from '@/lib/analysis/topics';
import { AppError } from '@/db/errors';
import { curateTheme } from '@/lib/services/curate-theme';
import { curateTopic } from '@/lib/services/curate-topic';
import { getThemeOfTopics, listThemeRefs, listThemes } from '@/lib/queries/themes';
import { listTopicRows } from '@/lib/queries/topics';
import { ANALYSIS_WINDOWS_KEY } from '@/lib/queries/analysis-windows';
import { asTopicId, type ThemeId } from '@/lib/topic-id';
import { TEST_ENGINES } from '../helpers/database';
import { DEMO_END, seedDemoDatabase, TIME_ZONE, type SeededDatabase } from '../queries/helpers/seed-demo';

const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
const toCsvText = (rows: Record<string, string>[]) =>
  [Object.keys(rows[0]).map(quote).join(','), ...rows.map((r) => Object.values(r).map(quote).join(','))].join('\n') + '\n';

describe.each(TEST_ENGINES)('themes in storage (%s)', (engine) => {
  let database: SeededDatabase;

  const latestModel = async () => {
    const [row] = await database.db.select({ model: topicModels.model }).from(topicModels).orderBy(desc(topicModels.id)).limit(1);
    return deserializeTopicModel(row.model as SerializedTopicModel);
  };
  const themeRow = async (id: string) => (await database.db.select().from(themes).where(eq(themes.id, id)))[0];
  /** Every active theme's stored counts next to counts over its topics and tickets. */
  const themeCounts = () =>
    queryRows<{ id: string; stored: number; counted: number; stored_customers: number; counted_customers: number }>(
      database.db,
      sql`select th.id, th.tickets as stored, th.customers as stored_customers,
                 (select count(*)::int from tickets t join topics tp on tp.id = t.topic_id where tp.theme_id = th.id and tp.status = 'active') as counted,
                 (select count(distinct t.customer_id)::int from tickets t join topics tp on tp.id = t.topic_id where tp.theme_id = th.id and tp.status = 'active') as counted_customers
          from themes th where th.status = 'active' order by th.id`,
    );
  const expectCountsExact = async () => {
    for (const t of await themeCounts()) {
      expect({ id: t.id, tickets: t.stored, customers: t.stored_customers }).toEqual({ id: t.id, tickets: t.counted, customers: t.counted_customers });
    }
  };
  /** Active themes with their active topics, from the tables. */
  const membership = async () => {
    const rows = await queryRows<{ theme: string; topics: string[] }>(
      database.db,
      sql`select th.id as theme, coalesce(array_agg(tp.id order by tp.id) filter (where tp.id is not null), '{}') as topics
          from themes th left join topics tp on tp.theme_id = th.id and tp.status = 'active'
          where th.status = 'active' group by th.id order by th.id`,
    );
    return new Map(rows.map((r) => [r.theme, [...r.topics].sort()]));
  };

  beforeAll(async () => {
    database = await seedDemoDatabase(engine, { tickets: 2_000, days: 120, seed: 11 });
  }, 300_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it('a full analysis stores the model’s themes, every active topic points at one, counts are exact', async () => {
    const model = await latestModel();
    expect(model.themes!.length).toBeGreaterThan(2);
    const stored = await membership();
    expect(new Set(stored.keys())).toEqual(new Set(model.themes!.map((t) => t.id)));
    for (const theme of model.themes!) expect(stored.get(theme.id)).toEqual([...theme.topicIds].sort());
    const [{ orphans }] = await queryRows<{ orphans: number }>(
      database.db,
      sql`select count(*)::int as orphans from topics tp left join themes th on th.id = tp.theme_id
          where tp.status = 'active' and (th.id is null or th.status <> 'active')`,
    );
    expect(orphans).toBe(0);
    await expectCountsExact();
    const first = await themeRow(model.themes![0].id);
    expect(first.label).toBe(model.themes![0].label);
    expect(first.keywords.length).toBeGreaterThan(0);
    expect(first.createdRunId).not.toBeNull();
  });

  it('listThemes sums the Topics table per theme, with windows from the stored analysis windows', async () => {
    const range = { from: '2026-03-03', to: DEMO_END };
    const rows = await listThemes(database.db, {}, range, TIME_ZONE);
    const topicRows = await listTopicRows(database.db, {}, range, TIME_ZONE);
    expect(rows.reduce((n, r) => n + r.tickets, 0)).toBe(topicRows.reduce((n, r) => n + r.tickets, 0));
    for (const r of rows) {
      expect(r.tickets).toBe(topicRows.filter((t) => r.topicIds.includes(t.id)).reduce((n, t) => n + t.tickets, 0));
    }
    expect(rows.map((r) => r.tickets)).toEqual([...rows.map((r) => r.tickets)].sort((a, b) => b - a));
    const top = rows[0];
    const countDays = async (from: string, to: string) =>
      (
        await queryRows<{ n: number }>(
          database.db,
          sql`select coalesce(sum(d.tickets), 0)::int as n from daily_topic_counts d join topics tp on tp.id = d.topic_id
              where tp.theme_id = ${top.id} and tp.status = 'active' and d.day between ${from} and ${to}`,
        )
      )[0].n;
    expect(top.windowDays).toBe(28);
    expect(top.last28d).toBe(await countDays('2026-06-03', DEMO_END));
    expect(top.prev28d).toBe(await countDays('2026-05-06', '2026-06-02'));
    expect(top.last28d + top.prev28d).toBeGreaterThan(0);

    // A different stored window changes the spans: the query reads them, not a literal.
    await database.db
      .insert(settings)
      .values({ key: ANALYSIS_WINDOWS_KEY, value: { releaseBeforeDays: 28, releaseAfterDays: 14, painPointDays: 7 } })
      .onConflictDoUpdate({ target: settings.key, set: { value: { releaseBeforeDays: 28, releaseAfterDays: 14, painPointDays: 7 } } });
    const week = (await listThemes(database.db, {}, range, TIME_ZONE)).find((r) => r.id === top.id)!;
    expect(week.windowDays).toBe(7);
    expect(week.last28d).toBe(await countDays('2026-06-24', DEMO_END));
    expect(week.prev28d).toBe(await countDays('2026-06-17', '2026-06-23'));
    await database.db.delete(settings).where(eq(settings.key, ANALYSIS_WINDOWS_KEY));

    const refs = await listThemeRefs(database.db);
    expect(refs.length).toBe((await membership()).size);
    const lookup = await getThemeOfTopics(database.db, [top.topicIds[0], 't999999']);
    expect(lookup.get(top.topicIds[0])).toEqual({ id: top.id, label: top.label });
    expect(lookup.has(asTopicId('t999999'))).toBe(false);
  });

  it('topic curation keeps every theme whole (a rename touches one topic, no theme is lost)', async () => {
    const before = await membership();
    const [biggest] = await queryRows<{ id: string }>(database.db, sql`select id from topics where status = 'active' order by tickets desc, id limit 1`);
    await curateTopic(database.db, { kind: 'rename', topicId: biggest.id, label: 'Renamed topic' }, { actor: 'lead', timeZone: TIME_ZONE });
    expect(await membership()).toEqual(before);
    const model = await latestModel();
    expect(model.themes!.flatMap((t) => t.topicIds).sort()).toEqual(model.topics.map((t) => t.id).sort());
  });

  let renamed: ThemeId;
  let mergedSource: ThemeId;
  let mergedTarget: ThemeId;
  let splitFrom: ThemeId;
  let splitInto: ThemeId;
  let splitTopic: string;

  it('curates themes by hand: rename, merge, split — stored at once and recorded', async () => {
    const rows = await listThemes(database.db, {}, { from: '2026-03-03', to: DEMO_END }, TIME_ZONE);
    const multi = rows.filter((r) => r.topicIds.length >= 2);
    expect(multi.length).toBeGreaterThan(0);
    splitFrom = multi[0].id;
    splitTopic = multi[0].topicIds[multi[0].topicIds.length - 1];
    const others = rows.filter((r) => r.id !== splitFrom);
    expect(others.length).toBeGreaterThanOrEqual(3);
    renamed = others[0].id;
    [mergedSource, mergedTarget] = [others[2].id, others[1].id];

    const rename = await curateTheme(database.db, { kind: 'rename-theme', themeId: renamed, label: 'Sign-in problems' }, { actor: 'lead' });
    expect(rename.themesAffected).toEqual([renamed]);
    expect(await themeRow(renamed)).toMatchObject({ label: 'Sign-in problems', labelLocked: true });

    const sourceTopics = (await membership()).get(mergedSource)!;
    const merge = await curateTheme(database.db, { kind: 'merge-themes', sourceId: mergedSource, targetId: mergedTarget }, { actor: 'lead' });
    expect(merge.themesRetired).toEqual([mergedSource]);
    expect((await themeRow(mergedSource)).status).toBe('retired');
    expect((await membership()).get(mergedTarget)).toEqual(expect.arrayContaining(sourceTopics));

    const split = await curateTheme(database.db, { kind: 'split-theme', themeId: splitFrom, topicIds: [splitTopic], label: 'Split off' }, { actor: 'lead' });
    splitInto = (split.operation as { newThemeId?: string }).newThemeId as ThemeId;
    expect(splitInto).toMatch(/^th\d+$/);
    expect((await membership()).get(splitInto)).toEqual([splitTopic]);
    expect(await themeRow(splitInto)).toMatchObject({ label: 'Split off', status: 'active' });
    await expectCountsExact();

    const recorded = await database.db.select().from(themeCurations).orderBy(themeCurations.id);
    expect(recorded.map((r) => (r.operation as { kind: string }).kind)).toEqual(['rename-theme', 'merge-themes', 'split-theme']);
    expect(recorded.every((r) => r.actor === 'lead')).toBe(true);
    const model = await latestModel();
    expect(model.themes!.find((t) => t.id === splitInto)?.topicIds).toEqual([splitTopic]);

    await expect(curateTheme(database.db, { kind: 'rename-theme', themeId: mergedSource, label: 'x' }, { actor: 'lead' })).rejects.toThrow(AppError);
    await expect(curateTheme(database.db, { kind: 'rename-theme', themeId: 'nope' as ThemeId, label: 'x' }, { actor: 'lead' })).rejects.toThrow(/theme id/);
  });

  it('an incremental analysis keeps the themes and counts the new tickets into them', async () => {
    const before = await membership();
    const rows = parse(readFileSync(path.join(database.exportDir, 'tickets.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const copies = rows.slice(0, 40).map((r) => ({ ...r, id: `${r.id}-again`, updated_at: r.created_at }));
    const file = path.join(database.exportDir, 'more.csv');
    writeFileSync(file, toCsvText(copies));
    await ingestFile(database.db, file, { timeZone: TIME_ZONE });
    const result = await runAnalysis(database.db, { mode: 'incremental', timeZone: TIME_ZONE });
    expect(result.topics.mode).toBe('incremental');
    expect(result.topics.tickets).toBe(40);
    expect(await membership()).toEqual(before);
    await expectCountsExact();
  });

  it('a full re-analysis keeps theme ids and replays the curation', async () => {
    const result = await runAnalysis(database.db, { mode: 'full', timeZone: TIME_ZONE });
    expect(result.topics.mode).toBe('full');
    expect(await themeRow(renamed)).toMatchObject({ label: 'Sign-in problems', labelLocked: true, status: 'active' });
    expect((await themeRow(mergedSource)).status).toBe('retired');
    const after = await membership();
    expect(after.get(splitInto)).toEqual([splitTopic]);
    expect(after.get(splitFrom)).toBeDefined();
    const outcomes = await database.db.select({ outcome: themeCurations.outcome }).from(themeCurations).orderBy(themeCurations.id);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied']);
    await expectCountsExact();
  });
});
