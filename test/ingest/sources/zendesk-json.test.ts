import { describe, expect, it } from 'vitest';
import { AppError } from '@/db/errors';
import { chunked, fixture, iso, parseAll, parseError, parseFixture } from './parse-helpers';

describe('Zendesk incremental export JSON', () => {
  it('keeps the newest copy of each ticket and resolves side-loaded names and metrics', async () => {
    const { tickets, deletions, rejected, summary } = await parseFixture('zendesk-json', 'zendesk-incremental.json');
    expect(tickets.map((t) => t.externalId)).toEqual(['35436', '35437']);
    const t = tickets[0];
    expect(t).toMatchObject({
      line: 48, // the newer copy, further down the file
      status: 'solved',
      statusCategory: 'solved',
      priority: 'urgent',
      channel: 'email',
      type: 'incident',
      subject: 'Checkout page shows error 500',
      description: 'When I click Pay the page shows error 500.\nOrder 1234.',
      tags: ['checkout', 'payment', 'hotfix'],
      assignee: 'Alice Agent',
      requester: 'Jo Customer',
      organization: 'Acme Corp',
      reopened: true, // metric_sets.reopens = 1
    });
    expect(iso(t.updatedAt)).toBe('2024-02-03T16:45:00.000Z');
    expect(iso(t.resolvedAt)).toBe('2024-02-03T16:45:00.000Z');
    expect(iso(t.firstResponseAt)).toBe('2024-02-01T09:25:00.000Z'); // created + 25 calendar minutes
    const noSubject = tickets[1];
    expect(noSubject).toMatchObject({
      subject: 'How do I export my invoices as CSV?',
      assignee: 'user:30002',
      requester: 'user:20002',
      organization: null,
      priority: null,
      escalated: true, // tag escalated_tier2
      resolvedAt: null, // no metric set for it
    });
    expect(rejected).toEqual([
      { line: 67, field: 'created_at', reason: expect.stringContaining('cannot read "yesterday at noon" as a date'), raw: 'yesterday at noon' },
    ]);
    expect(summary.skipped).toMatchObject({ superseded: 1 });
    // The deleted ticket is not skipped but passed on, so the loader removes a copy stored earlier.
    expect(deletions.map((d) => [d.externalId, iso(d.deletedAt)])).toEqual([['35439', '2024-02-04T12:00:00.000Z']]);
  });

  it('decides on the newest copy: deleted then restored is a ticket, edited then deleted is a deletion', async () => {
    const base = { created_at: '2024-01-01T00:00:00Z', subject: 'Refund', via: { channel: 'email' } };
    const stream = {
      tickets: [
        { ...base, id: 1, updated_at: '2024-01-02T00:00:00Z', status: 'open' },
        { ...base, id: 1, updated_at: '2024-01-03T00:00:00Z', status: 'deleted', subject: '' },
        { ...base, id: 2, updated_at: '2024-01-02T00:00:00Z', status: 'deleted' },
        { ...base, id: 2, updated_at: '2024-01-04T00:00:00Z', status: 'open' },
        // A scrubbed deleted ticket keeps only its id and times: still a deletion, not a rejected row.
        { id: 3, updated_at: '2024-01-05T00:00:00Z', status: 'deleted', subject: null, description: null },
      ],
      end_of_stream: true,
    };
    const { tickets, deletions, rejected, summary } = await parseAll('zendesk-json', chunked(Buffer.from(JSON.stringify(stream))));
    expect(tickets.map((t) => [t.externalId, t.status])).toEqual([['2', 'open']]);
    expect(deletions.map((d) => [d.externalId, iso(d.deletedAt)])).toEqual([
      ['1', '2024-01-03T00:00:00.000Z'],
      ['3', '2024-01-05T00:00:00.000Z'],
    ]);
    expect(rejected).toEqual([]);
    expect(summary.skipped.superseded).toBe(2);
  });

  it('reads concatenated pages ([{tickets}, {tickets}]) and de-duplicates across them', async () => {
    const { tickets, summary } = await parseFixture('zendesk-json', 'zendesk-pages.json');
    expect(tickets.map((t) => [t.externalId, t.status, t.channel, t.line])).toEqual([
      ['1', 'pending', 'chat', 2],
      ['2', 'new', 'web', 2],
    ]);
    expect(summary.skipped.superseded).toBe(1);
  });

  it('reads a bare array of tickets and back-to-back documents', async () => {
    const one = { id: 5, created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z', subject: 'A', via: { channel: 'voice' } };
    const text = `${JSON.stringify([one])}\n${JSON.stringify({ tickets: [{ ...one, id: 6 }] })}`;
    const { tickets } = await parseAll('zendesk-json', chunked(Buffer.from(text), 7));
    expect(tickets.map((t) => [t.externalId, t.channel, t.line])).toEqual([
      ['5', 'phone', 1],
      ['6', 'phone', 2],
    ]);
  });

  it('turns Comment child events into events with roles from side-loaded users', async () => {
    const { events, rejected, tickets } = await parseFixture('zendesk-json', 'zendesk-ticket-events.json');
    expect(tickets).toEqual([]);
    expect(events.map((e) => [e.externalId, e.ticketExternalId, e.author, e.authorRole, e.isPublic, e.body, e.line])).toEqual([
      ['910001', '35436', 'Jo Customer', 'customer', true, 'When I click Pay the page shows error 500.', 3],
      ['910003', '35436', 'Alice Agent', 'agent', true, 'We are on it.\nAlice', 16],
      ['910004', '35436', 'Alice Agent', 'agent', false, 'Internal: payment gateway timeout', 16],
    ]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ line: 29, field: 'created_at' });
  });

  it('reports truncated JSON as a whole-file error with its position', async () => {
    const error = (await parseError('zendesk-json', chunked(fixture('zendesk-truncated.json')), { fileName: 'export.json' })) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(/^export\.json is not valid JSON at its end \(line 36, column 3, after character 1200\)/);
    expect(error.message).toContain('truncated');
  });

  it('reports a syntax error in the middle with line and column', async () => {
    const error = await parseError('zendesk-json', chunked(Buffer.from('{"tickets": [\n  {"id": 1,,}\n]}')), { fileName: 'bad.json' });
    expect(error.message).toMatch(/^bad\.json is not valid JSON at line 2, column 12/);
  });

  it('reads pages back to back, and places a syntax error in a later page by line and column', async () => {
    const page = (id: number) => JSON.stringify({ tickets: [{ id, created_at: '2024-01-02T03:04:05Z', subject: `s{[${id}]}"`, description: 'd' }] });
    const { tickets } = await parseAll('zendesk-json', chunked(Buffer.from(`${page(1)}\n${page(2)}${page(3)} \n `)));
    expect(tickets.map((t) => t.externalId)).toEqual(['1', '2', '3']);
    const error = await parseError('zendesk-json', chunked(Buffer.from(`${page(1)}\n{"tickets": [\n  {"id": 2,,}]}`)), { fileName: 'pages.json' });
    expect(error.message).toMatch(/^pages\.json is not valid JSON at line 3, column 12/);
    const truncated = await parseError('zendesk-json', chunked(Buffer.from(`${page(1)}\n{"tickets": [`)), { fileName: 'cut.json' });
    expect(truncated.message).toMatch(/^cut\.json is not valid JSON at its end/);
  });

  it('refuses JSON of another shape, saying what it saw', async () => {
    const error = await parseError('zendesk-json', chunked(Buffer.from('{"results": []}')), { fileName: 'x.json' });
    expect(error.message).toBe('x.json: expected a Zendesk incremental export ({"tickets": [...]} or an array of tickets), found an object with keys results.');
    const empty = await parseError('zendesk-json', chunked(Buffer.from('  \n')), { fileName: 'e.json' });
    expect(empty.message).toBe('e.json is empty: expected a JSON export.');
  });

  it('refuses JSON files above 512 MB without reading them whole', async () => {
    let yielded = 0;
    async function* huge() {
      const block = Buffer.alloc(64 * 1024 * 1024, 0x20);
      for (let i = 0; i < 9; i++) {
        yielded++;
        yield block;
      }
    }
    const error = await parseError('zendesk-json', huge(), { fileName: 'huge.json' });
    expect(error.message).toBe('huge.json is larger than 512 MB; JSON exports are read whole and this one is too big.');
    expect(yielded).toBe(9);
  });
});
