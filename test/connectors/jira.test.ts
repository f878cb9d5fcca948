import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import type { PullSource } from '@/ingest/connectors/config';
import { jiraSearchJql, jqlDate } from '@/ingest/connectors/jira';
import { convertJiraIssue } from '@/ingest/sources/jira-json';
import { pullSource } from '@/ingest/connectors/pull';
import { parseFile } from '@/ingest/sources';
import type { ParsedItem } from '@/ingest/sources/types';
import { AppError } from '@/lib/errors';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';
import { FakeServer } from './fake-server';
import { jiraFake, jiraIssue, type JiraFakeData } from './fake-vendors';
import { configOf, recordingDeps, resetTables, snapshot, storedState, tableCounts } from './pull-helpers';

const TOKEN = 'jira-pat-0123456789abcdef';
const SEARCH = '/rest/api/2/search';

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

describe.each(TEST_ENGINES)('Jira pull (%s)', (engine) => {
  let database: TestDatabase;
  let fake: FakeServer;
  let data: JiraFakeData;
  const config = () =>
    configOf({ kind: 'jira', name: 'core', baseUrl: fake.origin, token: { env: 'ST_JIRA_TEST_TOKEN' }, projects: ['CORE'], pageSize: 2 });
  const pull = () => pullSource(database.db, config(), config().sources[0], { timeZone: 'UTC', deps: recordingDeps() });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    fake = await FakeServer.start((request, origin) => jiraFake(data)(request, origin));
  });
  afterAll(async () => {
    await fake?.close();
    await database?.dispose();
  });
  beforeEach(async () => {
    process.env.ST_JIRA_TEST_TOKEN = TOKEN;
    data = {
      issues: issues(),
      versions: {
        CORE: [
          { id: '1', name: '5.0.0', released: true, releaseDate: '2026-01-15' },
          { id: '2', name: '5.1.0', released: true, releaseDate: '2026-02-20', description: 'Sync rewrite' },
          { id: '3', name: '5.2.0', released: false },
        ],
      },
      userTimeZone: 'Europe/Paris',
      authorization: `Bearer ${TOKEN}`,
    };
    fake.requests.length = 0;
    fake.clearFaults();
    await resetTables(database.db);
  });

  it('pages through the search with startAt, stores issues, comments and released versions', async () => {
    const result = await pull();
    expect(result.error).toBeNull();
    expect(result.pages).toBe(3);
    expect(fake.requestsTo(SEARCH).map((r) => r.query.get('startAt'))).toEqual(['0', '2', '4']);
    const first = fake.requestsTo(SEARCH)[0].query;
    expect(first.get('jql')).toBe('(project in ("CORE")) ORDER BY updated ASC, key ASC');
    expect(first.get('expand')).toBe('changelog');
    expect(first.get('fields')?.split(',')).toContain('comment');
    expect(await tableCounts(database.db)).toEqual({ tickets: 5, events: 2, releases: 2 });
    expect(result.skipped).toEqual({ 'unreleased-version': 1 });

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
    expect(await storedState(database.db, 'core')).toMatchObject({ lastStatus: 'succeeded', cursor: { position: { updatedSince: '2026-03-02T12:30:00.000Z' } } });
  });

  it('resumes with updated >= the newest issue, written in the API user\'s zone and rounded down', async () => {
    await pull();
    fake.requests.length = 0;
    const again = await pull();
    expect(again.error).toBeNull();
    // 12:30 UTC is 13:30 in Paris; the overlap re-reads CORE-5 and stores nothing new.
    expect(fake.requestsTo(SEARCH)[0].query.get('jql')).toBe('(project in ("CORE")) AND updated >= "2026-03-02 13:30" ORDER BY updated ASC, key ASC');
    expect(again).toMatchObject({ rowsRead: 1 + 2, inserted: 0, updated: 0 }); // CORE-5 and the two versions
    data.issues.push(jiraIssue('CORE-6', '2026-03-03T08:00:00.000+0100'));
    expect(await pull()).toMatchObject({ error: null, inserted: 1 });
  });

  it('after a crash on page 3, resumes from the committed pages and ends equal to a clean run', async () => {
    fake.failAlways((r) => r.path === SEARCH && r.query.get('startAt') === '4', { destroy: true });
    const crashed = await pull();
    expect((crashed.error as AppError).code).toBe('Unavailable');
    expect((crashed.error as AppError).message).toMatch(/^jira "core": GET \/rest\/api\/2\/search failed after 3 attempt\(s\): network error/);
    expect(await tableCounts(database.db)).toMatchObject({ tickets: 4, releases: 0 });
    expect((await storedState(database.db, 'core'))?.cursor).toMatchObject({ position: { updatedSince: '2026-03-02T11:00:00.000Z' } });

    fake.clearFaults();
    fake.requests.length = 0;
    const resumed = await pull();
    expect(resumed.error).toBeNull();
    expect(fake.requestsTo(SEARCH)[0].query.get('jql')).toContain('updated >= "2026-03-02 12:00"');
    const afterResume = await snapshot(database.db);
    await resetTables(database.db);
    await pull();
    expect(await snapshot(database.db)).toEqual(afterResume);
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
