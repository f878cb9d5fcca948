/**
 * The safety net under redaction at ingest: a record whose text takes longer than its budget is
 * redacted conservatively and counted, the records around it keep their precise redaction, and
 * a runaway pattern is stopped rather than waited for.
 */
import { describe, expect, it } from 'vitest';
import { createPreparer, type PreparedItem } from '@/ingest/load/prepare';
import { createTimedRunner } from '@/ingest/load/text-budget';
import type { ParsedItem, TicketRecord } from '@/ingest/sources/types';
import { PII_KINDS, redactConservatively, redactText, textPieces } from '@/lib/redact';

const SETTINGS = { kinds: [...PII_KINDS], secret: 'a-test-secret-of-16+' };

function ticket(id: string, description: string, line: number): ParsedItem {
  const record: TicketRecord = {
    externalId: id, createdAt: new Date('2026-03-02T10:00:00Z'), updatedAt: null, firstResponseAt: null, resolvedAt: null,
    status: 'open', statusCategory: 'open', priorityRaw: null, priority: null, channel: null, type: null,
    subject: `Export fails for ${id}`, description, resolution: null, productVersion: null, product: null, fixVersions: [], tags: [],
    assignee: null, requester: 'jo@example.com', organization: null, reopened: false, escalated: false, line,
  };
  return { kind: 'ticket', record };
}

const description = (item: PreparedItem) => {
  if (item.kind !== 'ticket') throw new Error('expected a ticket');
  return JSON.parse(item.row.json).description as string;
};

const LINE = 'Please mail jane.doe@example.com about order 48213 from 10.20.30.40, card 4111 1111 1111 1111.\n';

describe('createTimedRunner', () => {
  it('stops a pattern that backtracks exponentially, and runs quick work to its end', () => {
    const runner = createTimedRunner();
    // eslint-disable-next-line regexp/no-super-linear-backtracking -- the pattern issue 24 found, on purpose
    const catastrophic = /^(?:[a-z]{2,}|[A-Z][a-z]+)(?:[-_.]?[A-Za-z0-9]+)*$/;
    const started = performance.now();
    expect(runner.run(() => catastrophic.test('abCd3Ef4Gh5Ij6Kl7Mn8Op9Qr0St1Uv2Wx3Yz4Ab5Cd+'), 100)).toBe(false);
    expect(performance.now() - started).toBeLessThan(10_000); // unstopped, it runs for hours
    let result = 0;
    expect(runner.run(() => (result = 6 * 7), 1_000)).toBe(true);
    expect(result).toBe(42);
    expect(() => runner.run(() => { throw new Error('boom'); }, 1_000)).toThrow('boom'); // prettier-ignore
  });
});

describe('createPreparer with a time budget', () => {
  it('prepares records in groups exactly as one by one, and sums their redactions', () => {
    const items = Array.from({ length: 600 }, (_, i) => ticket(`T-${i}`, LINE.repeat(1 + (i % 5)), i + 2));
    const grouped = createPreparer(SETTINGS);
    const single = createPreparer(SETTINGS);
    expect(grouped.prepareAll(items)).toEqual(items.map((item) => single.prepare(item)));
    expect(grouped.counts).toEqual(single.counts);
    expect(grouped.counts.email).toBe(items.reduce((n, _, i) => n + 1 + (i % 5), 0));
    expect(grouped.conservative.records).toBe(0);
  });

  it('redacts a record over its budget conservatively, counts it, and leaves its neighbours alone', () => {
    const preparer = createPreparer(SETTINGS, { budget: { baseMs: 150, msPerThousandChars: 0 } });
    // ~18 MB of text: several seconds of precise redaction, far over 150 ms.
    const huge = ticket('BIG-1', LINE.repeat(200_000), 3);
    const items = [ticket('A-1', LINE, 2), huge, ticket('A-2', LINE, 4)];
    const prepared = preparer.prepareAll(items);
    const precise = createPreparer(SETTINGS);
    expect(prepared[0]).toEqual(precise.prepare(items[0]));
    expect(prepared[2]).toEqual(precise.prepare(items[2]));
    expect(preparer.conservative).toEqual({ records: 1, lines: [3] });
    const text = description(prepared[1]);
    expect(text).not.toContain('@');
    // Pieces finished in time keep their precise redaction; the rest is conservative.
    const pieces = textPieces(LINE.repeat(200_000));
    const done = pieces.findIndex((piece, i) => !text.startsWith(pieces.slice(0, i + 1).map((p) => redactText(p).text).join('')));
    expect(done).toBeGreaterThanOrEqual(0);
    const expected = pieces.slice(0, done).map((p) => redactText(p).text).join('') + pieces.slice(done).map(redactConservatively).join('');
    expect(text).toBe(expected);
  });

  it('keeps a group whose limit struck just after its last record', () => {
    // The watchdog may fire between the last record and the end of the timed run.
    const lateLimit = { run: (task: () => void) => (task(), false) };
    const items = Array.from({ length: 300 }, (_, i) => ticket(`T-${i}`, LINE, i + 2));
    const preparer = createPreparer(SETTINGS, { runner: lateLimit });
    expect(preparer.prepareAll(items)).toEqual(items.map((item) => createPreparer(SETTINGS).prepare(item)));
    expect(preparer.conservative.records).toBe(0);
  });

  it('does not time anything when redaction is off', () => {
    const preparer = createPreparer({ kinds: [], secret: SETTINGS.secret }, { budget: { baseMs: 0, msPerThousandChars: 0 } });
    const [prepared] = preparer.prepareAll([ticket('A-1', LINE.repeat(1_000), 2)]);
    expect(description(prepared)).toBe(LINE.repeat(1_000));
    expect(preparer.conservative.records).toBe(0);
  });
});
