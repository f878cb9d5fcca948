import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/db/errors';
import { formatRejectedRow, parseFileWithSummary } from '@/ingest/sources';
import { chunked, cutAt, fixture, iso, parseAll, parseError, parseFixture } from './parse-helpers';

describe('generic tickets CSV', () => {
  it('maps aliased headers onto ticket fields', async () => {
    const { tickets } = await parseFixture('csv-tickets', 'tickets-generic.csv', { timeZone: 'Europe/Paris' });
    const t = tickets.find((x) => x.externalId === '1001')!;
    expect(t).toMatchObject({
      line: 2,
      subject: 'Cannot log in after password reset',
      description: 'After resetting my password the login page says "invalid token".\nI tried twice, same result.',
      status: 'Solved',
      statusCategory: 'solved',
      priorityRaw: 'High',
      priority: 'high',
      channel: 'email',
      type: 'problem',
      resolution: 'Cleared the stale session',
      productVersion: '2.3.1',
      tags: ['login', 'password', 'sso'],
      assignee: 'alice',
      requester: 'jo@example.com',
      organization: 'Acme',
      reopened: false,
      escalated: false,
    });
    // Zone-less times are wall times in Europe/Paris (UTC+1 in March); explicit ones keep their offset.
    expect(iso(t.createdAt)).toBe('2024-03-04T08:15:00.000Z');
    expect(iso(t.updatedAt)).toBe('2024-03-05T10:00:00.000Z');
    expect(iso(t.resolvedAt)).toBe('2024-03-05T09:00:00.000Z');
    expect(iso(t.firstResponseAt)).toBe('2024-03-04T08:40:00.000Z');
    const t2 = tickets.find((x) => x.externalId === '1002')!;
    expect(iso(t2.createdAt)).toBe('2024-03-04T10:00:00.000Z');
    expect(t2).toMatchObject({ reopened: true, escalated: true, tags: ['billing', 'pdf'], updatedAt: null, resolvedAt: null });
  });

  it('turns rows a re-export marks deleted (a deleted column or status "deleted") into deletions', async () => {
    const csv = [
      'id,created,updated,subject,status,deleted',
      '1,2024-01-01,2024-01-02,Refund,open,',
      '2,2024-01-01,2024-01-05,,closed,yes',
      '3,2024-01-01,2024-01-06,Login,deleted,',
      '4,2024-01-01,2024-01-07,Export,open,maybe',
      '5,,,,,1',
    ].join('\n');
    const { tickets, deletions, rejected } = await parseAll('csv-tickets', chunked(Buffer.from(csv)));
    expect(tickets.map((t) => t.externalId)).toEqual(['1']);
    // Only the id is needed: a deleted row's text and creation time may be gone.
    expect(deletions.map((d) => [d.externalId, iso(d.deletedAt), d.line])).toEqual([
      ['2', '2024-01-05T00:00:00.000Z', 3],
      ['3', '2024-01-06T00:00:00.000Z', 4],
      ['5', null, 6],
    ]);
    expect(rejected).toEqual([{ line: 5, field: 'deleted', reason: 'cannot read "maybe" as yes/no', raw: 'maybe' }]);

    // In an appended stream the newer row wins, whether it deletes or restores.
    const stream = ['id,created,updated,subject,deleted', '7,2024-01-01,2024-01-02,A,no', '7,2024-01-01,2024-01-03,A,yes', '8,2024-01-01,2024-01-03,B,yes', '8,2024-01-01,2024-01-02,B,no'].join('\n');
    const both = await parseAll('csv-tickets', chunked(Buffer.from(stream)));
    expect(both.tickets.map((t) => t.externalId)).toEqual(['7']); // yielded first, then deleted by the newer row
    expect(both.deletions.map((d) => d.externalId)).toEqual(['7', '8']);
    expect(both.summary.skipped.superseded).toBe(1);
  });

  it('rejects bad rows with line, field and reason, and keeps going', async () => {
    const { tickets, rejected, summary } = await parseFixture('csv-tickets', 'tickets-generic.csv');
    expect(tickets.map((t) => [t.externalId, t.line])).toEqual([
      ['1001', 2],
      ['1002', 4],
      ['1005', 8],
      ['1005', 9], // a later copy with a newer "Updated At" is yielded after the older one
      ['1008', 13],
    ]);
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [5, 'Created At'],
      [6, 'Ticket ID'],
      [7, 'Created At'],
      [11, null],
      [12, null],
      [15, 'Escalated'],
      [16, 'Ticket ID'],
    ]);
    expect(rejected[0].reason).toContain('cannot read "31/Feb/21 25:00" as a date');
    expect(rejected[0].raw).toBe('31/Feb/21 25:00');
    expect(formatRejectedRow('tickets.csv', rejected[0])).toMatch(/^tickets\.csv line 5, field "Created At": cannot read "31\/Feb\/21 25:00" as a date/);
    expect(rejected[1].reason).toBe('the id is empty');
    expect(rejected[3].reason).toBe('has 7 fields, the header has 19');
    expect(rejected[4].reason).toBe('has 20 fields, the header has 19');
    expect(rejected[6].reason).toBe('duplicate of line 4'); // neither copy of 1002 has an update time
    // The stale copy of 1005 (older update time than line 9) is dropped, not rejected.
    expect(summary.skipped.superseded).toBe(1);
  });

  it('uses the first line of the body when the subject is empty, and accepts trailing empty cells', async () => {
    const { tickets } = await parseFixture('csv-tickets', 'tickets-generic.csv');
    const t = tickets.find((x) => x.externalId === '1008')!;
    expect(t.subject).toBe('Subject is empty: the first line of the body stands in');
    expect(t.priority).toBeNull();
    expect(t.statusCategory).toBe('new');
  });

  it('gives the same result whatever the chunk size (multi-byte characters split across chunks)', async () => {
    const whole = await parseFixture('csv-tickets', 'tickets-generic.csv');
    for (const size of [1, 2, 3, 7, 64]) {
      const parts = await parseFixture('csv-tickets', 'tickets-generic.csv', {}, size);
      expect(parts).toEqual(whole);
    }
    const french = await parseFixture('csv-tickets', 'tickets-semicolon-crlf.csv', {}, 1);
    expect(french.tickets[0].subject).toBe('Prix affiché faux');
  });

  it('reads semicolon-separated files with CRLF line ends, counting lines as editors do', async () => {
    const { tickets, rejected } = await parseFixture('csv-tickets', 'tickets-semicolon-crlf.csv');
    expect(rejected).toEqual([]);
    expect(tickets.map((t) => [t.externalId, t.line, t.description])).toEqual([
      ['1', 2, 'Le total\nest faux'],
      ['2', 4, 'Mot de passe refusé'],
    ]);
  });

  it('turns an unterminated quote at the end (a truncated file) into one rejected row', async () => {
    const { tickets, rejected } = await parseFixture('csv-tickets', 'tickets-truncated.csv');
    expect(tickets.map((t) => t.externalId)).toEqual(['1']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].line).toBe(3);
    expect(rejected[0].reason).toContain('never closed');
    expect(rejected[0].raw).toMatch(/^2,2024-01-03T10:00:00Z,Second,"this description was cut off/);
  });

  it('reads a header-only file as zero records, without error', async () => {
    const result = await parseFixture('csv-tickets', 'tickets-header-only.csv');
    expect(result.tickets).toEqual([]);
    expect(result.rejected).toEqual([]);
  });

  it('refuses an empty file with a clear message', async () => {
    const error = await parseError('csv-tickets', chunked(fixture('empty.csv')), { fileName: 'empty.csv' });
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toBe('empty.csv is empty: expected a CSV header row followed by data rows.');
    const blank = await parseError('csv-tickets', chunked(Buffer.from('\n\n  \n')), { fileName: 'blank.csv' });
    expect(blank.message).toContain('blank.csv is empty');
  });

  it('names the missing column, its accepted headers and the headers found', async () => {
    const error = await parseError('csv-tickets', chunked(fixture('tickets-missing-created.csv')), { fileName: 'old.csv' });
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('InvalidInput');
    expect(error.message).toContain('old.csv');
    expect(error.message).toContain('"created" (created, created_at, created time, created date');
    expect(error.message).toContain('Headers found: "id", "subject", "description", "opened_on", "status"');
  });

  it('accepts a description without a subject column, and refuses rows where both are empty', async () => {
    const csv = 'key,created_at,body\nA-1,2024-01-01T00:00:00Z,Printer is jammed again\nA-2,2024-01-01T00:00:00Z,  \n';
    const { tickets, rejected } = await parseAll('csv-tickets', chunked(Buffer.from(csv)));
    expect(tickets.map((t) => [t.externalId, t.subject])).toEqual([['A-1', 'Printer is jammed again']]);
    expect(rejected).toEqual([{ line: 3, field: 'body', reason: 'both subject and description are empty', raw: 'A-2,2024-01-01T00:00:00Z,  ' }]);
  });

  it('accepts text chunks as well as bytes, and strips NUL characters', async () => {
    async function* text() {
      yield 'id,created,title\n1,2024-01-01,Null\u0000byte';
      yield ' in title\n';
    }
    const { tickets } = await parseAll('csv-tickets', text());
    expect(tickets[0].subject).toBe('Nullbyte in title');
  });
});

describe('streaming', () => {
  it('yields rows before the input has been read to the end', async () => {
    let produced = 0;
    async function* endless() {
      yield Buffer.from('id,created,subject\n');
      for (let i = 1; i < 1_000_000; i++) {
        produced++;
        yield Buffer.from(`${i},2024-01-01,row ${i}\n`);
      }
    }
    const { items } = parseFileWithSummary('csv-tickets', endless(), { fileName: 'endless.csv', timeZone: 'UTC' });
    const first = await items.next();
    expect(first.value).toMatchObject({ kind: 'ticket', record: { externalId: '1', line: 2 } });
    expect(produced).toBeLessThan(5);
    await items.return(undefined);
  });

  it('stops at a row larger than 16 MB (an unbalanced quote swallowing the file)', async () => {
    async function* huge() {
      yield Buffer.from('id,created,subject\n1,2024-01-01,ok\n2,2024-01-01,"');
      const block = Buffer.alloc(1024 * 1024, 0x61);
      for (let i = 0; i < 17; i++) yield block;
    }
    const error = await parseError('csv-tickets', huge(), { fileName: 'big.csv' });
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toBe('big.csv: a row at or after line 3 is larger than 16 MB — most likely an unbalanced quote.');
  });
});

describe('encodings', () => {
  it('stops at the first invalid UTF-8 byte, naming line and byte, and suggests latin1', async () => {
    const error = (await parseError('csv-tickets', chunked(fixture('tickets-latin1.csv'), 5), { fileName: 'latin.csv' })) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toBe('latin.csv is not valid UTF-8: byte 0xe9 at line 2 (byte 61 of the file).');
    expect(error.hint).toContain('--encoding latin1');
  });

  it('decodes Windows-1252 when told the file is latin1 (€ and curly quotes included)', async () => {
    const { tickets } = await parseFixture('csv-tickets', 'tickets-latin1.csv', { encoding: 'latin1' }, 3);
    expect(tickets.map((t) => [t.subject, t.description])).toEqual([
      ['Café menu price', 'Prix €12 ’wrong’'],
      ['Naïve question', 'Straße address'],
    ]);
  });

  it('reports a character cut at the very end of the file', async () => {
    const bytes = Buffer.concat([Buffer.from('id,created,subject\n1,2024-01-01,caf'), Buffer.from([0xc3])]);
    const error = await parseError('csv-tickets', chunked(bytes), { fileName: 'cut.csv' });
    expect(error.message).toBe('cut.csv is not valid UTF-8: an incomplete character (byte 0xc3) at the end of the file at line 2 (byte 36 of the file).');
  });

  it('strips a UTF-8 byte order mark', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,created,subject\n1,2024-01-01,x\n')]);
    const { tickets } = await parseAll('csv-tickets', chunked(bytes, 1));
    expect(tickets.map((t) => [t.externalId, t.line])).toEqual([['1', 2]]);
  });

  it('refuses an unknown time zone before reading', async () => {
    const error = await parseError('csv-tickets', chunked(Buffer.from('id,created,subject\n')), { fileName: 'x.csv', timeZone: 'Mars/Olympus' });
    expect(error.message).toBe('x.csv: unknown time zone "Mars/Olympus"');
  });
});

describe('line numbers', () => {
  it('point at the line where each row starts, whatever the line ends and quoted newlines (property)', async () => {
    const cellArb = fc.array(fc.constantFrom('text', 'more, words', '"quoted"', '\n', '\r\n', '\r', 'é'), { maxLength: 5 }).map((parts) => parts.join(''));
    // A row may end with CRLF in a file whose header ends with LF or CR (mixed line ends).
    const rowArb = fc.record({ subject: cellArb, blankLinesBefore: fc.nat({ max: 2 }), crlf: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('\n', '\r\n', '\r'), fc.array(rowArb, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 5 }), async (eol, rows, cuts) => {
        let text = `id,created_at,subject,tag${eol}`;
        let line = 2;
        const expected: number[] = [];
        const breaks = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;
        rows.forEach((row, i) => {
          text += eol.repeat(row.blankLinesBefore);
          line += row.blankLinesBefore;
          expected.push(line);
          const subject = `S${i} ${row.subject}`;
          text += `${i + 1},2024-01-01T00:00:00Z,"${subject.replace(/"/g, '""')}",t${row.crlf ? '\r\n' : eol}`;
          line += breaks(subject) + 1;
        });
        const { tickets, rejected } = await parseAll('csv-tickets', cutAt(Buffer.from(text), cuts));
        expect(rejected).toEqual([]);
        expect(tickets.map((t) => t.line)).toEqual(expected);
        expect(tickets.map((t) => t.externalId)).toEqual(rows.map((_, i) => String(i + 1)));
      }),
      { numRuns: 300 },
    );
  });
});
