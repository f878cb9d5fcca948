/**
 * Team load through ingest → analyze → report on a Jira REST export (a search page, as
 * `GET /rest/api/2/search` returns it) of a five-person development team in three time zones,
 * with no agents file: each user carries the `timeZone` Jira stores for them, and one evening a
 * developer bulk-closes a dozen old issues at 23:10 Berlin time. The export is written by the
 * rules below (in the real format) rather than by hand: eight weeks of one issue and one comment
 * per person and weekday would be 400 hand-typed objects.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/client';
import { runAnalysis } from '@/analyze/run-analysis';
import { ingestFile } from '@/ingest/ingest-file';
import { teamLoadFromJson, type TeamLoadReport } from '@/lib/analysis/team';
import { teamLoadReportSchema } from '@/lib/analysis/team/schema';
import { exportTeamRows } from '@/lib/exports/team';
import { getPlanningReport } from '@/lib/queries/report';
import { aggregateTeamRow, getTeamLoad } from '@/lib/queries/team';
import { reportSchema } from '@/lib/report/schema';
import { DAY_MS, wallTimeToUtc } from '@/lib/time';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

const PEOPLE = [
  { name: 'Aiko Tanaka', zone: 'Asia/Tokyo' },
  { name: 'Kenji Mori', zone: 'Asia/Tokyo' },
  { name: 'Nora Smith', zone: 'America/New_York' },
  { name: 'Sam Ortiz', zone: 'America/New_York' },
  { name: 'Lukas Becker', zone: 'Europe/Berlin' },
];
const BULK_CLOSER = PEOPLE[4];
const BULK_ISSUES = 12;
/** Monday 2 February 2026 … Friday 27 March 2026: eight working weeks. */
const FIRST_DAY = Date.UTC(2026, 1, 2);
const WEEKS = 8;
const AS_OF = new Date(Date.UTC(2026, 2, 27, 23, 59, 59));

const jiraTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
const user = (p: { name: string; zone: string }) => ({ displayName: p.name, name: p.name.toLowerCase().replace(' ', '.'), timeZone: p.zone });

/** A wall-clock time on a calendar day (UTC midnight of it) in a person's zone. */
function localTime(dayMs: number, minuteOfDay: number, zone: string): number {
  const d = new Date(dayMs);
  return wallTimeToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), Math.floor(minuteOfDay / 60), minuteOfDay % 60, 0, zone);
}

function weekdays(): number[] {
  const days: number[] = [];
  for (let i = 0; i < WEEKS * 7; i++) {
    const day = FIRST_DAY + i * DAY_MS;
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(day);
  }
  return days;
}

/**
 * Every weekday each person files an issue during their morning (10:00–12:00 local), assigned to
 * the next person, who answers it with a comment the next weekday within 10:00–17:00 of their own
 * local day and closes it two minutes later. Issues of the last two days stay open.
 */
function buildExport(): unknown {
  const issues: unknown[] = [];
  const days = weekdays();
  let n = 0;
  days.forEach((day, d) => {
    PEOPLE.forEach((reporter, i) => {
      const assignee = PEOPLE[(i + 1) % PEOPLE.length];
      const created = localTime(day, 600 + ((d * 13 + i * 29) % 120), reporter.zone);
      const next = days[d + 1];
      const answered = next === undefined ? null : localTime(next, 600 + ((d * 37 + i * 53) % 420), assignee.zone);
      const open = d >= days.length - 2 || answered === null || answered > AS_OF.getTime();
      const key = `TEAM-${++n}`;
      issues.push({
        key,
        id: String(10_000 + n),
        fields: {
          summary: `Build step ${n} fails on the ${['parser', 'compiler', 'bundler', 'linter'][n % 4]}`,
          description: 'Steps to reproduce are in the attached log.',
          created: jiraTime(created),
          updated: jiraTime(open ? created : (answered as number) + 120_000),
          resolutiondate: open ? null : jiraTime((answered as number) + 120_000),
          status: { name: open ? 'Open' : 'Closed' },
          resolution: open ? null : { name: 'Fixed' },
          priority: { name: 'Major' },
          issuetype: { name: 'Bug' },
          project: { key: 'TEAM', name: 'Team' },
          reporter: user(reporter),
          assignee: user(assignee),
          comment: {
            comments: open
              ? []
              : [{ id: String(n), author: user(assignee), body: `Fixed in build ${n}: the ${key} step now passes.`, created: jiraTime(answered as number) }],
          },
        },
      });
    });
  });
  // The bulk close: Wednesday 25 March, 23:10 in Berlin, twelve old issues closed five seconds apart.
  const bulkStart = localTime(Date.UTC(2026, 2, 25), 23 * 60 + 10, BULK_CLOSER.zone);
  for (let k = 0; k < BULK_ISSUES; k++) {
    const created = localTime(FIRST_DAY + k * DAY_MS, 11 * 60, PEOPLE[k % 4].zone);
    issues.push({
      key: `TEAM-${900 + k}`,
      id: String(20_000 + k),
      fields: {
        summary: `Stale report ${k} about the installer`,
        description: 'Cannot reproduce any more.',
        created: jiraTime(created),
        updated: jiraTime(bulkStart + k * 5_000),
        resolutiondate: jiraTime(bulkStart + k * 5_000),
        status: { name: 'Closed' },
        resolution: { name: "Won't Fix" },
        priority: { name: 'Minor' },
        issuetype: { name: 'Bug' },
        project: { key: 'TEAM', name: 'Team' },
        reporter: user(PEOPLE[k % 4]),
        assignee: user(BULK_CLOSER),
        comment: { comments: [] },
      },
    });
  }
  return { startAt: 0, maxResults: issues.length, total: issues.length, issues };
}

describe.each(TEST_ENGINES)('team load through ingest, analyze and report (%s)', (engine) => {
  let dir: string;
  let database: TestDatabase;
  let team: TeamLoadReport;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-team-'));
    const file = path.join(dir, 'team-search.json');
    writeFileSync(file, JSON.stringify(buildExport()));
    database = await createTestDatabase(engine);
    await ingestFile(database.db, file, { timeZone: 'UTC', source: 'jira' });
    await runAnalysis(database.db, { mode: 'auto', timeZone: 'UTC', asOf: AS_OF, seed: 1 });
    const report = await getPlanningReport(database.db, { timeZone: 'UTC', includeIndividuals: true });
    expect(() => reportSchema.parse(report)).not.toThrow();
    team = teamLoadFromJson(report.team);
  });
  afterAll(async () => {
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the zone Jira declares for each person, apart from the agents file', async () => {
    const rows = await queryRows<{ name: string; time_zone: string | null; declared_time_zone: string | null }>(
      database.db,
      sql`select name, time_zone, declared_time_zone from agents order by name`,
    );
    expect(rows).toEqual(
      [...PEOPLE].sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ name: p.name, time_zone: null, declared_time_zone: p.zone })),
    );
  });

  it('infers everyone’s hours in their declared zone, and says so', async () => {
    const [stored] = await queryRows<{ report: unknown }>(database.db, sql`select report from team_load_snapshots`);
    expect(() => teamLoadReportSchema.parse(stored.report)).not.toThrow();
    expect(team.state).toBe('ok');
    expect(team.workingHoursSource).toBe('inferred');
    expect(team.agents).toHaveLength(PEOPLE.length);
    for (const p of PEOPLE) {
      const row = team.agents.find((a) => a.agent === p.name);
      expect(row?.workingHours).toMatchObject({ source: 'inferred', zoneSource: 'export', timeZone: p.zone });
    }
    expect(team.warnings).toContainEqual(expect.stringMatching(/^Working hours of 5 people were inferred from their own activity.*add an agents file to set them/));
  });

  it('finds nobody working after hours in their own day, across three zones', () => {
    const [row] = team.teams;
    expect(row).toMatchObject({ size: 5, brokenDown: true, sleepHourNights: 0 });
    expect(row.afterHoursShare).toBeLessThan(0.05);
    for (const a of team.agents) expect(a.sleepHourDays, a.agent).toBe(0);
    // The heatmap puts work in local hours 10–17 only (plus the collapsed burst, which is not in it).
    const outside = row.hourOfWeek.reduce((sum, count, cell) => sum + (cell % 24 < 10 || cell % 24 >= 18 ? count : 0), 0);
    expect(outside).toBe(0);
  });

  it('counts the 23:10 bulk close once, and never as sleep-hour work', () => {
    expect(team.bulkBursts).toBe(1);
    expect(team.bulkActions).toBe(BULK_ISSUES);
    expect(team.agents.find((a) => a.agent === BULK_CLOSER.name)?.bulkBursts).toBe(1);
    expect(team.warnings).toContainEqual(`${BULK_ISSUES} bulk actions (mass status changes or templated comments within minutes) were counted as 1 action, and never as after-hours or sleep-hour work.`);
  });

  it('recognises the tracker (the developers file their own bugs), rates nobody above low and reads no tone', async () => {
    expect(team.exportShape).toMatchObject({ kind: 'issue_tracker', teamSignals: 'weak', ticketsWithChannel: 0, customerMessages: 0 });
    expect(team.exportShape.requestedByTeam).toBe(team.exportShape.ticketsWithRequester);
    for (const a of team.agents) {
      expect(a.risk, a.agent).toBe('low');
      expect(a.negativeShare).toBeNull();
    }
    const [{ scored }] = await queryRows<{ scored: number }>(database.db, sql`select count(*)::int as scored from tickets where negative_tone is not null`);
    expect(scored).toBe(0);
  });

  it('gives viewers the team as a whole, and team.csv every team column', async () => {
    const view = await getTeamLoad(database.db, { includeIndividuals: false });
    expect(view?.agents).toEqual([]);
    expect(view?.teams[0]).toMatchObject({ withheld: false, weekendShare: 0, sleepHourNights: 0, workingHoursSource: 'inferred' });
    const [row] = await exportTeamRows(database.db, { includeIndividuals: false });
    for (const column of ['tickets', 'after_hours_share', 'weekend_share', 'sleep_hour_days', 'max_consecutive_days', 'open_backlog', 'working_hours_source', 'bulk_bursts']) {
      expect(row[column], column).not.toBeNull();
      expect(row[column], column).not.toBeUndefined();
    }
    expect(row.max_consecutive_days).toBe(team.teams[0].longestStreak);
  });

  it('withholds every figure of a team under five from viewers, findings included', () => {
    const small = { ...team.teams[0], size: 3 };
    const view = aggregateTeamRow(small);
    expect(view.withheld).toBe(true);
    const { team: name, size, brokenDown, withheld, ...figures } = view;
    expect([name, size, brokenDown, withheld]).toEqual([small.team, 3, true, true]);
    for (const [key, value] of Object.entries(figures)) {
      if (key === 'weekly') expect(value).toEqual([]);
      else expect(value, key).toBeNull();
    }
  });
});
