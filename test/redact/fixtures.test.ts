/**
 * End to end on realistic exports: each fixture in test/fixtures/pii/ is parsed by the real
 * parser, redacted record by record, and checked for PII left behind and for things that must
 * survive (versions, dates, ids, error codes, a 16-digit number that fails Luhn).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFile } from '@/ingest/sources';
import { detectFileKind } from '@/ingest/sources/detect';
import type { EventRecord, FileKind, TicketRecord } from '@/ingest/sources/types';
import { emptyCounts, PII_KINDS, type PiiCounts } from '@/lib/redact/kinds';
import { passesLuhn } from '@/lib/redact/luhn';
import { pseudonymousKey } from '@/lib/redact/pseudonymous-key';
import { redactEventRecord, redactTicketRecord } from '@/ingest/load/redact-record';

const DIR = fileURLToPath(new URL('../fixtures/pii/', import.meta.url));
const SECRET = 'fixture-secret-0123456789';

/** File, detected kind, and whether it holds tickets / events. */
const FIXTURES: [string, FileKind, { tickets: boolean; events: boolean }][] = [
  ['tickets-generic.csv', 'csv-tickets', { tickets: true, events: false }],
  ['events-generic.csv', 'csv-events', { tickets: false, events: true }],
  ['jira-export.csv', 'jira-csv', { tickets: true, events: true }],
  ['zendesk-export.json', 'zendesk-json', { tickets: true, events: true }],
  ['freshdesk-export.json', 'freshdesk-json', { tickets: true, events: true }],
  ['github-issues.json', 'github-json', { tickets: true, events: true }],
];

/** Written into the fixtures; none may remain (compared case-insensitively). */
const PII = [
  'jane.doe+billing@mail.example.co.uk',
  'john.smith@example.com',
  'ops@sub.example.org',
  '+44 20 7946 0958',
  '(415) 555-0132',
  '+33 6 12 34 56 78',
  '415-555-0199',
  '4111 1111 1111 1111',
  '4111-1111-1111-1111',
  '5555-5555-5555-4444',
  '5555 5555 5555 4444',
  '378282246310005',
  '203.0.113.42',
  '198.51.100.7',
  '2001:db8:85a3::8a2e:370:7334',
  'sk_live_',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  'svc-backup',
  'Hunter2Pass',
  'Winter2024',
];

/** Also written into the fixtures; each must appear as often after redaction as before. */
const KEEP = [
  '5.14.2',
  '3.3.1',
  '3.3.2',
  '10.0.19041.1',
  '2026-03-02',
  '02/03/2026',
  '10:30:45',
  '#48213',
  'HDX-99',
  'HTTP 502',
  '0x80070005',
  '123456789',
  '4111 1111 1111 1112',
  '4111111111111112',
  '123e4567-e89b-12d3-a456-426614174000',
  'files.example.net/exports/q1.zip',
  ':8443',
];

interface Redacted {
  before: string[];
  after: string[];
  tickets: TicketRecord[];
  events: EventRecord[];
  counts: PiiCounts;
}

async function parseAndRedact(name: string): Promise<Redacted & { kind: FileKind }> {
  const bytes = readFileSync(DIR + name);
  const kind = detectFileKind(bytes.toString('utf8'), name);
  async function* input() {
    yield bytes;
  }
  const counts = emptyCounts();
  const out: Redacted = { before: [], after: [], tickets: [], events: [], counts };
  for await (const item of parseFile(kind, input(), { fileName: name, timeZone: 'UTC' })) {
    if (item.kind === 'ticket') {
      const r = redactTicketRecord(item.record, { pseudonymSecret: SECRET, counts });
      out.before.push(item.record.subject, item.record.description, item.record.resolution ?? '');
      out.after.push(r.subject, r.description, r.resolution ?? '');
      out.tickets.push(r);
    } else if (item.kind === 'event') {
      const r = redactEventRecord(item.record, { pseudonymSecret: SECRET, counts });
      out.before.push(item.record.body);
      out.after.push(r.body);
      out.events.push(r);
    } else if (item.kind === 'rejected') {
      throw new Error(`${name}: unexpected rejected row ${JSON.stringify(item.row)}`);
    }
  }
  return { ...out, kind };
}

const occurrences = (texts: string[], needle: string) => texts.reduce((n, t) => n + t.split(needle).length - 1, 0);

describe.each(FIXTURES)('%s', (name, expectedKind, holds) => {
  it('is detected and parsed by the project parsers', async () => {
    const result = await parseAndRedact(name);
    expect(result.kind).toBe(expectedKind);
    expect(result.tickets.length > 0).toBe(holds.tickets);
    expect(result.events.length > 0).toBe(holds.events);
  });

  it('keeps no PII in subject, description, resolution or comment bodies', async () => {
    const { before, after } = await parseAndRedact(name);
    const original = before.join('\n').toLowerCase();
    const redacted = after.join('\n').toLowerCase();
    const present = PII.filter((p) => original.includes(p.toLowerCase()));
    expect(present.length).toBeGreaterThanOrEqual(8); // the fixture really holds PII to remove
    for (const p of PII) expect(redacted).not.toContain(p.toLowerCase());
    // Generic checks, independent of the list above.
    expect(redacted).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/);
    for (const run of redacted.match(/\d[\d -]{11,22}\d/g) ?? []) {
      const digits = run.replace(/\D/g, '');
      if (digits.length >= 13 && digits.length <= 19) expect(passesLuhn(digits), run).toBe(false);
    }
  });

  it('redacts every kind at least once', async () => {
    const { counts } = await parseAndRedact(name);
    for (const kind of PII_KINDS) expect(counts[kind], kind).toBeGreaterThan(0);
  });

  it('keeps versions, dates, ids, error codes and the Luhn-invalid number', async () => {
    const { before, after } = await parseAndRedact(name);
    const kept = KEEP.filter((k) => occurrences(before, k) > 0);
    expect(kept.length).toBeGreaterThanOrEqual(5);
    for (const k of KEEP) expect(occurrences(after, k), k).toBe(occurrences(before, k));
  });

  it('stores customers as keyed pseudonyms, never as the address', async () => {
    const { tickets, events } = await parseAndRedact(name);
    for (const t of tickets) expect(t.requester).toMatch(/^cust_[A-Za-z0-9_-]{22}$/);
    for (const e of events) if (e.authorRole === 'customer') expect(e.author).toMatch(/^cust_/);
    for (const e of events) if (e.authorRole === 'agent') expect(e.author).not.toMatch(/^cust_/);
  });
});

describe('fixture set', () => {
  it('together contains every PII sample and every kept sample', async () => {
    const all = (await Promise.all(FIXTURES.map(([name]) => parseAndRedact(name)))).flatMap((r) => r.before).join('\n').toLowerCase();
    for (const p of PII) expect(all, p).toContain(p.toLowerCase());
    for (const k of KEEP) expect(all, k).toContain(k.toLowerCase());
  });

  it('gives the same customer the same key in every export', async () => {
    const generic = await parseAndRedact('tickets-generic.csv');
    const events = await parseAndRedact('events-generic.csv');
    const zendesk = await parseAndRedact('zendesk-export.json');
    const jane = pseudonymousKey('jane.doe+billing@mail.example.co.uk', SECRET);
    expect(generic.tickets[0].requester).toBe(jane);
    expect(events.events[0].author).toBe(jane);
    expect(zendesk.tickets[0].requester).toBe(jane);
  });
});
