import { existsSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/db/errors';
import { chunked, iso, parseAll, parseError, parseFixture } from './parse-helpers';

const HADOOP = '/work/shared/data/hadoop-jira-bugs/hadoop_bugs.csv';
const hadoopPresent = existsSync(HADOOP);
if (!hadoopPresent) console.warn(`[jira-csv.test] ${HADOOP} is absent: the real-export test is skipped.`);

describe('Jira CSV', () => {
  it('reads a Cloud export: BOM, repeated columns, AM/PM dates, wiki markup and comments', async () => {
    const { tickets, events, rejected, summary } = await parseFixture('jira-csv', 'jira-cloud-export.csv', { timeZone: 'Europe/Paris' });
    const t = tickets.find((x) => x.externalId === 'HDX-101')!;
    expect(t).toMatchObject({
      line: 2,
      subject: 'NameNode fails to start after upgrade',
      status: 'Resolved',
      statusCategory: 'solved',
      priorityRaw: 'Blocker',
      priority: 'urgent',
      type: 'bug',
      resolution: 'Fixed',
      productVersion: '3.3.1', // the first of the repeated "Affects Version/s" cells
      tags: ['upgrade', 'startup', 'component:namenode', 'component:hdfs'],
      assignee: 'Jane Doe',
      requester: 'John Smith',
      reopened: false,
    });
    expect(t.description).toContain('{code}\njava.io.IOException: Incompatible layout version -66\n{code}');
    expect(t.description).toContain('# start -> *fails*');
    // 30/Sep/21 5:20 PM in Paris (UTC+2) is 15:20 UTC.
    expect(iso(t.createdAt)).toBe('2021-09-30T15:20:00.000Z');
    expect(iso(t.resolvedAt)).toBe('2021-10-02T07:05:00.000Z');
    // The first comment by someone other than the reporter counts as the first response.
    expect(iso(t.firstResponseAt)).toBe('2021-09-30T16:00:00.000Z');

    const comments = events.filter((e) => e.ticketExternalId === 'HDX-101');
    expect(comments.map((e) => [e.externalId, e.author, e.authorRole])).toEqual([
      ['HDX-101:comment:1', 'Jane Doe', 'agent'],
      ['HDX-101:comment:2', 'John Smith', 'customer'],
      ['HDX-101:comment:3', 'Jane Doe', 'agent'],
    ]);
    expect(comments[0].body).toBe('Can you attach the full log; including the "layout" lines?\nThanks');
    expect(comments.every((e) => e.line === 2 && e.isPublic)).toBe(true);

    const reopened = tickets.find((x) => x.externalId === 'HDX-102')!;
    expect(reopened).toMatchObject({ reopened: true, statusCategory: 'open', priority: 'low', type: 'improvement', resolution: null });
    const unresolved = tickets.find((x) => x.externalId === 'HDX-103')!;
    expect(unresolved).toMatchObject({ resolution: null, priority: 'high', escalated: true });
    expect(iso(unresolved.createdAt)).toBe('2021-10-03T12:30:00.000Z'); // 24-hour form too

    // A bad comment date rejects the comment, not the ticket; a bad Created rejects the ticket.
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [14, 'Comment'],
      [15, 'Created'],
    ]);
    expect(rejected[0].reason).toContain('cannot read "31/Sep/21 25:99" as a date');
    expect(events.filter((e) => e.ticketExternalId === 'HDX-103').map((e) => e.body)).toEqual(['Still slow today']);
    // The later HDX-101 row has an older "Updated": it is dropped as superseded.
    expect(tickets.filter((x) => x.externalId === 'HDX-101')).toHaveLength(1);
    expect(summary.skipped.superseded).toBe(1);
  });

  it('reads the trimmed 9-column export (Issue id, no key) with 24-hour dates', async () => {
    const { tickets, rejected } = await parseFixture('jira-csv', 'jira-server-minimal.csv');
    expect(rejected).toEqual([]);
    expect(tickets.map((t) => [t.externalId, t.line, t.priority, t.statusCategory, t.productVersion])).toEqual([
      ['20001', 2, 'urgent', 'solved', '3.3.1'],
      ['20002', 8, 'high', 'open', '3.3.2'],
      ['20003', 9, 'low', 'open', null],
    ]);
    expect(iso(tickets[1].createdAt)).toBe('2022-01-05T23:59:00.000Z');
    expect(tickets[0].description.split('\n')).toHaveLength(6);
  });

  it('maps Minor to normal', async () => {
    const csv = 'Summary,Issue key,Created,Priority\nA,K-1,01/Jan/22 10:00,Minor\n';
    const { tickets } = await parseAll('jira-csv', chunked(Buffer.from(csv)));
    expect(tickets[0].priority).toBe('normal');
  });

  it('requires Summary, an issue key or id, and Created', async () => {
    const error = await parseError('jira-csv', chunked(Buffer.from('Summary,Issue key,Status\nA,K-1,Open\n')), { fileName: 'jira.csv' });
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toContain('jira.csv: no column for "created" (Created) in this Jira CSV file');
  });

  it.skipIf(!hadoopPresent)('parses the real Hadoop export completely (2,503 tickets)', async () => {
    const { tickets, rejected } = await parseAll('jira-csv', createReadStream(HADOOP), { fileName: 'hadoop_bugs.csv' });
    expect(rejected).toEqual([]);
    expect(tickets).toHaveLength(2503);
    expect(new Set(tickets.map((t) => t.externalId)).size).toBe(2503);
    const first = tickets[0];
    expect(first).toMatchObject({ externalId: '13404344', status: 'Resolved', priority: 'urgent', resolution: 'Duplicate', productVersion: '2.9.2' });
    expect(iso(first.createdAt)).toBe('2021-09-30T17:20:00.000Z');
    const years = tickets.map((t) => t.createdAt.getUTCFullYear());
    expect(Math.min(...years)).toBe(2020);
    expect(Math.max(...years)).toBe(2024);
    // Counts from the dataset's SOURCE.md.
    expect(tickets.filter((t) => t.resolvedAt === null)).toHaveLength(770);
    expect(tickets.filter((t) => t.reopened)).toHaveLength(15);
    expect(tickets.filter((t) => t.priorityRaw === 'Blocker')).toHaveLength(76);
    expect(tickets.filter((t) => t.productVersion === null)).toHaveLength(741);
  });
});
