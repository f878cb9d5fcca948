/**
 * The dashboard's queries against a demo database, each checked against the tickets themselves:
 * a rollup that disagrees with a plain count over the tickets is a wrong chart.
 */
import type { TopicId } from '@/lib/topic-id';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { runAnalysis } from '@/analyze/run-analysis';
import { ingestFile } from '@/ingest/ingest-file';
import type { Filters } from '@/lib/filters';
import { getDataRange } from '@/lib/queries/data-range';
import { daysIn, type DayRange } from '@/lib/queries/filter-sql';
import { listRecurrencesDue, listRecurringTopics } from '@/lib/queries/intermittent';
import { getOverviewTotals } from '@/lib/queries/overview';
import { listPainPoints } from '@/lib/queries/pain-points';
import { readServiceMetrics } from '@/lib/queries/service-metrics';
import { getLatestRelease, listReleaseFindings, listReleases, listTopicDailyCounts } from '@/lib/queries/releases';
import { ENGINEERING_TAGS, listNewTopics, listTopicMovement, listWaitingOnEngineering } from '@/lib/queries/standup';
import { getTeamLoad, ANONYMOUS_OWNER } from '@/lib/queries/team';
import { countTickets, listTickets, type TicketQuery } from '@/lib/queries/tickets';
import { getTopic, listRepresentativeTickets } from '@/lib/queries/topic-detail';
import { countTopicCustomers, countUnclustered, listFilterOptions, listTopicRows, listTopicWeeklyCounts } from '@/lib/queries/topics';
import { getVolumeSeries, listSpikeMarkers, spikeScopeFor } from '@/lib/queries/volume';
import { TEST_ENGINES } from '../helpers/database';
import { seedDemoDatabase, TIME_ZONE, type SeededDatabase } from './helpers/seed-demo';

/** Tickets per local day matching a WHERE clause, straight from the tickets table. */
async function directDailyCounts(database: SeededDatabase, where: ReturnType<typeof sql>, range: DayRange): Promise<Map<string, number>> {
  const rows = await queryRows<{ day: string; n: number }>(
    database.db,
    sql`select to_char((created_at at time zone ${TIME_ZONE})::date, 'YYYY-MM-DD') as day, count(*)::int as n from tickets
        where ${where} and (created_at at time zone ${TIME_ZONE})::date between ${range.from} and ${range.to} group by 1`,
  );
  return new Map(rows.map((r) => [r.day, r.n]));
}

describe.each(TEST_ENGINES)('dashboard queries (%s)', (engine) => {
  let database: SeededDatabase;
  let range: DayRange;
  let busiestTopic: TopicId;
  let someOrg: number;
  let someVersion: string;

  beforeAll(async () => {
    database = await seedDemoDatabase(engine);
    // A few tickets in words no topic knows, so that "unclustered" is never an empty case (the
    // demo's own tickets may all find a topic); assigned by an incremental analysis, as a daily
    // import would be.
    const strays = path.join(database.exportDir, 'strays.csv');
    writeFileSync(
      strays,
      'id,created_at,subject,description\n' +
        ['2026-06-10T09:00:00Z', '2026-06-11T10:00:00Z', '2026-06-12T11:00:00Z']
          .map((at, i) => `stray-${i},${at},Quokka xylophone zeppelin ${i},Vorpal marmalade glockenspiel kumquat ${i}`)
          .join('\n') +
        '\n',
    );
    await ingestFile(database.db, strays, { timeZone: TIME_ZONE });
    await runAnalysis(database.db, { mode: 'auto', timeZone: TIME_ZONE });
    range = (await getDataRange(database.db))!;
    const [top] = await queryRows<{ topic: TopicId }>(
      database.db,
      sql`select topic_id as topic from tickets where topic_id is not null group by 1 order by count(*) desc, 1 limit 1`,
    );
    busiestTopic = top.topic;
    const [org] = await queryRows<{ id: number }>(
      database.db,
      sql`select organization_id as id from tickets where organization_id is not null group by 1 order by count(*) desc, 1 limit 1`,
    );
    someOrg = org.id;
    const [version] = await queryRows<{ v: string }>(
      database.db,
      sql`select product_version as v from tickets where product_version is not null group by 1 order by count(*) desc, 1 limit 1`,
    );
    someVersion = version.v;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('knows the range of the data', async () => {
    const [row] = await queryRows<{ from: string; to: string }>(
      database.db,
      sql`select to_char(min(created_at at time zone ${TIME_ZONE}), 'YYYY-MM-DD') as "from", to_char(max(created_at at time zone ${TIME_ZONE}), 'YYYY-MM-DD') as "to" from tickets`,
    );
    expect(range).toEqual(row);
  });

  describe('volume series', () => {
    type Ctx = { topic: TopicId; org: number; version: string };
    const cases: [string, (ctx: Ctx) => Filters, (ctx: Ctx) => ReturnType<typeof sql>][] = [
      ['no filter', () => ({}), () => sql`true`],
      ['a topic', (c) => ({ topic: c.topic }), (c) => sql`topic_id = ${c.topic}`],
      ['unclustered', () => ({ topic: null }), () => sql`topic_id is null`],
      ['priority and channel (finer rollup)', () => ({ priority: 'high', channel: 'email' }), () => sql`priority = 'high' and channel = 'email'`],
      ['an organization (tickets through the index)', (c) => ({ org: c.org }), (c) => sql`organization_id = ${c.org}`],
      ['a version and a priority', (c) => ({ version: c.version, priority: 'normal' }), (c) => sql`product_version = ${c.version} and priority = 'normal'`],
    ];
    it.each(cases)('per day equals a count over the tickets: %s', async (_name, filtersOf, whereOf) => {
      const ctx = { topic: busiestTopic, org: someOrg, version: someVersion };
      const series = await getVolumeSeries(database.db, filtersOf(ctx), range, 'day', TIME_ZONE);
      const direct = await directDailyCounts(database, whereOf(ctx), range);
      expect(series).toHaveLength(daysIn(range));
      for (const point of series) expect(point.tickets, point.period).toBe(direct.get(point.period) ?? 0);
      expect(series.reduce((s, p) => s + p.tickets, 0)).toBeGreaterThan(0);
    });

    it('weeks start on Monday and add up to the days', async () => {
      const filters: Filters = { priority: 'normal' };
      const days = await getVolumeSeries(database.db, filters, range, 'day', TIME_ZONE);
      const weeks = await getVolumeSeries(database.db, filters, range, 'week', TIME_ZONE);
      for (const w of weeks) expect(new Date(`${w.period}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(weeks.reduce((s, p) => s + p.tickets, 0)).toBe(days.reduce((s, p) => s + p.tickets, 0));
    });

    it('marks spikes of the total and of one topic', async () => {
      const total = await listSpikeMarkers(database.db, range, {});
      const all = await listSpikeMarkers(database.db, range, { allTopics: true });
      const [counts] = await queryRows<{ total: number; all: number }>(
        database.db,
        sql`select count(*) filter (where topic_id is null)::int as total, count(*)::int as "all" from spikes`,
      );
      expect(total).toHaveLength(counts.total);
      expect(all).toHaveLength(counts.all);
      expect(total.every((s) => s.topicId === null)).toBe(true);
      expect(await listSpikeMarkers(database.db, range, { topic: null })).toEqual([]);
    });
  });

  describe('topics', () => {
    it('count each topic’s tickets in the range, adding up to the total with the unclustered', async () => {
      const narrow: DayRange = { from: range.from, to: new Date(Date.parse(range.from) + 40 * 86_400_000).toISOString().slice(0, 10) };
      for (const filters of [{}, { priority: 'high' as const }, { org: someOrg }]) {
        const rows = await listTopicRows(database.db, filters, narrow, TIME_ZONE);
        const unclustered = await countUnclustered(database.db, filters, narrow, TIME_ZONE);
        const total = (await getVolumeSeries(database.db, filters, narrow, 'day', TIME_ZONE)).reduce((s, p) => s + p.tickets, 0);
        expect(rows.reduce((s, r) => s + r.tickets, 0) + unclustered).toBe(total);
        expect(rows.every((r) => r.tickets > 0)).toBe(true);
        expect([...rows].sort((a, b) => b.tickets - a.tickets || (a.id < b.id ? -1 : 1))).toEqual(rows);
      }
    });

    it('sparklines sum to the row counts, one value per week', async () => {
      const rows = await listTopicRows(database.db, {}, range, TIME_ZONE);
      const weekly = await listTopicWeeklyCounts(database.db, {}, range, TIME_ZONE);
      const weeks = (await getVolumeSeries(database.db, {}, range, 'week', TIME_ZONE)).length;
      for (const r of rows) {
        const line = weekly.get(r.id) ?? [];
        expect(line).toHaveLength(weeks);
        expect(line.reduce((s, n) => s + n, 0)).toBe(r.tickets);
      }
    });

    it('counts distinct customers per topic for a narrowed view', async () => {
      const customers = await countTopicCustomers(database.db, { priority: 'normal' }, range, TIME_ZONE);
      const [direct] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(distinct customer_id)::int as n from tickets where topic_id = ${busiestTopic} and priority = 'normal'`,
      );
      expect(customers.get(busiestTopic)).toBe(direct.n);
    });

    it('offers what the filter bar needs', async () => {
      const options = await listFilterOptions(database.db);
      const versions = await queryRows<{ v: string }>(database.db, sql`select distinct product_version as v from tickets where product_version is not null`);
      expect(new Set(options.versions)).toEqual(new Set(versions.map((r) => r.v)));
      // Release order, not text order.
      const i9 = options.versions.indexOf('5.9.0');
      const i10 = options.versions.indexOf('5.10.0');
      if (i9 >= 0 && i10 >= 0) expect(i9).toBeLessThan(i10);
      const channels = await queryRows<{ c: string }>(database.db, sql`select distinct channel as c from tickets where channel is not null order by 1`);
      expect(options.channels).toEqual(channels.map((r) => r.c));
      expect(options.topics.length).toBeGreaterThan(5);
      expect(options.organizations.length).toBeGreaterThan(0);
    });

    it('reads a topic and its representative tickets in order', async () => {
      const topic = (await getTopic(database.db, busiestTopic))!;
      expect(topic.representativeIds.length).toBeGreaterThan(0);
      const reps = await listRepresentativeTickets(database.db, topic.representativeIds);
      expect(reps.map((r) => r.id)).toEqual(topic.representativeIds);
      expect(await getTopic(database.db, 't999999')).toBeNull();
    });
  });

  describe('tickets list', () => {
    const baseQuery = (over: Partial<TicketQuery> = {}): TicketQuery => ({ filters: {}, range, sort: 'newest', limit: 40, ...over });

    it('pages through every matching ticket exactly once, in order', async () => {
      const query = baseQuery({ filters: { topic: busiestTopic } });
      const seen: number[] = [];
      const created: string[] = [];
      let after: number | undefined;
      for (let page = 0; page < 100; page++) {
        const { rows, nextAfter } = await listTickets(database.db, { ...query, after }, { text: true, agent: false }, TIME_ZONE);
        seen.push(...rows.map((r) => r.id));
        created.push(...rows.map((r) => r.created));
        if (nextAfter === null) break;
        after = nextAfter;
      }
      const direct = await queryRows<{ id: number }>(database.db, sql`select id from tickets where topic_id = ${busiestTopic} order by created_at desc, id desc`);
      expect(seen).toEqual(direct.map((r) => r.id));
      expect([...created].sort().reverse()).toEqual(created);
      const { count, capped } = await countTickets(database.db, query, TIME_ZONE);
      expect(capped).toBe(false);
      expect(count).toBe(direct.length);
    });

    it('sorts oldest first and counts from the tickets when a filter needs them', async () => {
      const query = baseQuery({ sort: 'oldest', status: 'unresolved', filters: { org: someOrg } });
      const { rows } = await listTickets(database.db, query, { text: true, agent: true }, TIME_ZONE);
      const direct = await queryRows<{ id: number }>(
        database.db,
        sql`select id from tickets where organization_id = ${someOrg} and status_category in ('new','open','pending') order by created_at, id`,
      );
      expect(rows.map((r) => r.id)).toEqual(direct.slice(0, 40).map((r) => r.id));
      expect((await countTickets(database.db, query, TIME_ZONE)).count).toBe(direct.length);
    });

    it('hides the subject, customer and agent unless allowed', async () => {
      const hidden = await listTickets(database.db, baseQuery(), { text: false, agent: false }, TIME_ZONE);
      expect(hidden.rows.every((r) => r.subject === null && r.customer === null && r.agent === null)).toBe(true);
      const shown = await listTickets(database.db, baseQuery(), { text: true, agent: true }, TIME_ZONE);
      expect(shown.rows.some((r) => r.subject && r.agent)).toBe(true);
    });

    it('searches subjects (wildcards taken literally) and exact ids', async () => {
      const [sample] = await queryRows<{ id: number; external_id: string; subject: string }>(database.db, sql`select id, external_id, subject from tickets order by id limit 1`);
      const word = sample.subject.split(/\s+/).find((w) => w.length > 4) ?? sample.subject;
      const bySubject = await listTickets(database.db, baseQuery({ search: word, limit: 500 }), { text: true, agent: false }, TIME_ZONE);
      expect(bySubject.rows.length).toBeGreaterThan(0);
      expect(bySubject.rows.every((r) => r.subject!.toLowerCase().includes(word.toLowerCase()))).toBe(true);
      const byId = await listTickets(database.db, baseQuery({ search: sample.external_id }), { text: true, agent: false }, TIME_ZONE);
      expect(byId.rows.map((r) => r.id)).toContain(sample.id);
      const literal = await listTickets(database.db, baseQuery({ search: '%' }), { text: true, agent: false }, TIME_ZONE);
      expect(literal.rows.every((r) => r.subject!.includes('%') || r.externalId === '%')).toBe(true);
    });
  });

  describe('overview and findings', () => {
    it('counts open tickets and active topics', async () => {
      const totals = await getOverviewTotals(database.db, { priority: 'high' }, range, TIME_ZONE);
      const [direct] = await queryRows<{ open: number; topics: number }>(
        database.db,
        sql`select count(*) filter (where status_category in ('new','open','pending'))::int as open,
                   count(distinct topic_id)::int as topics from tickets where priority = 'high'`,
      );
      expect(totals.open).toBe(direct.open);
      expect(totals.topics).toBe(direct.topics);
      const unfiltered = await getOverviewTotals(database.db, {}, { from: range.from, to: range.from }, TIME_ZONE);
      const [firstDay] = await queryRows<{ topics: number }>(
        database.db,
        sql`select count(distinct topic_id)::int as topics from tickets where (created_at at time zone ${TIME_ZONE})::date = ${range.from}`,
      );
      expect(unfiltered.topics).toBe(firstDay.topics);
    });

    it('counts the spikes of the topic filtered on, and none under a filter spikes were not tested on (issue 17)', async () => {
      const [spiky] = await queryRows<{ topic: TopicId; n: number; all: number }>(
        database.db,
        sql`select topic_id as topic, count(*)::int as n, (select count(*)::int from spikes) as "all" from spikes
            where topic_id is not null group by 1 order by 2 desc, 1 limit 1`,
      );
      expect(spiky.n).toBeLessThan(spiky.all);
      expect((await getOverviewTotals(database.db, {}, range, TIME_ZONE)).spikes).toBe(spiky.all);
      expect((await getOverviewTotals(database.db, { topic: spiky.topic }, range, TIME_ZONE)).spikes).toBe(spiky.n);
      expect((await getOverviewTotals(database.db, { topic: null }, range, TIME_ZONE)).spikes).toBe(0);
      expect((await getOverviewTotals(database.db, { priority: 'high' }, range, TIME_ZONE)).spikes).toBeNull();
      const listed = await listSpikeMarkers(database.db, range, spikeScopeFor({ topic: spiky.topic }, true)!);
      expect(listed.map((s) => s.topicId)).toEqual(Array(spiky.n).fill(spiky.topic));
    });

    it('computes service metrics that agree with a direct count and percentile over the tickets (issue 17)', async () => {
      const filters: Filters = { priority: 'high' };
      const m = await readServiceMetrics(database.db, filters, range, TIME_ZONE, Date.parse('2030-01-01T00:00:00Z'));
      const [direct] = await queryRows<{ tickets: number; resolved: number; ever: number; reopened: number; open: number; median: number; p90: number }>(
        database.db,
        sql`select count(*)::int as tickets,
                   count(*) filter (where status_category not in ('new','open','pending') and resolved_at >= created_at)::int as resolved,
                   count(*) filter (where resolved_at is not null or reopened)::int as ever,
                   count(*) filter (where reopened)::int as reopened,
                   count(*) filter (where status_category in ('new','open','pending'))::int as open,
                   percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at) / 3600)
                     filter (where status_category not in ('new','open','pending') and resolved_at >= created_at) as median,
                   percentile_cont(0.9) within group (order by extract(epoch from resolved_at - created_at) / 3600)
                     filter (where status_category not in ('new','open','pending') and resolved_at >= created_at) as p90
            from tickets where priority = 'high'`,
      );
      expect(m.tickets).toBe(direct.tickets);
      expect(m.resolution.tickets).toBe(direct.resolved);
      expect(m.resolution.medianHours).toBeCloseTo(direct.median, 6);
      expect(m.resolution.p90Hours).toBeCloseTo(direct.p90, 6);
      expect(m.reopen).toEqual({ everResolved: direct.ever, reopened: direct.reopened, share: direct.reopened / direct.ever });
      expect(m.backlog.open).toBe(direct.open);
      expect(m.firstResponse.tickets + m.firstResponse.withoutResponse + m.inconsistent).toBeGreaterThanOrEqual(m.tickets);
      expect(m.satisfaction).toBeNull();
      // A topic's metrics are over that topic's tickets only.
      const topic = await readServiceMetrics(database.db, { topic: busiestTopic }, range, TIME_ZONE, Date.now());
      const [own] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from tickets where topic_id = ${busiestTopic}`);
      expect(topic.tickets).toBe(own.n);
    });

    it('lists pain points by rank with labels', async () => {
      const pains = await listPainPoints(database.db, 5);
      expect(pains.length).toBeGreaterThan(0);
      expect(pains.map((p) => p.rank)).toEqual([...pains.map((p) => p.rank)].sort((a, b) => a - b));
      expect(pains.every((p) => p.label.length > 0)).toBe(true);
    });

    it('lists releases with their finding counts, and per-topic windows from the rollup', async () => {
      const releases = await listReleases(database.db, TIME_ZONE);
      const [counts] = await queryRows<{ releases: number; findings: number }>(
        database.db,
        sql`select (select count(*)::int from releases) as releases, (select count(*)::int from release_findings) as findings`,
      );
      expect(releases).toHaveLength(counts.releases);
      expect(releases.reduce((s, r) => s + r.regressions + r.improvements + r.newTopics, 0)).toBe(counts.findings);
      const findings = await listReleaseFindings(database.db);
      expect(findings).toHaveLength(counts.findings);
      const latest = await getLatestRelease(database.db);
      expect(latest?.analysed).toBe(true);
      const window = { from: range.from, to: range.to };
      const [series] = await listTopicDailyCounts(database.db, [busiestTopic], window);
      const total = series.points.reduce((s, p) => s + p.tickets, 0);
      const [direct] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from tickets where topic_id = ${busiestTopic}`);
      expect(total).toBe(direct.n);
    });

    it('lists intermittent topics and those due in a window around their forecast', async () => {
      const recurring = await listRecurringTopics(database.db);
      const [direct] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from recurring_topics where intermittent`);
      expect(recurring).toHaveLength(direct.n);
      const regular = recurring.find((r) => r.recurring && r.nextExpected);
      if (regular) {
        const due = await listRecurrencesDue(database.db, regular.nextExpected!, regular.nextExpected!);
        expect(due.map((d) => d.topicId)).toContain(regular.topicId);
        const farAway = await listRecurrencesDue(database.db, '1990-01-01', '1990-01-07');
        expect(farAway.every((d) => d.overdue || d.ongoing)).toBe(true);
      }
    });
  });

  describe('team load', () => {
    it('keeps individuals out unless allowed, and never shows the spread of a small team', async () => {
      const hidden = (await getTeamLoad(database.db, { includeIndividuals: false }))!;
      const shown = (await getTeamLoad(database.db, { includeIndividuals: true }))!;
      expect(hidden.agents).toEqual([]);
      expect(hidden.individuals).toBe(false);
      expect(hidden.singleOwnerTopics.every((s) => s.agent === ANONYMOUS_OWNER)).toBe(true);
      expect(JSON.stringify(hidden)).not.toMatch(new RegExp(shown.agents.map((a) => a.agent).join('|') || '^$'));
      expect(shown.agents.length).toBeGreaterThan(0);
      for (const team of [...hidden.teams, ...shown.teams]) {
        if (!team.brokenDown) expect(team.loadPerAgentIqr).toBeNull();
      }
      // Named single owners are people whose individual row is shown (their team is broken down).
      const rows = new Set(shown.agents.map((a) => a.agent));
      expect(shown.singleOwnerTopics.every((s) => s.agent === ANONYMOUS_OWNER || rows.has(s.agent))).toBe(true);
    });

    it('gives a viewer no figure over fewer than five people (issue 20: per-agent averages of teams of 2 and 4)', async () => {
      const hidden = (await getTeamLoad(database.db, { includeIndividuals: false }))!;
      const shown = (await getTeamLoad(database.db, { includeIndividuals: true }))!;
      const small = hidden.teams.filter((t) => t.size < 5);
      expect(small.length, 'the demo has teams under five people').toBeGreaterThan(0);
      expect(hidden.teams.some((t) => t.size >= 5), 'and at least one of five or more').toBe(true);
      for (const t of small) {
        expect(t).toMatchObject({ withheld: true, tickets: null, loadPerAgentMedian: null, loadPerAgentIqr: null, afterHoursShare: null, weekly: [] });
        // Managers still see the team's figures.
        expect(shown.teams.find((s) => s.team === t.team)?.loadPerAgentMedian).not.toBeNull();
      }
      for (const t of hidden.teams.filter((x) => x.size >= 5)) {
        expect(t.withheld).toBe(false);
        for (const w of t.weekly) {
          if (w.activeAgents < 5) expect(w).toMatchObject({ tickets: null, loadPerAgentMedian: null, afterHoursShare: null });
          else expect(w.tickets).not.toBeNull();
        }
      }
    });
  });

  describe('standup', () => {
    it('finds new topics and every topic’s movement against its last four weeks', async () => {
      const period = { from: range.to, to: range.to };
      const movement = await listTopicMovement(database.db, period);
      const [direct] = await queryRows<{ recent: number }>(
        database.db,
        sql`select count(*)::int as recent from tickets where topic_id = ${busiestTopic} and (created_at at time zone ${TIME_ZONE})::date = ${range.to}`,
      );
      const row = movement.find((m) => m.id === busiestTopic);
      expect(row?.recent ?? 0).toBe(direct.recent);
      const newTopics = await listNewTopics(database.db, { from: range.from, to: range.to });
      const [topics] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from topics where status = 'active'`);
      expect(newTopics).toHaveLength(topics.n);
    });

    it('lists tickets waiting on engineering by its stated definition', async () => {
      const asOf = new Date(`${range.to}T23:59:59Z`);
      const rows = await listWaitingOnEngineering(database.db, { limit: 500, includeText: false, timeZone: TIME_ZONE, asOf });
      const [direct] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from tickets where status_category in ('new','open','pending')
            and (escalated or exists (select 1 from unnest(tags) tag where tag in (select value from json_array_elements_text(${JSON.stringify(ENGINEERING_TAGS)}::json)))
                 or status ~* 'hold|engineer|jira|develop')`,
      );
      expect(rows.length).toBe(Math.min(direct.n, 500));
      if (rows.length > 0) expect(rows[0].total).toBe(direct.n);
      expect(rows.every((r) => r.subject === null && r.ageDays >= 0)).toBe(true);
      // The tickets list's "waiting on engineering" status counts the same tickets.
      const listed = await countTickets(database.db, { filters: {}, range: null, status: 'engineering', sort: 'newest', limit: 50 }, TIME_ZONE);
      expect(listed.count).toBe(direct.n);
    });
  });
});
