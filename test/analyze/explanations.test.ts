/**
 * One event, one explanation, end to end (issue 14): a generic CSV with products and fix
 * versions and a release CSV of two products → ingest → analyze → report (JSON and Markdown), on
 * PGlite and PostgreSQL. Planted on a steady background of two products' tickets:
 * - a one-reporter batch (24 tickets in an hour from one requester): a bulk filing;
 * - a one-day outage of Server the day after Server 2.0 (45 customers, one topic): an incident
 *   that points to the release, and no regression of Server 2.0 or improvement of Server 2.1;
 * - Mobile 1.1 named as the fix version of 12 resolved tickets: "closed 12 tickets";
 * - Mobile 1.2 ships the day before the Server outage and is never blamed for it (product scope).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { runAnalysis } from '@/analyze/run-analysis';
import { ingestFile } from '@/ingest/ingest-file';
import { toCsv } from '@/lib/csv-export';
import { getPlanningReport } from '@/lib/queries/report';
import { renderReportMarkdown } from '@/lib/report/markdown';
import { reportSchema, type PlanningReport } from '@/lib/report/schema';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

const TZ = 'UTC';
const DAYS = 150;
const START = Date.UTC(2025, 0, 1);
const BATCH_DAY = 60;
const SERVER_2_0_DAY = 100;
const OUTAGE_DAY = SERVER_2_0_DAY + 1;

const iso = (day: number, hour: number, minute = 0) => new Date(START + day * 86_400_000 + hour * 3_600_000 + minute * 60_000).toISOString();
const dayIso = (day: number) => iso(day, 0).slice(0, 10);

const SUBJECTS: Record<string, string[]> = {
  Mobile: ['Login password reset email never arrives', 'App crashes when opening the camera', 'Push notifications arrive late on Android'],
  Server: ['Invoice PDF download is blank', 'CSV export of orders times out', 'Webhook deliveries retried twice'],
};
const OUTAGE_SUBJECT = '504 gateway timeout on every API call';
const BATCH_SUBJECT = 'Test run: translation string missing in settings screen';

/** A small deterministic generator (mulberry32): the same fixture on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writeFixture(dir: string): { tickets: string; releases: string } {
  const rand = random(14);
  const rows: Record<string, string>[] = [];
  const add = (row: Partial<Record<string, string>>) =>
    rows.push({ id: `T-${rows.length + 1}`, created_at: '', subject: '', description: '', requester: '', status: 'solved', product: '', 'fix version': '', resolved_at: '', ...row });
  for (let day = 0; day < DAYS; day++) {
    for (let i = 0; i < 14; i++) {
      const product = rand() < 0.5 ? 'Mobile' : 'Server';
      const subjects = SUBJECTS[product];
      const subject = subjects[Math.floor(rand() * subjects.length)];
      const created = iso(day, 8 + Math.floor(rand() * 10), Math.floor(rand() * 60));
      add({ created_at: created, subject, description: `${subject}. Customer report ${rows.length}.`, requester: `customer${Math.floor(rand() * 400)}@example.com`, product, resolved_at: iso(day, 20) });
    }
  }
  // The batch: one reporter, 24 tickets within an hour.
  for (let i = 0; i < 24; i++) {
    add({ created_at: iso(BATCH_DAY, 14, i * 2), subject: BATCH_SUBJECT, description: `${BATCH_SUBJECT} (case ${i})`, requester: 'qa-bot@example.com', product: 'Mobile', resolved_at: iso(BATCH_DAY, 18) });
  }
  // The outage: 45 customers, one day, one topic, the day after Server 2.0.
  for (let i = 0; i < 45; i++) {
    add({ created_at: iso(OUTAGE_DAY, 9 + Math.floor(i / 6), i), subject: OUTAGE_SUBJECT, description: `${OUTAGE_SUBJECT}, gateway error`, requester: `outage${i}@example.com`, product: 'Server', resolved_at: iso(OUTAGE_DAY, 22) });
  }
  // Mobile 1.1 closed 12 of the camera crashes.
  let fixed = 0;
  for (const row of rows) {
    if (fixed < 12 && row.product === 'Mobile' && row.subject.startsWith('App crashes') && row.created_at < iso(70, 0)) {
      row['fix version'] = 'Mobile 1.1';
      fixed++;
    }
  }
  const tickets = path.join(dir, 'tickets.csv');
  writeFileSync(tickets, toCsv(rows, Object.keys(rows[0]).map((key) => ({ key, header: key }))));
  const releases = path.join(dir, 'releases.csv');
  writeFileSync(
    releases,
    [
      'version,date,product',
      `Mobile 1.1,${dayIso(70)},Mobile`,
      `Server 1.9,${dayIso(50)},Server`,
      `Mobile 1.2,${dayIso(SERVER_2_0_DAY - 1)},Mobile`,
      `Server 2.0,${dayIso(SERVER_2_0_DAY)}T08:00:00Z,Server`,
      `Server 2.1,${dayIso(SERVER_2_0_DAY + 20)},Server`,
    ].join('\n') + '\n',
  );
  return { tickets, releases };
}

describe.each(TEST_ENGINES)('explanations through ingest → analyze → report (%s)', (engine) => {
  let dir: string;
  let database: TestDatabase;
  let report: PlanningReport;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-explain-'));
    const files = writeFixture(dir);
    database = await createTestDatabase(engine);
    await ingestFile(database.db, files.tickets, { timeZone: TZ });
    await ingestFile(database.db, files.releases, { timeZone: TZ });
    await runAnalysis(database.db, { mode: 'full', timeZone: TZ, seed: 3 });
    report = await getPlanningReport(database.db, { timeZone: TZ, includeIndividuals: false });
  }, 240_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores products and fix versions on tickets and the product on releases', async () => {
    const [row] = await queryRows<{ products: number; fixed: number; server_releases: number }>(
      database.db,
      sql`select (select count(distinct product)::int from tickets) as products,
                 (select count(*)::int from tickets where 'Mobile 1.1' = any(fix_versions)) as fixed,
                 (select count(*)::int from releases where product = 'Server') as server_releases`,
    );
    expect(row).toEqual({ products: 2, fixed: 12, server_releases: 3 });
  });

  it('follows the JSON contract: every spike has one explanation and its distinct requesters', () => {
    expect(() => reportSchema.parse(report)).not.toThrow();
    expect(report.spikes.length).toBeGreaterThan(0);
    for (const s of report.spikes) {
      expect(s.requesters).not.toBeNull();
      expect(s.sentence).not.toBe('');
    }
  });

  it('calls the one-reporter batch a bulk filing', () => {
    const batch = report.spikes.filter((s) => s.date === dayIso(BATCH_DAY));
    expect(batch.length).toBeGreaterThan(0);
    for (const s of batch) expect(s.explanation).toBe('bulk_filing');
  });

  it('calls the outage an incident pointing to Server 2.0, not a regression of it or an improvement of the next', () => {
    const outage = report.spikes.filter((s) => s.date === dayIso(OUTAGE_DAY));
    expect(outage.length).toBeGreaterThan(0);
    for (const s of outage) expect(s.explanation).toBe('incident');
    expect(outage.some((s) => s.related.some((r) => 'release' in r && r.release === 'Server 2.0'))).toBe(true);
    const byVersion = new Map(report.releases.map((r) => [r.version, r]));
    for (const version of ['Server 2.0', 'Server 2.1', 'Mobile 1.2']) {
      const release = byVersion.get(version)!;
      expect(release, version).toBeDefined();
      expect([...release.regressions, ...release.improvements, ...release.new_topics], version).toEqual([]);
    }
    // Mobile 1.2 shipped the day before: the Server outage is outside its product's tickets.
    expect(byVersion.get('Mobile 1.2')!.coinciding).toEqual([]);
    expect(byVersion.get('Mobile 1.2')!.product).toBe('Mobile');
  });

  it('says what a release closed and what a quiet release could have detected', () => {
    const mobile11 = report.releases.find((r) => r.version === 'Mobile 1.1')!;
    expect(mobile11.fixed_tickets).toBe(12);
    expect(mobile11.fixed_topics.reduce((sum, t) => sum + t.tickets, 0)).toBe(12);
    expect(mobile11.sentence).toMatch(/closed 12 tickets/i);
    const server19 = report.releases.find((r) => r.version === 'Server 1.9')!;
    expect(server19.fixed_tickets).toBe(0);
    expect(server19.min_detectable_ratio).toBeGreaterThan(1);
  });

  it('writes the plain sentence first in Markdown, and arrows only where the trend test says so', () => {
    const markdown = renderReportMarkdown(report);
    expect(markdown).toMatch(/\*\*Bulk filing\*\*/);
    expect(markdown).toMatch(/\*\*Incident\*\*/);
    expect(markdown).toMatch(/closed 12 tickets/i);
    for (const t of report.topics) {
      const line = markdown.split('\n').find((l) => l.includes(`(${t.id}) |`));
      if (!line) continue;
      const significant = t.trend !== null && t.trend.direction !== 'steady';
      expect(/[▲▼]/.test(line), line).toBe(significant);
    }
  });

  it('says the export names no requesters instead of counting 0 customers', () => {
    expect(renderReportMarkdown(report)).toMatch(/tickets from \d[\d,]* customers/);
    const withoutRequesters: PlanningReport = {
      ...report,
      totals: { ...report.totals, customers: 0 },
      topics: report.topics.map((t) => ({ ...t, customers: 0 })),
    };
    const markdown = renderReportMarkdown(withoutRequesters);
    expect(markdown).toContain('tickets (the export names no requesters)');
    expect(markdown).not.toContain('0 customers');
    const firstTopic = report.topics[0];
    const row = markdown.split('\n').find((l) => l.includes(`(${firstTopic.id}) |`));
    expect(row?.split('|')[3].trim()).toBe('—');
  });
});
