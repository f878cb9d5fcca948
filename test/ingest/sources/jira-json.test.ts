import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFileKind } from '@/ingest/sources';
import { chunked, fixture, iso, parseAll, parseFixture } from './parse-helpers';

/** The real ALOY issues (one REST issue per file), read only when present; never copied here. */
const ALOY = path.resolve(__dirname, '../../../../shared/data/alloy-jira/ALOY');

function aloyFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['1-999', '1000-1999']) {
    const full = path.join(ALOY, dir);
    if (existsSync(full)) for (const name of readdirSync(full)) if (name.endsWith('.json')) out.push(path.join(full, name));
  }
  return out;
}

describe('Jira REST issue JSON', () => {
  it('is detected from content: a single issue, a search page, and not mistaken for versions', () => {
    expect(detectFileKind(fixture('jira-rest-issue.json').toString('utf8'), 'CORE-417.json')).toBe('jira-json');
    expect(detectFileKind(fixture('jira-search-page.json').toString('utf8'), 'page.json')).toBe('jira-json');
    expect(detectFileKind(fixture('jira-versions.json').toString('utf8'), 'versions.json')).toBe('jira-versions-json');
    expect(detectFileKind('{"foo": 1}', 'x.json', 'jira')).toBe('jira-json'); // --source jira falls back to it for JSON
  });

  it('reads a single issue (wiki markup, comments, versions, components) like the CSV and the connector do', async () => {
    const { tickets, events, rejected } = await parseFixture('jira-json', 'jira-rest-issue.json');
    expect(rejected).toEqual([]);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({
      externalId: 'CORE-417',
      subject: 'Sync stops after 500 records',
      status: 'Closed',
      statusCategory: 'closed',
      priority: 'urgent',
      type: 'bug',
      resolution: 'Fixed',
      productVersion: '5.1.0',
      tags: ['regression', 'sync', 'component:Sync'],
      assignee: 'Jane Doe',
      requester: 'Carl Customer',
      reopened: false,
    });
    expect(tickets[0].description).toContain('SyncError: batch limit exceeded');
    expect(tickets[0].description).not.toContain('\r');
    expect(iso(tickets[0].resolvedAt)).toBe('2026-03-19T16:02:11.000Z');
    expect(iso(tickets[0].firstResponseAt)).toBe('2026-03-04T11:30:00.000Z'); // the first comment not by the reporter
    expect(events.map((e) => [e.externalId, e.authorRole, e.body])).toEqual([
      ['CORE-417:comment:1', 'customer', 'Still happening on 5.1.1.'],
      ['CORE-417:comment:2', 'agent', 'Reproduced; the batch size was halved in 5.1.0.'],
    ]);
  });

  it('reads a Cloud search page: ADF bodies as plain text, the changelog, and a broken issue rejected with its line', async () => {
    const { tickets, events, rejected } = await parseFixture('jira-json', 'jira-search-page.json', { timeZone: 'Europe/Paris' }, 97);
    expect(tickets.map((t) => t.externalId)).toEqual(['HELP-31']);
    expect(tickets[0]).toMatchObject({
      description: 'The invoice for March downloads as a blank page.\n- Chrome 121\n- Firefox 122',
      requester: 'Dana Client',
      assignee: null,
      statusCategory: 'open',
      reopened: true,
    });
    expect(events.map((e) => [e.externalId, e.authorRole, e.body])).toEqual([['HELP-31:comment:1', 'agent', '@Dana Client which browser?']]);
    // Line 51 is where HELP-32's object starts in the pretty-printed page.
    expect(rejected).toEqual([{ line: 51, field: 'fields.created', reason: expect.stringContaining('not a date'), raw: 'not a date' }]);
  });

  it('reads several issues concatenated or in an array, keeping the newest copy of each', async () => {
    const one = JSON.parse(fixture('jira-rest-issue.json').toString('utf8'));
    const older = { ...one, fields: { ...one.fields, updated: '2026-03-10T00:00:00.000+0000', summary: 'old summary' } };
    const asArray = await parseAll('jira-json', chunked(Buffer.from(JSON.stringify([one, older]))));
    expect(asArray.tickets.map((t) => t.subject)).toEqual(['Sync stops after 500 records']);
    expect(asArray.summary.skipped.superseded).toBe(1);
    const concatenated = await parseAll('jira-json', chunked(Buffer.from(`${JSON.stringify(older)}\n${JSON.stringify({ issues: [one] })}`)));
    expect(concatenated.tickets.map((t) => t.subject)).toEqual(['Sync stops after 500 records']);
  });

  it("keeps each person's own time zone as Jira declares it, for team load", async () => {
    const { tickets, events } = await parseFixture('jira-json', 'jira-rest-issue.json');
    expect(tickets[0].assigneeTimeZone).toBe('Europe/Paris');
    expect(events.map((e) => e.authorTimeZone ?? null)).toEqual([null, null]); // the comments' authors carry no zone here
    const issue = {
      key: 'TZ-1',
      fields: {
        created: '2026-03-02T08:00:00.000+0000',
        summary: 'Zones',
        reporter: { displayName: 'Ren', timeZone: 'Asia/Tokyo' },
        assignee: { displayName: 'Ola', timeZone: 'Mars/Olympus_Mons' },
        comment: {
          comments: [
            { author: { displayName: 'Ola', timeZone: 'America/New_York' }, body: 'On it.', created: '2026-03-02T15:00:00.000+0000' },
            { author: { displayName: 'Ren', timeZone: 'Asia/Tokyo' }, body: 'Thanks.', created: '2026-03-03T01:00:00.000+0000' },
          ],
        },
      },
    };
    const parsed = await parseAll('jira-json', chunked(Buffer.from(JSON.stringify(issue))));
    expect(parsed.tickets[0].assigneeTimeZone).toBeUndefined(); // a zone this runtime does not know is dropped
    expect(parsed.events.map((e) => [e.author, e.authorRole, e.authorTimeZone])).toEqual([
      ['Ola', 'agent', 'America/New_York'],
      ['Ren', 'customer', 'Asia/Tokyo'],
    ]);
  });

  it('refuses JSON that holds no issues, naming what it found', async () => {
    await expect(parseAll('jira-json', chunked(Buffer.from('{"values": []}')), { fileName: 'x.json' })).rejects.toThrow(/x\.json: expected Jira REST issues.*found an object with keys values/);
  });

  const real = aloyFiles();
  it.skipIf(real.length === 0)(`reads every real ALOY issue file (alloy-jira, ${real.length || 'absent'}) without a rejected row`, async () => {
    let tickets = 0;
    let comments = 0;
    let withText = 0;
    for (const file of real) {
      const parsed = await parseAll('jira-json', chunked(readFileSync(file)), { fileName: path.basename(file) });
      expect(parsed.rejected, file).toEqual([]);
      expect(detectFileKind(readFileSync(file, 'utf8').slice(0, 65_536), file)).toBe('jira-json');
      tickets += parsed.tickets.length;
      comments += parsed.events.length;
      withText += parsed.tickets.filter((t) => t.description !== '').length;
    }
    // SOURCE.md: 1,499 issues, 4,513 comments, a description in 1,451 files (100 of them null or empty).
    expect(tickets).toBe(1499);
    expect(comments).toBe(4513);
    expect(withText).toBeGreaterThan(1300);
  });
});
