import { describe, expect, it } from 'vitest';
import { derivedEventId } from '@/ingest/sources/csv-events';
import { chunked, iso, parseAll, parseError, parseFixture } from './parse-helpers';

describe('events CSV', () => {
  it('reads comments with roles and visibility, rejecting bad rows by line', async () => {
    const { events, rejected } = await parseFixture('csv-events', 'events.csv');
    expect(events.map((e) => [e.line, e.ticketExternalId, e.authorRole, e.isPublic, e.author])).toEqual([
      [2, '1001', 'customer', true, 'jo@example.com'],
      [3, '1001', 'agent', true, 'alice'],
      [5, '1001', 'agent', false, 'alice'],
      [11, '1002', 'system', true, null],
    ]);
    expect(events[1].body).toBe('Could you clear your cookies and try again?\nThanks, Alice');
    expect(iso(events[0].createdAt)).toBe('2024-03-04T09:15:00.000Z');
    expect(rejected.map((r) => [r.line, r.field, r.reason])).toEqual([
      [6, null, 'duplicate of line 3'],
      [8, 'created_at', expect.stringContaining('cannot read "not a date" as a date')],
      [9, 'author_role', 'cannot read "robot" as an author role (agent, customer or system)'],
      [10, 'ticket_id', 'the ticket id is empty'],
    ]);
  });

  it('derives stable ids from ticket, time, author and text when the file has none', async () => {
    const a = await parseFixture('csv-events', 'events.csv');
    const b = await parseFixture('csv-events', 'events.csv', {}, 5);
    expect(a.events.map((e) => e.externalId)).toEqual(b.events.map((e) => e.externalId));
    expect(a.events[0].externalId).toBe(derivedEventId('1001', a.events[0].createdAt.getTime(), 'jo@example.com', a.events[0].body));
    expect(derivedEventId('1', 0, 'x', 'hello')).not.toBe(derivedEventId('1', 0, 'x', 'hello!'));
  });

  it('keeps the file\'s own ids, scoped by ticket, and reads private/internal flags', async () => {
    const csv = 'ticket_id,id,created_at,author_role,body,private\nT1,1,2024-01-01,agent,a,no\nT2,1,2024-01-01,agent,b,yes\nT1,1,2024-01-02,agent,c,no\n';
    const { events, rejected } = await parseAll('csv-events', chunked(Buffer.from(csv)));
    expect(events.map((e) => [e.ticketExternalId, e.externalId, e.isPublic])).toEqual([
      ['T1', '1', true],
      ['T2', '1', false],
    ]);
    expect(rejected).toEqual([{ line: 4, field: 'id', reason: 'duplicate of line 2', raw: 'T1,1,2024-01-02,agent,c,no' }]);
  });

  it('requires the role column', async () => {
    const error = await parseError('csv-events', chunked(Buffer.from('ticket_id,created_at,body\n1,2024-01-01,x\n')), { fileName: 'ev.csv' });
    expect(error.message).toContain('ev.csv: no column for "role" (author_role, role');
  });
});
