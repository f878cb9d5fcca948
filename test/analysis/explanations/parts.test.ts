/** The small rules of the explanation step, each on hand-made numbers. */
import { describe, expect, it } from 'vitest';
import {
  burstPersistence,
  fixedByRelease,
  fixedSentence,
  inReleaseScope,
  productKey,
  requesterVerdict,
  ticketProducts,
  type ExplainTicket,
} from '@/lib/analysis/explanations';
import { testStepAtRelease, testTrendBefore } from '@/lib/analysis/explanations/step-test';
import { buildTicketTable } from '@/lib/analysis/explanations/ticket-table';

const HOUR = 3_600_000;
const at = (hour: number) => Date.UTC(2024, 2, 4) + hour * HOUR;
const tickets = (requesters: string[], hours = 1): ExplainTicket[] =>
  requesters.map((requester, i) => ({ createdAt: at(9 + (hours * i) / requesters.length), topic: 't1', requester }));

describe('who filed a burst', () => {
  it('calls a burst bulk when a handful filed most of it and the rest is an ordinary day', () => {
    const burst = tickets([...Array(21).fill('qa-bot'), 'c1', 'c2']);
    expect(requesterVerdict(burst, 2)).toEqual({ distinct: 3, handful: 1, handfulTickets: 21, handfulHours: 0.9, bulk: true });
  });

  it('is not bulk when, without the handful, the day would still be a spike', () => {
    // 10 from one reporter, 12 from twelve others against ~2 expected: still a spike without them.
    const burst = tickets([...Array(10).fill('qa-bot'), ...Array.from({ length: 12 }, (_, i) => `c${i}`)]);
    expect(requesterVerdict(burst, 2)).toMatchObject({ bulk: false, distinct: 13 });
  });

  it('needs more than half from the handful, and at most three people', () => {
    expect(requesterVerdict(tickets(['a', 'a', 'a', 'b', 'c', 'd']), 0.5)?.bulk).toBe(false); // 3 of 6, not more than half; b filed once
    expect(requesterVerdict(tickets(['a', 'a', 'a', 'b', 'b', 'c']), 0.5)).toMatchObject({ bulk: true, handful: 2, handfulTickets: 5 });
    // Four people with 5 each: without any three of them, 5 tickets remain — a spike on its own.
    expect(requesterVerdict(tickets(['a', 'b', 'c', 'd'].flatMap((r) => Array(5).fill(r))), 0.5)?.bulk).toBe(false);
    expect(requesterVerdict(tickets(['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c']), 0.5)).toMatchObject({ bulk: true, handful: 2, handfulTickets: 6 });
  });

  it('knows nothing when fewer than half of the tickets say who filed them', () => {
    const burst: ExplainTicket[] = [...tickets(['a', 'a']), ...tickets(['x', 'y', 'z']).map((t) => ({ ...t, requester: null }))];
    expect(requesterVerdict(burst, 1)).toBeNull();
    expect(requesterVerdict([], 1)).toBeNull();
  });
});

describe('whether a burst returns to baseline', () => {
  const series = (values: number[]) => Int32Array.from(values);
  const baseline = Array(28).fill(2);

  it('is transient when the week after is back to the level before', () => {
    const counts = series([...baseline, 40, 2, 3, 2, 1, 2, 3, 2]);
    expect(burstPersistence(counts, 0, 28, new Set([28]))).toMatchObject({ persistence: 'transient', burstDays: 1, baselinePerDay: 2 });
  });

  it('is lasting when the level stays up, or when the burst runs three days or more', () => {
    expect(burstPersistence(series([...baseline, 12, 6, 7, 5, 6, 7, 6, 5]), 0, 28, new Set([28])).persistence).toBe('lasting');
    expect(burstPersistence(series([...baseline, 20, 20, 20, 2, 2, 2, 2, 2]), 0, 29, new Set([28, 29, 30])).persistence).toBe('lasting');
    // Two days still "one or two days".
    expect(burstPersistence(series([...baseline, 20, 20, 2, 2, 2, 2, 2, 2, 2]), 0, 28, new Set([28, 29])).persistence).toBe('transient');
  });

  it('keeps a small leftover after a big outage as a return to normal', () => {
    // 45 tickets, then 3.3 a day vs 2: clearly above (p ≈ 0.004), but far below the burst.
    const counts = series([...baseline, 45, 4, 3, 4, 3, 3, 3, 3]);
    expect(burstPersistence(counts, 0, 28, new Set([28])).persistence).toBe('transient');
  });

  it('cannot tell with fewer than three days after the burst', () => {
    expect(burstPersistence(series([...baseline, 30, 2]), 0, 28, new Set([28])).persistence).toBe('too_recent');
  });
});

describe('products', () => {
  it('matches names ignoring case, spaces and punctuation', () => {
    expect(productKey('Titanium SDK')).toBe(productKey('titanium-sdk'));
    expect(productKey('acme/app')).toBe('acmeapp');
  });

  it('scopes a ticket to its product and to components named like a product', () => {
    const products = ticketProducts('Alloy', ['component:Titanium SDK', 'component:XML', 'bug']);
    expect(products).toEqual(['Alloy', 'Titanium SDK', 'XML']);
    const ticket: ExplainTicket = { createdAt: 0, topic: null, products };
    expect(inReleaseScope(ticket, { product: 'titanium-sdk' }, true)).toBe(true);
    expect(inReleaseScope(ticket, { product: 'alloy' }, true)).toBe(true);
    expect(inReleaseScope(ticket, { product: 'titanium-cli' }, true)).toBe(false);
    // A release without a product, or data without products, sees every ticket.
    expect(inReleaseScope(ticket, { product: null }, true)).toBe(true);
    expect(inReleaseScope({ createdAt: 0, topic: null }, { product: 'alloy' }, false)).toBe(true);
  });
});

describe('what a release closed', () => {
  const fixed = (topic: string | null, versions: string[], resolved?: boolean): ExplainTicket => ({ createdAt: 0, topic, fixVersions: versions, resolved });
  const releases = [
    { version: 'Alloy 1.4.0', releasedAt: 0, product: 'alloy' },
    { version: 'Release 3.3.0', releasedAt: 0, product: 'titanium-sdk' },
    { version: 'Alloy 1.5.0', releasedAt: 0, product: 'alloy' },
  ];

  it('counts tickets whose fix version names the release, by topic, resolved ones only', () => {
    const data = [
      ...Array.from({ length: 18 }, () => fixed('checksum', ['Alloy 1.4.0'])),
      ...Array.from({ length: 11 }, () => fixed('schema', ['alloy 1.4.0 ', '2014 Sprint 12'])),
      ...Array.from({ length: 5 }, () => fixed('docs', ['Alloy 1.4.0', 'Release 3.3.0'])),
      fixed(null, ['Alloy 1.4.0']),
      fixed('checksum', ['Alloy 1.4.0'], false), // still open: not closed by it
      fixed('other', []),
    ];
    const byRelease = fixedByRelease(data, releases);
    expect(byRelease.get('Alloy 1.4.0')).toEqual({
      tickets: 35,
      topics: [
        { topic: 'checksum', tickets: 18 },
        { topic: 'schema', tickets: 11 },
        { topic: 'docs', tickets: 5 },
        { topic: null, tickets: 1 },
      ],
    });
    expect(byRelease.get('Release 3.3.0')).toEqual({ tickets: 5, topics: [{ topic: 'docs', tickets: 5 }] });
    expect(byRelease.get('Alloy 1.5.0')).toEqual({ tickets: 0, topics: [] });
    const label = (t: string) => ({ checksum: 'pt-table-checksum', schema: 'pt-online-schema-change', docs: 'docs' })[t] ?? t;
    expect(fixedSentence(byRelease.get('Alloy 1.4.0')!, label)).toBe('closed 35 tickets, mostly pt-table-checksum (18) and pt-online-schema-change (11)');
    expect(fixedSentence(byRelease.get('Release 3.3.0')!, label)).toBe('closed 5 tickets, all docs');
    expect(fixedSentence(byRelease.get('Alloy 1.5.0')!, label)).toBe('no ticket names it as its fix version');
  });

  it('names three topics with "including" when two do not make most of them', () => {
    const data = ['a', 'a', 'b', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((t) => fixed(t, ['Alloy 1.5.0']));
    // c has one ticket: a single ticket is not what a release "mostly" closed.
    expect(fixedSentence(fixedByRelease(data, releases).get('Alloy 1.5.0')!, (t) => t)).toBe('closed 11 tickets, including a (2) and b (2)');
    const three = ['a', 'a', 'a', 'b', 'b', 'c', 'c', 'd', 'e', 'f', 'g', 'h'].map((t) => fixed(t, ['Alloy 1.5.0']));
    expect(fixedSentence(fixedByRelease(three, releases).get('Alloy 1.5.0')!, (t) => t)).toBe('closed 12 tickets, mostly a (3), b (2) and c (2)');
    const commas = ['x', 'x', 'y', 'y', 'y'].map((t) => fixed(t, ['Alloy 1.5.0']));
    expect(fixedSentence(fixedByRelease(commas, releases).get('Alloy 1.5.0')!, (t) => (t === 'x' ? 'styles, dynamic' : 'sql adapter, model'))).toBe(
      'closed 5 tickets, mostly sql adapter, model (3); styles, dynamic (2)',
    );
  });

  it('says nothing about closing when no ticket has a fix version', () => {
    const byRelease = fixedByRelease([{ createdAt: 0, topic: 'a' }], releases);
    expect(byRelease.get('Alloy 1.4.0')).toEqual({ tickets: null, topics: [] });
    expect(fixedSentence(byRelease.get('Alloy 1.4.0')!, (t) => t)).toBeNull();
  });
});

describe('a step at the release, or a trend', () => {
  // Deterministic counts: the exposure topic has 20 tickets a day, the topic what `rate` says.
  const DAY = 86_400_000;
  const releaseDay = 19_800;
  const build = (rate: (day: number) => number) => {
    const list: ExplainTicket[] = [];
    for (let day = releaseDay - 40; day <= releaseDay + 14; day++) {
      for (let i = 0; i < 20; i++) list.push({ createdAt: day * DAY + i * 1000, topic: 'other' });
      for (let i = 0; i < Math.round(rate(day)); i++) list.push({ createdAt: day * DAY + 50_000 + i * 1000, topic: 'k' });
    }
    const table = buildTicketTable(list, 'UTC');
    return { table, mask: null, topic: table.topicIndex.get('k')!, excludedTopics: new Set<number>(), excludedDays: new Set<number>(), releaseDay, fromDay: releaseDay - 28, toDay: releaseDay + 14 };
  };

  it('finds the step of a flat topic that jumps at the release, and no trend before it', () => {
    const input = build((day) => (day > releaseDay ? 8 : 3));
    expect(testTrendBefore(input)!.pValue).toBeGreaterThan(0.5);
    const step = testStepAtRelease({ ...input, trend: false, earlierSteps: [] })!;
    expect(step.stepRatio).toBeCloseTo(8 / 3, 1);
    expect(step.pValue).toBeLessThan(1e-10);
  });

  it('finds a trend before a steadily growing topic, and no step beyond it', () => {
    const input = build((day) => 2 + 0.2 * (day - (releaseDay - 40)));
    const trend = testTrendBefore(input)!;
    expect(trend.pValue).toBeLessThan(0.01);
    expect(trend.stepRatio).toBeGreaterThan(1);
    expect(testStepAtRelease({ ...input, trend: true, earlierSteps: [] })!.pValue).toBeGreaterThan(0.5);
  });

  it('sees no new step at a release a few days after the one that made it', () => {
    const input = build((day) => (day > releaseDay - 4 ? 8 : 3));
    expect(testStepAtRelease({ ...input, trend: false, earlierSteps: [] })!.pValue).toBeLessThan(0.01); // alone, it looks like a step
    expect(testStepAtRelease({ ...input, trend: false, earlierSteps: [releaseDay - 4] })!.pValue).toBeGreaterThan(0.5);
  });
});
