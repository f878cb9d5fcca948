/**
 * Themes in the outputs: `report --json` (topics[].theme_id, themes[] under the strict contract),
 * the Markdown report's themes section, and the ticket export's theme_id/theme_label columns.
 * PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { getPlanningReport } from '@/lib/queries/report';
import { reportSchema, type PlanningReport } from '@/lib/report/schema';
import { renderReportMarkdown } from '@/lib/report/markdown';
import { exportTicketRows, TICKET_EXPORT_COLUMNS } from '@/lib/exports/tickets';
import { listThemeReleaseFindings } from '@/lib/queries/themes';
import { exportThemeRows, THEME_EXPORT_COLUMNS } from '@/lib/exports/themes';
import { exportTopicRows } from '@/lib/exports/findings';
import { TEST_ENGINES } from '../helpers/database';
import { seedDemoDatabase, TIME_ZONE, type SeededDatabase } from './helpers/seed-demo';

describe.each(TEST_ENGINES)('themes in the report and the export (%s)', (engine) => {
  let database: SeededDatabase;
  let report: PlanningReport;

  beforeAll(async () => {
    database = await seedDemoDatabase(engine, { tickets: 1_500, days: 120, seed: 5 });
    report = await getPlanningReport(database.db, { timeZone: TIME_ZONE, includeIndividuals: false });
  }, 300_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it('every topic names its theme, and themes[] partitions the topics with their summed counts', async () => {
    expect(report.themes.length).toBeGreaterThan(1);
    const stored = new Map(
      (await queryRows<{ id: string; theme_id: string }>(database.db, sql`select id, theme_id from topics where status = 'active'`)).map((r) => [r.id, r.theme_id]),
    );
    for (const t of report.topics) expect(t.theme_id).toBe(stored.get(t.id));
    const listed = report.themes.flatMap((t) => t.topic_ids);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(report.topics.map((t) => t.id).sort());
    for (const theme of report.themes) {
      const members = report.topics.filter((t) => t.theme_id === theme.id);
      expect(theme.topic_ids.sort()).toEqual(members.map((t) => t.id).sort());
      expect(theme.tickets).toBe(members.reduce((n, t) => n + t.tickets, 0));
      expect(theme.last_28d).toBe(members.reduce((n, t) => n + t.last_28d, 0));
      expect(theme.prev_28d).toBe(members.reduce((n, t) => n + t.prev_28d, 0));
      // Distinct customers: never more than the topics' sum, never fewer than the largest topic's.
      expect(theme.customers).toBeLessThanOrEqual(members.reduce((n, t) => n + t.customers, 0));
      expect(theme.customers).toBeGreaterThanOrEqual(Math.max(...members.map((t) => t.customers)));
    }
    expect(report.themes.map((t) => t.tickets)).toEqual([...report.themes.map((t) => t.tickets)].sort((a, b) => b - a));
  });

  it('a narrower range counts each theme’s distinct customers over that range’s tickets', async () => {
    const narrow = await getPlanningReport(database.db, { from: '2026-05-01', to: '2026-05-31', timeZone: TIME_ZONE, includeIndividuals: false });
    const top = narrow.themes[0];
    const [{ customers }] = await queryRows<{ customers: number }>(
      database.db,
      sql`select count(distinct t.customer_id)::int as customers from tickets t join topics tp on tp.id = t.topic_id
          where tp.theme_id = ${top.id} and t.created_at >= '2026-05-01T00:00:00Z' and t.created_at < '2026-06-01T00:00:00Z'`,
    );
    expect(top.customers).toBe(customers);
    expect(narrow.themes.reduce((n, t) => n + t.tickets, 0)).toBe(narrow.topics.reduce((n, t) => n + t.tickets, 0));
  });

  it('keeps the JSON contract strict: an extra or missing theme field fails', () => {
    expect(() => reportSchema.parse(report)).not.toThrow();
    const extra = { ...report, themes: [{ ...report.themes[0], keywords: [] }] };
    expect(() => reportSchema.parse(extra)).toThrow();
    const { topic_ids: _omitted, ...missing } = report.themes[0];
    expect(() => reportSchema.parse({ ...report, themes: [missing] })).toThrow();
    const { theme_id: _gone, ...topicWithout } = report.topics[0];
    expect(() => reportSchema.parse({ ...report, topics: [topicWithout] })).toThrow();
  });

  it('the Markdown report lists the largest themes with their evidence counts', () => {
    const markdown = renderReportMarkdown(report, { topThemes: 3 });
    expect(markdown).toContain('## Themes');
    expect(markdown.indexOf('## Themes')).toBeLessThan(markdown.indexOf('## Top pain points'));
    const top = report.themes[0];
    expect(markdown).toContain(`(${top.id}) | ${top.topic_ids.length} | ${top.tickets.toLocaleString('en-US')} |`);
    expect(markdown).not.toContain(`(${report.themes[3]?.id ?? 'none'}) |`);
    if (report.themes.length > 3) expect(markdown).toContain(`…and ${report.themes.length - 3} more themes.`);
    expect(renderReportMarkdown({ ...report, themes: [] })).not.toContain('## Themes');
  });

  it('release findings at theme level: one per release, theme and kind, listing the member topics’ own findings', async () => {
    const themeFindings = await listThemeReleaseFindings(database.db);
    const topicFindings = await queryRows<{ release_id: number; kind: string; topic_id: string; theme_id: string | null }>(
      database.db,
      sql`select f.release_id, f.kind, f.topic_id, tp.theme_id from release_findings f join topics tp on tp.id = f.topic_id`,
    );
    // The demo plants a regression, a fix and a new problem at releases: some theme sees them.
    expect(themeFindings.length).toBeGreaterThan(0);
    const keys = themeFindings.map((f) => `${f.releaseId}|${f.themeId}|${f.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of themeFindings) {
      const expected = topicFindings.filter((t) => t.release_id === f.releaseId && t.kind === f.kind && t.theme_id === f.themeId).map((t) => t.topic_id);
      expect([...f.topicIds].sort()).toEqual(expected.sort());
      expect(f.qValue).toBeLessThanOrEqual(0.05);
      expect(f.sentence).toContain(f.label);
    }
    // The report carries exactly the stored ones, under their release.
    const reported = report.releases.flatMap((r) => r.theme_changes.map((c) => `${r.version}|${c.theme_id}|${c.kind}`));
    const inRange = themeFindings.filter((f) => report.releases.some((r) => r.version === f.version));
    expect(reported.sort()).toEqual(inRange.map((f) => `${f.version}|${f.themeId}|${f.kind}`).sort());
    expect(await listThemeReleaseFindings(database.db, [])).toEqual([]);
  });

  it('the Markdown report shows a theme-level change with the topics that had their own finding', () => {
    const release = { ...report.releases[0] };
    const change = {
      theme_id: 'th2', label: 'Blank PDF invoices', kind: 'regression' as const, topic_ids: ['t4', 't9'], rate_ratio: 3.1, p_value: 0.001,
      q_value: 0.004, before: 10, after: 25, evidence: '25 tickets in 14 days after vs 10 in 28 days before', sentence: 'Likely caused by it.',
      before_per_day: 0.4, after_per_day: 1.8,
    };
    const markdown = renderReportMarkdown({ ...report, releases: [{ ...release, theme_changes: [change] }] });
    expect(markdown).toContain('- **Theme regression** Blank PDF invoices (th2): Likely caused by it. (0.4/day → 1.8/day) — 25 tickets in 14 days after vs 10 in 28 days before. Topics with their own finding: t4, t9.');
  });

  it('the ticket export carries theme_id and theme_label: its topic’s theme', async () => {
    expect(TICKET_EXPORT_COLUMNS.map((c) => c.key).slice(-4)).toEqual(['topic_id', 'topic_label', 'theme_id', 'theme_label']);
    const labels = new Map(report.themes.map((t) => [t.id, t.label]));
    const themeOfTopic = new Map(report.topics.map((t) => [t.id, t.theme_id]));
    let rows = 0;
    let clustered = 0;
    for await (const row of exportTicketRows(database.db)) {
      rows++;
      if (row.topic_id === null) {
        expect(row.theme_id).toBeNull();
        expect(row.theme_label).toBeNull();
        continue;
      }
      clustered++;
      expect(row.theme_id).toBe(themeOfTopic.get(row.topic_id as string));
      expect(row.theme_label).toBe(labels.get(row.theme_id as string));
    }
    expect(rows).toBe(report.totals.tickets);
    expect(clustered).toBeGreaterThan(rows / 2);
  });

  it('export themes lists every active theme with its topics; export topics names each topic’s theme', async () => {
    expect(THEME_EXPORT_COLUMNS.map((c) => c.key)).toEqual(['theme_id', 'label', 'label_locked', 'status', 'tickets', 'customers', 'topic_ids', 'keywords']);
    const themeRows = await exportThemeRows(database.db);
    const active = themeRows.filter((r) => r.status === 'active');
    const topicRows = await exportTopicRows(database.db);
    const activeTopics = topicRows.filter((r) => r.status === 'active');
    expect(active.flatMap((r) => r.topic_ids as string[]).sort()).toEqual(activeTopics.map((r) => r.topic_id as string).sort());
    for (const theme of active) {
      const members = activeTopics.filter((t) => t.theme_id === theme.theme_id);
      expect(theme.tickets).toBe(members.reduce((n, t) => n + Number(t.tickets), 0));
      for (const m of members) expect(m.theme_label).toBe(theme.label);
    }
  });
});
