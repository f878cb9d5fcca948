/**
 * Issue 20's evidence that no request takes the dashboard down: property-based requests
 * (fast-check) at every page and API route of a production server on demo data, with generated
 * query parameters — dates from year 1 to 9999, huge and negative numbers, unknown ids, repeated
 * keys, unicode. Every answer is below 500, at most MAX_BYTES and within MAX_MS; afterwards the
 * server still answers at once.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../helpers/database';
import { serveDemo, type ServedDemo } from './helpers/served-demo';

/** No answer may be larger than this (the whole ticket CSV of the demo is about 0.4 MB). */
const MAX_BYTES = 3 * 1024 * 1024;
/** …or take longer than this (generous: the machine is shared; a wide-range page used to take over 60 s). */
const MAX_MS = 10_000;
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A date as a URL may carry it: any calendar day of years 1–9999, or something that is not one. */
const dateArb = fc.oneof(
  fc.record({ y: fc.integer({ min: 1, max: 9999 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ y, m, d }) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
  fc.constantFrom('0001-01-01', '9999-12-31', '9999-12-30', '2026-02-30', '2026-13-01', '2026-1-1', 'yesterday', '', '-0001-01-01', '+10000-01-01'),
  fc.record({ y: fc.integer({ min: 2024, max: 2027 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ y, m, d }) => `${y}-${pad(m, 2)}-${pad(d, 2)}`),
);
const numberArb = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom('0', '-1', '1e309', 'NaN', '99999999999999999999999', '0x10', '1.5', '-9007199254740993', '١٢٣'),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
);
const textArb = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('', '%', '%%', '\u0000', '💥', "' or 1=1 --", '<script>alert(1)</script>', '../../etc/passwd', 'a'.repeat(5000)));

const PARAMS: Record<string, fc.Arbitrary<string>> = {
  from: dateArb,
  to: dateArb,
  since: dateArb,
  topic: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }).map((n) => `t${n}`), fc.constantFrom('none', 't1', 't-1', 'T1', ''), textArb),
  org: numberArb,
  customer: textArb,
  priority: fc.oneof(fc.constantFrom('low', 'normal', 'high', 'urgent'), textArb),
  channel: fc.oneof(fc.constantFrom('email', 'chat', 'web'), textArb),
  version: fc.oneof(fc.constantFrom('5.16.0', '1.0'), textArb),
  granularity: fc.constantFrom('day', 'week', 'month', 'year', 'hour', ''),
  status: fc.oneof(fc.constantFrom('unresolved', 'engineering', 'open', 'closed'), textArb),
  q: textArb,
  sort: fc.constantFrom('newest', 'oldest', 'random'),
  after: numberArb,
  page: numberArb,
  individuals: fc.constantFrom('1', '0', 'yes', 'maybe'),
  columns: fc.oneof(fc.constantFrom('id,created', 'id,agent', 'subject', 'nope', ''), textArb),
  merged: textArb,
};

/** A query string: some of the parameters, some repeated, in any order, plus an unknown key now and then. */
const queryArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(...Object.keys(PARAMS)).chain((key) => PARAMS[key].map((value) => [key, value] as const)),
      fc.tuple(textArb, textArb),
    ),
    { maxLength: 8 },
  )
  .chain((pairs) => fc.boolean().map((repeat) => (repeat && pairs.length > 0 ? [...pairs, pairs[0]] : pairs)))
  .map((pairs) => new URLSearchParams(pairs.map(([k, v]) => [k, v])).toString());

describe.each(TEST_ENGINES)('route fuzzer on a production server (%s)', (engine) => {
  let served: ServedDemo;
  let paths: string[];
  let slowest = { ms: 0, url: '' };
  let largest = { bytes: 0, url: '' };

  beforeAll(async () => {
    served = await serveDemo(engine, { tickets: 3_000, env: { SUPPORT_TRENDS_SHOW_INDIVIDUALS: '1' } });
    const report = (await (await fetch(`${served.url}/api/report`)).json()) as { topics: { id: string }[]; releases: { version: string }[] };
    paths = [
      '/',
      '/standup',
      '/topics',
      `/topics/${report.topics[0].id}`,
      '/topics/t999999',
      '/intermittent',
      '/releases',
      `/releases/${encodeURIComponent(report.releases.at(-1)!.version)}`,
      '/releases/no-such-version',
      '/team',
      '/tickets',
      '/imports',
      '/imports/1',
      '/imports/99999999999',
      '/imports/%E0%A4%A',
      '/topics/%E0%A4%A',
      '/releases/%E0%A4%A',
      '/releases/%00',
      '/sign-in',
      '/api/report',
      '/api/team',
      '/api/team.csv',
      '/api/tickets.csv',
      '/no-such-page',
    ];
  }, 900_000);
  afterAll(async () => {
    console.log(`route fuzzer (${engine}): slowest ${slowest.ms} ms ${slowest.url.slice(0, 200)}; largest ${largest.bytes} B ${largest.url.slice(0, 200)}`);
    await served?.dispose();
  });

  it('answers every route, whatever the query, below 500, within MAX_BYTES and MAX_MS', { timeout: 1_200_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), queryArb, async (path, query) => {
        const target = `${served.url}${path}${query ? `?${query}` : ''}`;
        const started = performance.now();
        const response = await fetch(target, { redirect: 'manual', signal: AbortSignal.timeout(MAX_MS * 3) });
        const body = Buffer.from(await response.arrayBuffer());
        const ms = Math.round(performance.now() - started);
        if (ms > slowest.ms) slowest = { ms, url: target };
        if (body.length > largest.bytes) largest = { bytes: body.length, url: target };
        expect(response.status, `${target}: ${body.toString('utf8', 0, 300)}`).toBeLessThan(500);
        expect(body.length, target).toBeLessThanOrEqual(MAX_BYTES);
        expect(ms, target).toBeLessThanOrEqual(MAX_MS);
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, endOnFailure: true },
    );
    // Still serving, promptly.
    const started = performance.now();
    expect((await fetch(`${served.url}/sign-in`)).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
