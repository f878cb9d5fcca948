/**
 * Theme reads for the pages (lib/queries/theme-pages.ts) on an analysed demo: the topic search
 * terms, one theme's detail, and pain points at theme level recounted independently in SQL.
 * PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { getThemeDetail, listThemePainPoints, listTopicSearchTerms } from '@/lib/queries/theme-pages';
import { getAnalysisWindows } from '@/lib/queries/analysis-windows';
import { topicMatchesSearch } from '@/lib/topic-search';
import { TEST_ENGINES } from '../helpers/database';
import { seedDemoDatabase, type SeededDatabase } from './helpers/seed-demo';

describe.each(TEST_ENGINES)('theme reads for the pages (%s)', (engine) => {
  let database: SeededDatabase;

  beforeAll(async () => {
    database = await seedDemoDatabase(engine, { tickets: 1_500, days: 120, seed: 5 });
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('gives each active topic its keywords and its theme’s name, so a search finds more than labels', async () => {
    const terms = await listTopicSearchTerms(database.db);
    const stored = await queryRows<{ id: string; label: string; keywords: { text: string }[]; themeLabel: string | null }>(
      database.db,
      sql`select tp.id, tp.label, tp.keywords, th.label as "themeLabel" from topics tp left join themes th on th.id = tp.theme_id where tp.status = 'active'`,
    );
    expect(terms.size).toBe(stored.length);
    for (const s of stored) {
      const t = terms.get(s.id as never);
      expect(t?.themeLabel).toBe(s.themeLabel);
      expect(t?.keywords).toEqual(s.keywords.map((k) => k.text));
    }
    // A keyword that some topic's label lacks: the search finds that topic, a label-only match would not.
    const row = stored.find((s) => s.keywords.some((k) => !s.label.toLowerCase().includes(k.text.toLowerCase())));
    expect(row).toBeDefined();
    const word = row!.keywords.find((k) => !row!.label.toLowerCase().includes(k.text.toLowerCase()))!.text;
    const fields = stored.map((s) => ({ id: s.id, label: s.label, keywords: terms.get(s.id as never)!.keywords, themeLabel: s.themeLabel }));
    const found = fields.filter((f) => topicMatchesSearch(f, word)).map((f) => f.id);
    const byLabel = fields.filter((f) => f.label.toLowerCase().includes(word.toLowerCase())).map((f) => f.id);
    expect(found).toContain(row!.id);
    expect(found.length).toBeGreaterThan(byLabel.length);
    // A theme's name finds every topic of that theme.
    const theme = stored.find((s) => s.themeLabel)!.themeLabel!;
    const members = stored.filter((s) => s.themeLabel === theme).map((s) => s.id);
    expect(fields.filter((f) => topicMatchesSearch(f, theme)).map((f) => f.id)).toEqual(expect.arrayContaining(members));
  });

  it('returns a theme with exactly its topics, and null for an unknown id', async () => {
    const [{ id }] = await queryRows<{ id: string }>(database.db, sql`select id from themes where status = 'active' order by tickets desc limit 1`);
    const detail = await getThemeDetail(database.db, id);
    const members = await queryRows<{ id: string }>(database.db, sql`select id from topics where theme_id = ${id}`);
    expect(detail?.topics.map((t) => t.id).sort()).toEqual(members.map((m) => m.id).sort());
    expect(detail?.topics.length).toBeGreaterThan(0);
    expect(await getThemeDetail(database.db, 'th999999')).toBeNull();
  });

  it('ranks themes as pain points with counts that match the tickets of the analysis windows', async () => {
    const pains = await listThemePainPoints(database.db, 50);
    expect(pains.length).toBeGreaterThan(1);
    expect(pains.map((p) => p.rank)).toEqual(pains.map((_, i) => i + 1));
    for (let i = 1; i < pains.length; i++) expect(pains[i - 1].impact).toBeGreaterThanOrEqual(pains[i].impact);
    const { painPointDays } = await getAnalysisWindows(database.db);
    expect(pains[0].windowDays).toBe(painPointDays);
    const asOf = new Date(pains[0].asOf).toISOString();
    for (const p of pains.slice(0, 3)) {
      const [counts] = await queryRows<{ recent: number; previous: number; customers: number }>(
        database.db,
        sql`select count(*) filter (where t.created_at > ${asOf}::timestamptz - make_interval(days => ${painPointDays}))::int as recent,
                   count(*) filter (where t.created_at <= ${asOf}::timestamptz - make_interval(days => ${painPointDays}))::int as previous,
                   count(distinct t.customer_id) filter (where t.created_at > ${asOf}::timestamptz - make_interval(days => ${painPointDays}))::int as customers
            from tickets t join topics tp on tp.id = t.topic_id
            where tp.theme_id = ${p.themeId} and t.created_at > ${asOf}::timestamptz - make_interval(days => ${2 * painPointDays})
              and t.created_at <= ${asOf}::timestamptz`,
      );
      expect(p.tickets).toBe(counts.recent);
      expect(p.trend.recent).toBe(counts.recent);
      expect(p.trend.previous).toBe(counts.previous);
      expect(p.customers).toBe(counts.customers);
      expect(p.label.length).toBeGreaterThan(0);
    }
    expect(await listThemePainPoints(database.db, 2)).toHaveLength(2);
  });
});
