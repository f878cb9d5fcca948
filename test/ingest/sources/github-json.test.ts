import { describe, expect, it } from 'vitest';
import { chunked, iso, parseAll, parseFixture } from './parse-helpers';

describe('GitHub issues JSON', () => {
  it('reads REST pages printed back to back, skipping (and counting) pull requests', async () => {
    const { tickets, rejected, summary } = await parseFixture('github-json', 'github-issues-rest.json');
    expect(tickets.map((t) => [t.externalId, t.statusCategory, t.resolution, t.type])).toEqual([
      ['acme/widget#12', 'solved', 'completed', 'bug'],
      ['acme/widget#14', 'closed', 'not_planned', 'feature'],
      ['acme/widget#15', 'open', null, 'question'],
    ]);
    const t = tickets[0];
    expect(t).toMatchObject({
      line: 42, // the newer copy, from the second page
      subject: 'Crash when opening settings on Android 14',
      description: 'Steps:\n1. open settings\n2. app crashes',
      status: 'closed',
      channel: 'github',
      tags: ['bug', 'priority: high'],
      priorityRaw: 'priority: high',
      priority: 'high',
      requester: 'reporter1',
      assignee: 'maint1',
      reopened: false,
    });
    expect(iso(t.resolvedAt)).toBe('2024-01-12T10:05:00.000Z');
    expect(tickets[2]).toMatchObject({ reopened: true, escalated: true, tags: ['question', 'escalation'] });
    expect(summary.skipped['pull-request']).toBe(1);
    expect(summary.skipped.superseded).toBe(1);
    expect(rejected).toEqual([{ line: 86, field: 'created_at', reason: expect.stringContaining('"2024-13-45T08:00:00Z"'), raw: '2024-13-45T08:00:00Z' }]);
  });

  it('reads gh issue list --json output, with comments as events', async () => {
    const { tickets, events, rejected } = await parseFixture('github-json', 'github-issues-gh.json');
    expect(tickets.map((t) => [t.externalId, t.status, t.statusCategory, t.priority, t.type])).toEqual([
      ['acme/cli#40', 'closed', 'solved', 'urgent', 'bug'],
      ['acme/cli#41', 'open', 'open', null, null],
    ]);
    expect(iso(tickets[0].firstResponseAt)).toBe('2024-02-01T10:30:00.000Z'); // the first MEMBER comment
    expect(events.map((e) => [e.externalId, e.author, e.authorRole])).toEqual([
      ['IC_1', 'maint1', 'agent'],
      ['IC_2', 'reporter3', 'customer'],
    ]);
    expect(rejected).toEqual([expect.objectContaining({ line: 2, field: 'comments.createdAt', reason: 'a comment has no time' })]);
  });

  it('uses the bare number when no URL tells the repository', async () => {
    const issue = { number: 7, title: 'T', state: 'open', created_at: '2024-01-01T00:00:00Z' };
    const { tickets } = await parseAll('github-json', chunked(Buffer.from(JSON.stringify({ total_count: 1, items: [issue] }))));
    expect(tickets.map((t) => t.externalId)).toEqual(['7']);
  });
});
