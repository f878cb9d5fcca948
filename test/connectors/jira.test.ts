import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import type { PullSource } from '@/ingest/connectors/config';
import { jiraSearchJql, jqlDate } from '@/ingest/connectors/jira';
import { pullSource } from '@/ingest/connectors/pull';
import { parseFile } from '@/ingest/sources';
import { convertJiraIssue } from '@/ingest/sources/jira-json';
import type { ParsedItem } from '@/ingest/sources/types';
import { AppError } from '@/db/errors';
import { TEST_ENGINES, type TestDatabase } from '../helpers/database';
import { FakeServer, type FakeRequest } from './fake-server';
import type { Json } from './fakes/common';
import { jiraFake, jiraIssue, jiraSelected, type JiraFakeData } from './fakes/jira';
import { realisticJiraIssues } from './fakes/jira-data';
import { comparableText, configOf, recordingDeps, resetTables, snapshot, storedState, storedTickets, tableCounts, withoutRedaction, useDatabaseAndFake, expectResumedEqualsUninterrupted } from './pull-helpers';

const TOKEN = 'jira-pat-0123456789abcdef';
const SERVER_SEARCH = '/rest/api/2/search';
const CLOUD_SEARCH = '/rest/api/3/search/jql';

function comment(author: string, created: string, body: string) {
  return { id: String(Math.abs(hash(author + created))), author: { name: author.toLowerCase(), displayName: author }, body, created, updated: created };
}
function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

function issues() {
  return [
    jiraIssue('CORE-1', '2026-03-02T09:00:00.000+0100', {}, [
      comment('Carl Customer', '2026-03-01T10:30:00.000+0100', 'Any update?'),
      comment('Jane Doe', '2026-03-01T11:00:00.000+0100', 'Reproduced.'),
    ]),
    jiraIssue('CORE-2', '2026-03-02T10:00:00.000+0100'),
    {
      ...jiraIssue('CORE-3', '2026-03-02T11:00:00.000+0100', { status: { name: 'In Progress' } }),
      changelog: { histories: [{ items: [{ field: 'status', fromString: 'Resolved', toString: 'In Progress' }] }] },
    },
    jiraIssue('CORE-4', '2026-03-02T12:00:00.000+0100', { resolution: { name: 'Fixed' }, resolutiondate: '2026-03-02T12:00:00.000+0100', status: { name: 'Resolved' } }),
    jiraIssue('CORE-5', '2026-03-02T13:30:00.000+0100'),
  ];
}

const VERSIONS = {
  CORE: [
    { id: '1', name: '5.0.0', released: true, releaseDate: '2026-01-15' },
    { id: '2', name: '5.1.0', released: true, releaseDate: '2026-02-20', description: 'Sync rewrite' },
    { id: '3', name: '5.2.0', released: false },
  ],
};

/** What the source holds now, in the terms the stored tickets are compared in (count, text, status, comments). */
function sourceState(data: JiraFakeData, jql: string) {
  const keys = new Set(jiraSelected(data, jql));
  return data.issues
    .filter((i) => keys.has(String(i.key)))
    .map((i) => {
      const f = i.fields as Json;
      const comments = ((f.comment as Json | undefined)?.comments as unknown[] | undefined) ?? [];
      return { id: String(i.key), subject: String(f.summary).trim(), description: comparableText(f.description), status: (f.status as Json).name as string, comments: comments.length };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

describe.each(TEST_ENGINES)('Jira pull (%s)', (engine) => {
  let database: TestDatabase;
  let fake: FakeServer;
  let data: JiraFakeData;
  let extra: Record<string, unknown> = {};
  const config = () =>
    configOf({ kind: 'jira', name: 'core', baseUrl: fake.origin, token: { env: 'ST_JIRA_TEST_TOKEN' }, projects: ['CORE'], pageSize: 2, checkDeletionsEveryHours: 0, ...extra });
  const pull = (deps = recordingDeps()) => pullSource(database.db, config(), config().sources[0], { timeZone: 'UTC', deps });
  const searches = (path = SERVER_SEARCH): FakeRequest[] => fake.requestsTo(path).filter((r) => (r.query.get('fields') ?? '') !== 'key' && r.query.get('maxResults') !== '1');

  useDatabaseAndFake(engine, (request, origin) => jiraFake(data)(request, origin), (d, f) => {
    database = d;
    fake = f;
  });
  beforeEach(async () => {
    process.env.ST_JIRA_TEST_TOKEN = TOKEN;
    extra = {};
    data = { deployment: 'server', issues: issues(), versions: VERSIONS, userTimeZone: 'Europe/Paris', authorization: `Bearer ${TOKEN}` };
    fake.requests.length = 0;
    fake.clearFaults();
    await resetTables(database.db);
  });

  describe('Server / Data Center', () => {
    it('says it uses /rest/api/2/search, pages by updated time, and stores issues, comments and released versions', async () => {
      const result = await pull();
      expect(result.error).toBeNull();
      expect(result.endpoint).toBe('Jira Server/Data Center (serverInfo deploymentType "Server"): GET /rest/api/2/search paged by updated time and startAt');
      expect(await storedState(database.db, 'core')).toMatchObject({ lastStatus: 'succeeded' });
      const [row] = await queryRows<{ endpoint: string }>(database.db, sql`select endpoint from pull_sources where name = 'core'`);
      expect(row.endpoint).toBe(result.endpoint);
      // Every page is a new query from the newest issue read (Paris time, minutes): never an offset.
      expect(searches().map((r) => [r.query.get('startAt'), /updated >= "([^"]+)"/.exec(r.query.get('jql')!)?.[1] ?? null])).toEqual([
        ['0', null],
        ['0', '2026-03-02 10:00'],
        ['0', '2026-03-02 11:00'],
        ['0', '2026-03-02 12:00'],
      ]);
      const first = searches()[0].query;
      expect(first.get('jql')).toBe('(project in ("CORE")) ORDER BY updated ASC, key ASC');
      expect(first.get('expand')).toBe('changelog');
      expect(first.get('fields')?.split(',')).toContain('comment');
      expect(await tableCounts(database.db)).toEqual({ tickets: 5, events: 2, releases: 2 });
      expect(result.skipped).toEqual({ 'unreleased-version': 1 });
      // The boundary issue of each page is read twice and stored once.
      expect(result).toMatchObject({ inserted: 5 + 2 + 2, updated: 0 });

      const rows = await queryRows<{ external_id: string; reopened: boolean; resolution: string | null; product_version: string; tags: string[] }>(
        database.db,
        sql`select external_id, reopened, resolution, product_version, tags from tickets order by external_id`,
      );
      expect(rows.find((r) => r.external_id === 'CORE-3')?.reopened).toBe(true); // from the changelog
      expect(rows.find((r) => r.external_id === 'CORE-4')?.resolution).toBe('Fixed');
      expect(rows[0]).toMatchObject({ product_version: '5.1.0', tags: ['regression', 'component:Sync'] });
      const events = await queryRows<{ external_id: string; author_role: string }>(database.db, sql`select external_id, author_role from ticket_events order by external_id`);
      expect(events).toEqual([
        { external_id: 'CORE-1:comment:1', author_role: 'customer' },
        { external_id: 'CORE-1:comment:2', author_role: 'agent' },
      ]);
      expect(await storedState(database.db, 'core')).toMatchObject({ cursor: { position: { updatedSince: '2026-03-02T12:30:00.000Z' } } });
    });

    it('resumes with updated >= the newest issue, written in the API user\'s zone and rounded down', async () => {
      await pull();
      fake.requests.length = 0;
      const again = await pull();
      expect(again.error).toBeNull();
      // 12:30 UTC is 13:30 in Paris; the overlap re-reads CORE-5 and stores nothing new.
      expect(searches()[0].query.get('jql')).toBe('(project in ("CORE")) AND updated >= "2026-03-02 13:30" ORDER BY updated ASC, key ASC');
      expect(again).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
      data.issues.push(jiraIssue('CORE-6', '2026-03-03T08:00:00.000+0100'));
      expect(await pull()).toMatchObject({ error: null, inserted: 1 });
    });

    it('reads more issues of one minute than a page holds with startAt, then goes on by time', async () => {
      for (let n = 10; n < 15; n++) data.issues.push(jiraIssue(`CORE-${n}`, `2026-03-02T12:15:${10 + n}.000+0100`));
      const result = await pull();
      expect(result.error).toBeNull();
      expect(await tableCounts(database.db)).toMatchObject({ tickets: 10 });
      const pages = searches().map((r) => [r.query.get('startAt'), /updated >= "([^"]+)"/.exec(r.query.get('jql')!)?.[1] ?? null]);
      // The minute 12:15 holds five issues (and 12:00's CORE-4 precedes them): startAt walks it.
      expect(pages).toContainEqual(['2', '2026-03-02 12:15']);
      expect(pages).toContainEqual(['4', '2026-03-02 12:15']);
    });

    it('after a crash on page 3, resumes from the committed pages and ends equal to a clean run', async () => {
      let n = 0;
      fake.failAlways((r) => r.path === SERVER_SEARCH && ++n >= 3, { destroy: true });
      const crashed = await pull();
      expect((crashed.error as AppError).code).toBe('Unavailable');
      expect((crashed.error as AppError).message).toMatch(/^jira "core": GET \/rest\/api\/2\/search failed after 3 attempt\(s\): network error/);
      expect(await tableCounts(database.db)).toMatchObject({ tickets: 3, releases: 0 });
      expect((await storedState(database.db, 'core'))?.cursor).toMatchObject({ position: { updatedSince: '2026-03-02T10:00:00.000Z' } });

      fake.clearFaults();
      fake.requests.length = 0;
      const resumed = await pull();
      expect(resumed.error).toBeNull();
      expect(searches()[0].query.get('jql')).toContain('updated >= "2026-03-02 11:00"');
      const afterResume = await snapshot(database.db);
      await resetTables(database.db);
      await pull();
      expect(await snapshot(database.db)).toEqual(afterResume);
    });

    it('two pulls with edits and deletions between them: the stored issues are what Jira holds at the end', async () => {
      await pull();
      // Between the pulls: CORE-2 edited and resolved, CORE-4 deleted, CORE-5 moved to OPS, CORE-7 created.
      const two = data.issues.find((i) => i.key === 'CORE-2')!;
      two.fields = { ...(two.fields as Json), summary: 'Sync fails after upgrade, only on Wi-Fi', description: 'Only on Wi-Fi.\nNot on 4G.', status: { name: 'Resolved' }, updated: '2026-03-04T09:00:00.000+0100' };
      data.issues = data.issues.filter((i) => i.key !== 'CORE-4');
      const five = data.issues.find((i) => i.key === 'CORE-5')!;
      five.key = 'OPS-5';
      data.moved = new Map([['CORE-5', 'OPS-5']]);
      data.issues.push(jiraIssue('CORE-7', '2026-03-04T10:00:00.000+0100'));
      fake.requests.length = 0;
      const second = await pull();
      expect(second.error).toBeNull();
      expect(second).toMatchObject({ inserted: 1, updated: 1, deleted: 2 });
      expect(second.deletionCheck).toEqual({ listed: 4, stored: 6, missing: 2, removed: 2 });
      const stored = await storedTickets(database.db, 'jira');
      expect(stored).toEqual(sourceState(data, '(project in ("CORE"))'));
      // The deleted issue was confirmed with a 404, the moved one answered under its new key.
      expect(fake.requestsTo('/rest/api/2/issue/CORE-4')).toHaveLength(1);
      const recorded = await queryRows<{ external_id: string; blocks: boolean }>(
        database.db,
        sql`select external_id, source_deleted_at is not null as blocks from deleted_tickets order by external_id`,
      );
      expect(recorded).toEqual([
        { external_id: 'CORE-4', blocks: true },
        { external_id: 'CORE-5', blocks: false },
      ]);
    });

    it('removes an issue that no longer matches a custom JQL filter, keeping it allowed back', async () => {
      extra = { projects: undefined, jql: 'project = CORE AND status != Resolved', releases: false };
      await pull();
      expect((await storedTickets(database.db, 'jira')).map((t) => t.id)).toEqual(['CORE-1', 'CORE-2', 'CORE-3', 'CORE-5']);
      const one = data.issues.find((i) => i.key === 'CORE-1')!;
      one.fields = { ...(one.fields as Json), status: { name: 'Resolved' }, updated: '2026-03-04T09:00:00.000+0100' };
      const second = await pull();
      expect(second).toMatchObject({ error: null, deleted: 1 });
      expect(await storedTickets(database.db, 'jira')).toEqual(sourceState(data, '(project = CORE AND status != Resolved)'));
    });

    it('refuses to remove most of a source at once (lost access looks like deletions)', async () => {
      for (let n = 30; n < 60; n++) data.issues.push(jiraIssue(`CORE-${n}`, `2026-03-02T14:${n}:00.000+0100`));
      extra = { pageSize: 50, releases: false };
      expect((await pull()).error).toBeNull();
      data.issues = data.issues.slice(0, 5);
      fake.requests.length = 0;
      const result = await pull();
      expect((result.error as AppError).message).toBe('jira "core": 30 of the 35 tickets stored from this source are no longer listed; nothing was removed');
      expect(await tableCounts(database.db)).toMatchObject({ tickets: 35 });
      expect(fake.requests.filter((r) => r.path.startsWith('/rest/api/2/issue/'))).toHaveLength(0);
      expect(await storedState(database.db, 'core')).toMatchObject({ lastStatus: 'failed', lastError: expect.stringContaining('usually means the API user lost access') });
    });

    it('uses the configured zone instead of asking /myself', async () => {
      const source = { ...config().sources[0], timeZone: 'America/New_York' } as PullSource<'jira'>;
      expect((await pullSource(database.db, config(), source, { timeZone: 'UTC', deps: recordingDeps() })).error).toBeNull();
      expect(fake.requestsTo('/rest/api/2/myself')).toHaveLength(0);
      expect(jiraSearchJql(source, '2026-03-02T12:30:00.000Z', 'America/New_York')).toContain('updated >= "2026-03-02 07:30"');
      expect(jqlDate(Date.parse('2026-03-29T01:30:59Z'), 'Europe/Paris')).toBe('2026-03-29 03:30'); // after the DST jump
    });

    it('makes the same ticket and comment ids from the API as the CSV parser from an export of the issue', async () => {
      const [issue] = issues();
      const fromApi = convertJiraIssue({ value: issue, line: 1 }, 'Europe/Paris');
      const csv = [
        'Summary,Issue key,Issue id,Issue Type,Status,Priority,Resolution,Assignee,Reporter,Created,Updated,Resolved,Affects Version/s,Component/s,Labels,Description,Comment,Comment',
        'Sync fails after upgrade (CORE-1),CORE-1,10001,Bug,Open,Major,,Jane Doe,Carl Customer,01/Mar/26 10:00,02/Mar/26 09:00,,5.1.0,Sync,regression,"Steps:\n# open the app\n# sync",01/Mar/26 10:30;Carl Customer;Any update?,01/Mar/26 11:00;Jane Doe;Reproduced.',
      ].join('\n');
      const items: ParsedItem[] = [];
      for await (const item of parseFile('jira-csv', (async function* () { yield csv; })(), { fileName: 'jira.csv', timeZone: 'Europe/Paris' })) items.push(item);
      const fromCsv = items.find((i) => i.kind === 'ticket');
      expect('ticket' in fromApi).toBe(true);
      if (!('ticket' in fromApi) || fromCsv?.kind !== 'ticket') return;
      expect({ ...fromApi.ticket, line: 0 }).toEqual({ ...fromCsv.record, line: 0 });
      expect(fromApi.events.map((e) => [e.externalId, e.authorRole, e.body, e.createdAt.toISOString()])).toEqual(
        items.filter((i) => i.kind === 'event').map((i) => (i.kind === 'event' ? [i.record.externalId, i.record.authorRole, i.record.body, i.record.createdAt.toISOString()] : [])),
      );
    });
  });

  describe('Cloud', () => {
    beforeEach(() => {
      data.deployment = 'cloud';
      extra = { email: 'bot@acme.test' };
      data.authorization = `Basic ${Buffer.from(`bot@acme.test:${TOKEN}`).toString('base64')}`;
    });

    it('chooses search/jql from serverInfo, pages with nextPageToken within a minute, and reads ADF bodies', async () => {
      for (let n = 10; n < 15; n++) data.issues.push(jiraIssue(`CORE-${n}`, `2026-03-02T12:15:${10 + n}.000+0100`, { description: `Line one of ${n}\n\nSecond paragraph of ${n}` }));
      const result = await pull();
      expect(result.error).toBeNull();
      expect(result.endpoint).toBe('Jira Cloud (serverInfo deploymentType "Cloud"): GET /rest/api/3/search/jql paged by updated time and nextPageToken');
      expect(fake.requestsTo(SERVER_SEARCH)).toHaveLength(0); // the removed endpoint is never called
      expect(fake.requestsTo('/rest/api/3/myself')).toHaveLength(1);
      const calls = searches(CLOUD_SEARCH);
      expect(calls.every((r) => r.query.get('fields')?.split(',').includes('description'))).toBe(true);
      expect(calls.some((r) => r.query.has('nextPageToken'))).toBe(true); // inside the 12:15 minute
      expect(calls.every((r) => !r.query.has('startAt'))).toBe(true);
      expect(await tableCounts(database.db)).toMatchObject({ tickets: 10, events: 2, releases: 2 });
      const [row] = await queryRows<{ description: string; requester: string | null }>(
        database.db,
        sql`select description, (select key from customers c where c.id = t.customer_id) as requester from tickets t where external_id = 'CORE-12'`,
      );
      expect(row.description).toBe('Line one of 12\nSecond paragraph of 12');
    });

    it('fetches the comments and changelog entries beyond the 20 search/jql returns', async () => {
      const many = Array.from({ length: 27 }, (_, i) => comment(i % 2 ? 'Jane Doe' : 'Carl Customer', `2026-03-01T${String(10 + Math.floor(i / 3)).padStart(2, '0')}:${String((i % 3) * 10).padStart(2, '0')}:00.000+0100`, `comment ${i + 1}`));
      const histories = Array.from({ length: 24 }, (_, i) => ({ id: String(i), items: [{ field: 'labels', fromString: '', toString: `l${i}` }] }));
      histories.push({ id: '99', items: [{ field: 'status', fromString: 'Closed', toString: 'Reopened' }] }); // the 25th: beyond 20
      data.issues = [{ ...jiraIssue('CORE-1', '2026-03-02T09:00:00.000+0100', {}, many), changelog: { histories } }];
      const result = await pull();
      expect(result.error).toBeNull();
      expect(fake.requestsTo('/rest/api/3/issue/CORE-1/comment').map((r) => r.query.get('startAt'))).toEqual(['0']);
      expect(fake.requestsTo('/rest/api/3/issue/CORE-1/changelog')).toHaveLength(1);
      const [row] = await queryRows<{ events: number; reopened: boolean; last: string }>(
        database.db,
        sql`select (select count(*)::int from ticket_events) as events, reopened,
                   (select body from ticket_events where external_id = 'CORE-1:comment:27') as last from tickets`,
      );
      expect(row).toEqual({ events: 27, reopened: true, last: 'comment 27' });
    });

    it('finds Cloud by the 410 of the removed search when serverInfo says nothing', async () => {
      data.serverInfo = false;
      const result = await pull();
      expect(result.error).toBeNull();
      expect(result.endpoint).toBe('Jira Cloud (/rest/api/2/search answered 410 Gone): GET /rest/api/3/search/jql paged by updated time and nextPageToken');
      expect(fake.requestsTo(SERVER_SEARCH)).toHaveLength(1); // asked once, then never again
      expect(await tableCounts(database.db)).toMatchObject({ tickets: 5 });
    });

    it('waits as long as a 429 Retry-After asks', async () => {
      fake.script((r) => r.path === CLOUD_SEARCH, { status: 429, headers: { 'retry-after': '9' }, body: { errorMessages: ['Rate limit exceeded'] } });
      const deps = recordingDeps();
      expect((await pull(deps)).error).toBeNull();
      expect(deps.waits).toEqual([9_000]);
    });

    const realistic = realisticJiraIssues(120);
    // About five pages whatever the sample's size (120 real issues, or the 4 fixtures).
    const realisticPageSize = Math.max(1, Math.floor(realistic.issues.length / 5));

    it(`on realistic issues (${realistic.origin}): two pulls with edits and deletions, then what Cloud holds is what is stored`, async () => {
      await withoutRedaction(async () => {
        data.issues = structuredClone(realistic.issues);
        extra = { ...extra, projects: [realistic.project], pageSize: realisticPageSize, releases: false };
        const jql = `(project in ("${realistic.project}"))`;
        const first = await pull();
        expect(first.error).toBeNull();
        expect(first.rejected).toBe(0);
        expect(await storedTickets(database.db, 'jira')).toEqual(sourceState(data, jql));

        // Edits: up to three issues get a new summary, status and one more comment; the first and
        // the last are deleted; one is new.
        const at = (m: number) => `2026-03-10T09:${String(m).padStart(2, '0')}:00.000+0000`;
        const edited = data.issues.slice(1, Math.min(4, data.issues.length - 1));
        edited.forEach((issue, i) => {
          const f = issue.fields as Json;
          const comments = ((f.comment as Json).comments as Json[]).concat([{ id: `new${i}`, author: { name: 'agent', displayName: 'An Agent' }, body: 'Fixed in the next build.', created: at(i), updated: at(i) }]);
          issue.fields = { ...f, summary: `${f.summary} (edited)`, status: { name: 'Closed' }, updated: at(i), comment: { ...(f.comment as Json), comments, total: comments.length } };
        });
        const deletedKeys = [data.issues[0].key, data.issues[data.issues.length - 1].key];
        data.issues = data.issues.filter((i) => !deletedKeys.includes(i.key));
        const fresh = structuredClone(data.issues[0]);
        fresh.key = `${realistic.project}-99999`;
        fresh.id = '999999';
        (fresh.fields as Json).updated = at(30);
        data.issues.push(fresh);

        const second = await pull();
        expect(second.error).toBeNull();
        expect(second).toMatchObject({ deleted: 2 });
        expect(await storedTickets(database.db, 'jira')).toEqual(sourceState(data, jql));
      });
    });

    it(`on realistic issues (${realistic.origin}): a pull interrupted and resumed ends equal to an uninterrupted one`, async () => {
      await withoutRedaction(async () => {
        data.issues = structuredClone(realistic.issues);
        extra = { ...extra, projects: [realistic.project], pageSize: realisticPageSize, releases: false };
        let n = 0;
        fake.failAlways((r) => r.path === CLOUD_SEARCH && r.query.get('fields') !== 'key' && ++n >= 3, { status: 503, body: { errorMessages: ['Service Unavailable'] } });
        const crashed = await pull();
        expect((crashed.error as AppError).code).toBe('Unavailable');
        const partial = (await tableCounts(database.db)).tickets;
        expect(partial).toBeGreaterThan(0);
        expect(partial).toBeLessThan(realistic.issues.length);
        const resumed = await expectResumedEqualsUninterrupted(database.db, fake, () => pull());
        expect(resumed).toHaveLength(realistic.issues.length);
      });
    });
  });
});
