import { describe, expect, it } from 'vitest';
import { htmlToText } from '@/ingest/sources/text';
import { chunked, iso, parseAll, parseFixture } from './parse-helpers';

describe('Freshdesk API JSON', () => {
  it('maps numeric codes, stats and conversations', async () => {
    const { tickets, events, rejected, summary } = await parseFixture('freshdesk-json', 'freshdesk-tickets.json');
    expect(tickets.map((t) => t.externalId)).toEqual(['120', '121']);
    const t = tickets[0];
    expect(t).toMatchObject({
      line: 2,
      status: '4',
      statusCategory: 'solved',
      priorityRaw: '3',
      priority: 'high',
      channel: 'web', // source 2 = portal
      type: 'problem',
      description: 'The mobile app logs me out every hour. Version 5.2 on Android & iOS.',
      tags: ['mobile app', 'session'],
      assignee: 'user:6001',
      requester: 'user:5001',
      organization: 'org:7001',
      reopened: true, // stats.reopened_at is set
      escalated: false,
      resolution: 'Fixed on our side: sessions now last 30 days.', // last public agent reply
    });
    expect(iso(t.firstResponseAt)).toBe('2024-04-01T08:20:00.000Z');
    expect(iso(t.resolvedAt)).toBe('2024-04-02T15:30:00.000Z');
    expect(events.map((e) => [e.externalId, e.authorRole, e.isPublic])).toEqual([
      ['9001', 'agent', true],
      ['9002', 'customer', true],
      ['9003', 'agent', false],
      ['9004', 'agent', true],
    ]);
    const html = tickets[1];
    expect(html).toMatchObject({
      line: 46,
      status: '6',
      statusCategory: null, // custom status: meaning unknown
      priority: 'urgent',
      channel: 'chat',
      escalated: true,
      subject: 'Refund request for order #778',
    });
    expect(html.description).toBe('Refund request for order #778\n\n- charged twice\n- card ending 4242');
    expect(rejected).toEqual([{ line: 62, field: 'created_at', reason: expect.stringContaining('"01/04/2024"'), raw: '01/04/2024' }]);
    // The later copy of 120 is older (updated_at): it is dropped.
    expect(summary.skipped.superseded).toBe(1);
  });
});

describe('Freshdesk UI CSV export', () => {
  it('turns trashed and spam tickets (filter=deleted / filter=spam listings) into deletions', async () => {
    const ticket = { id: 9, subject: 'Win a prize', status: 2, priority: 1, source: 1, created_at: '2026-03-01T07:00:00Z' };
    const json = JSON.stringify([
      { ...ticket, updated_at: '2026-03-02T07:00:00Z', deleted: true },
      { ...ticket, id: 10, updated_at: '2026-03-03T07:00:00Z', spam: true },
      { ...ticket, id: 11, updated_at: '2026-03-03T07:00:00Z', deleted: false, spam: false },
    ]);
    const { tickets, deletions } = await parseAll('freshdesk-json', chunked(Buffer.from(json)));
    expect(tickets.map((t) => t.externalId)).toEqual(['11']);
    expect(deletions.map((d) => [d.externalId, iso(d.deletedAt)])).toEqual([
      ['9', '2026-03-02T07:00:00.000Z'],
      ['10', '2026-03-03T07:00:00.000Z'],
    ]);
  });

  it('maps the human column labels', async () => {
    const { tickets, rejected } = await parseFixture('freshdesk-csv', 'freshdesk-export.csv', { timeZone: 'Europe/Berlin' });
    expect(tickets.map((t) => [t.externalId, t.statusCategory, t.priority, t.channel, t.assignee, t.requester, t.organization])).toEqual([
      ['301', 'solved', 'normal', 'web', 'Maria Garcia', 'Tom Baker', 'Umbrella Ltd'],
      ['302', 'open', 'urgent', 'email', null, 'Ana Silva', 'Initech'],
      ['303', 'pending', 'high', 'chat', 'Lee Wong', 'Sam Ode', 'Globex'],
    ]);
    expect(tickets[0].tags).toEqual(['admin roles', 'permissions']); // Freshdesk tags may hold spaces
    expect(iso(tickets[0].createdAt)).toBe('2024-05-02T07:14:00.000Z');
    expect(iso(tickets[0].resolvedAt)).toBe('2024-05-02T14:00:00.000Z');
    expect(iso(tickets[2].firstResponseAt)).toBe('2024-05-04T05:05:00.000Z');
    expect(rejected.map((r) => [r.line, r.field, r.raw])).toEqual([[5, 'Created time', 'Tuesday']]);
  });
});

describe('htmlToText', () => {
  it.each([
    ['<p>Hello&nbsp;<b>there</b></p><p>Second</p>', 'Hello there\nSecond'],
    ['line<br>break<br/>again', 'line\nbreak\nagain'],
    ['<script>alert(1)</script>Safe &amp; sound &#233;&#x20AC; &unknown;', 'Safe & sound é€ &unknown;'],
    ['plain text, no tags', 'plain text, no tags'],
    ['<div>a</div>\n\n\n<div>b</div>', 'a\nb'],
  ])('%j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});
