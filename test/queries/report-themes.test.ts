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
import { TEST_ENGINES } from '../helpers/database';
import { seedDemoDatabase, TIME_ZONE, type SeededDatabase } from './helpers/seed-demo';

describe.each(TEST_ENGINES)('themes in the report and the export (%s)', (engine) => {
  let database: SeededDatabase;
  let report: PlanningReport;

  beforeAll(async () => {
    database = await seedDemoDatabase(engine, { tickets: 1_500, days: 120, seed: 5 });
    report = await getPlanningReport(database.db, { timeZone: TIME_ZONE, includeIndividuals: false });
  });
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
});
