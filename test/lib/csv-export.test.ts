import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvHeader, csvLine, csvRow, neutraliseFormula, toCsv, UTF8_BOM, type CsvColumn } from '@/lib/csv-export';

const COLUMNS: CsvColumn[] = [
  { key: 'id', header: 'Ticket' },
  { key: 'subject', header: 'Subject' },
  { key: 'count', header: 'Count' },
];

const parseCsv = (text: string): string[][] => parse(text, { bom: true, relax_column_count: false });

describe('neutraliseFormula / csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1:A2)', "'+SUM(A1:A2)"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\0=cmd', "'\0=cmd"],
  ])('prefixes %j with a quote', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
    expect(csvCell(input)).toBe(expected.includes('\t') ? `"${expected}"` : expected);
  });

  it('neutralises a leading carriage return and then quotes the cell', () => {
    expect(csvCell('\r=cmd')).toBe(`"'\r=cmd"`);
  });

  it('neutralises before quoting, so the quote lands inside the quoted field', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csvCell("=cmd|' /c calc'!A1")).toBe("'=cmd|' /c calc'!A1");
  });

  it('leaves safe text and a dangerous character later in the text alone', () => {
    for (const text of ['hello', 'a=b', 'x-1', "'already", ' =1+1', 'mail jo@example.com', '']) expect(neutraliseFormula(text)).toBe(text);
  });

  it('never alters numbers, but neutralises numeric-looking strings', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(+0.5)).toBe('0.5');
    expect(csvCell(-1.5e-7)).toBe('-1.5e-7');
    expect(csvCell(-12n)).toBe('-12');
    expect(csvCell('-3')).toBe("'-3");
    expect(csvCell('+33 6 12 34 56 78')).toBe("'+33 6 12 34 56 78");
  });

  it('formats dates, arrays, null and other values', () => {
    expect(csvCell(new Date(Date.UTC(2026, 2, 2, 9, 15)))).toBe('2026-03-02T09:15:00.000Z');
    expect(csvCell(new Date(Number.NaN))).toBe('');
    expect(csvCell(['login', 'sso'])).toBe('"login; sso"');
    expect(csvCell(['=evil', 'x'])).toBe(`"'=evil; x"`);
    expect(csvCell([])).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it('quotes commas, quotes, newlines, semicolons and tabs (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('crlf\r\nline')).toBe('"crlf\r\nline"');
    expect(csvCell('a;=1+1')).toBe('"a;=1+1"');
    expect(csvCell('a\tb')).toBe('"a\tb"');
    expect(csvCell('plain text')).toBe('plain text');
  });
});

describe('csvLine, csvHeader, csvRow, toCsv', () => {
  it('ends every line with CRLF', () => {
    expect(csvHeader(COLUMNS)).toBe('Ticket,Subject,Count\r\n');
    expect(csvLine([1, 'x', null])).toBe('1,x,\r\n');
    expect(csvRow({ id: 7, subject: 'a,b' }, COLUMNS)).toBe('7,"a,b",\r\n');
  });

  it('builds a document from rows, with an optional BOM', () => {
    const rows = [
      { id: 48213, subject: '=1+1', count: -3 },
      { id: 48214, subject: 'Sync "fails"\nagain', count: 2 },
    ];
    const csv = toCsv(rows, COLUMNS);
    expect(csv).toBe(`Ticket,Subject,Count\r\n48213,'=1+1,-3\r\n48214,"Sync ""fails""\nagain",2\r\n`);
    expect(toCsv(rows, COLUMNS, { bom: true })).toBe(UTF8_BOM + csv);
    expect(toCsv([], COLUMNS)).toBe('Ticket,Subject,Count\r\n');
  });

  it('round-trips through csv-parse: numbers unchanged, text unchanged except the formula quote', () => {
    const cell = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', 'a', ' ', 'é'), maxLength: 10 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { maxLength: 8 }), fc.boolean(), (tuples, bom) => {
        const rows = tuples.map(([id, subject, count]) => ({ id, subject, count }));
        const parsed = parseCsv(toCsv(rows, COLUMNS, { bom }));
        expect(parsed[0]).toEqual(['Ticket', 'Subject', 'Count']);
        expect(parsed.slice(1)).toEqual(
          tuples.map((values) =>
            values.map((v) => (v === null ? '' : typeof v === 'number' ? String(v) : /^[=+\-@\t\r\0]/.test(v) ? `'${v}` : v)),
          ),
        );
        // No text cell that a spreadsheet would run as a formula.
        tuples.forEach((values, row) =>
          values.forEach((v, column) => {
            if (typeof v === 'string') expect(parsed[row + 1][column]).not.toMatch(/^[=+\-@\t\r\0]/);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});
