import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ApiClient, backoffDelay, nextLink, rateLimitOf, requestedWait, secondaryLimitWait } from '@/ingest/connectors/http';
import { DEFAULT_HTTP } from '@/ingest/connectors/config';
import { FakeServer, type FakeResponse } from './fake-server';
import { FAST_HTTP, failureOf, recordingDeps } from './pull-helpers';

const TOKEN = 'ghp_TopSecretToken0123456789';
const NOW = Date.parse('2026-03-10T12:00:00Z');

describe('ApiClient', () => {
  let fake: FakeServer;
  let other: FakeServer;
  let answer: (path: string, authorization: string | undefined) => FakeResponse;

  beforeAll(async () => {
    fake = await FakeServer.start((request) => answer(request.path, request.headers.authorization));
    other = await FakeServer.start(() => ({ body: { stolen: true } }));
  });
  afterAll(async () => {
    await fake?.close();
    await other?.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    other.requests.length = 0;
    fake.clearFaults();
    answer = () => ({ body: { ok: true } });
  });

  const client = (deps = recordingDeps(NOW), settings = FAST_HTTP) =>
    new ApiClient({
      label: 'github "app"',
      baseUrl: `${fake.origin}/api/v3`,
      headers: { authorization: `Bearer ${TOKEN}` },
      secrets: [TOKEN],
      settings,
      credentialHint: 'Check the environment variable GITHUB_TOKEN named by sources[0].token.env in support-trends.config.json',
      deps,
    });

  it('keeps the base path and sends the credential', async () => {
    const response = await client().get('/repos/a/b/issues', { state: 'all', since: undefined });
    expect(response.body).toEqual({ ok: true });
    expect(fake.requests[0].path).toBe('/api/v3/repos/a/b/issues');
    expect(fake.requests[0].query.toString()).toBe('state=all');
    expect(fake.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('honours Retry-After given as an HTTP date, and caps a long one', async () => {
    const deps = recordingDeps(NOW);
    fake.script(() => true, { status: 429, headers: { 'retry-after': new Date(NOW + 20_000).toUTCString() } }, { status: 429, headers: { 'retry-after': '3600' } });
    await client(deps).get('/x');
    expect(deps.waits).toEqual([20_000, FAST_HTTP.maxRetryAfterSeconds * 1000]);
    expect(fake.requests).toHaveLength(3);
  });

  it('waits for GitHub\'s quota reset on a 403 with x-ratelimit-remaining: 0, but a plain 403 is a credentials problem', async () => {
    const deps = recordingDeps(NOW);
    fake.script(() => true, { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 12) } });
    await client(deps).get('/x');
    expect(deps.waits).toEqual([12_000]);

    fake.script(() => true, { status: 403, body: { message: 'Resource not accessible by integration' } });
    const error = await failureOf(client().get('/x'));
    expect(error.code).toBe('Forbidden');
    expect(error.message).toBe(
      'github "app": the API refused access (403: Resource not accessible by integration). Check the environment variable GITHUB_TOKEN named by sources[0].token.env in support-trends.config.json',
    );
  });

  // GitHub's own words (docs.github.com, "Rate limits for the REST API", exceeding the rate limit).
  const SECONDARY = {
    message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222.',
    documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
  };

  it('waits out a secondary limit without headers: at least a minute, doubling, for 403 and 429 alike', async () => {
    const settings = { ...FAST_HTTP, maxRetries: 4, maxRetryAfterSeconds: 300 };
    for (const status of [403, 429]) {
      const deps = recordingDeps(NOW);
      fake.clearFaults();
      fake.requests.length = 0;
      fake.script(() => true, { status, body: SECONDARY }, { status, body: SECONDARY }, { status, body: SECONDARY });
      expect((await client(deps, settings).get('/x')).body).toEqual({ ok: true });
      expect(deps.waits).toEqual([60_000, 120_000, 240_000]);
      expect(fake.requests).toHaveLength(4);
    }
    // A cap below a minute does not shorten GitHub's minimum; a cap above it bounds the doubling.
    const short = recordingDeps(NOW);
    fake.script(() => true, { status: 403, body: SECONDARY });
    await client(short, { ...FAST_HTTP, maxRetryAfterSeconds: 30 }).get('/x');
    expect(short.waits).toEqual([60_000]);
    expect([0, 1, 2, 3, 4].map((a) => secondaryLimitWait(a, { maxRetryAfterSeconds: 300 }))).toEqual([60_000, 120_000, 240_000, 300_000, 300_000]);
  });

  it('prefers retry-after, then the quota reset, on a secondary limit that sends them', async () => {
    const withRetryAfter = recordingDeps(NOW);
    fake.script(() => true, { status: 403, headers: { 'retry-after': '17' }, body: SECONDARY });
    await client(withRetryAfter).get('/x');
    expect(withRetryAfter.waits).toEqual([17_000]);

    const withReset = recordingDeps(NOW);
    fake.script(() => true, {
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 25), 'x-ratelimit-resource': 'core' },
      body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
    });
    await client(withReset).get('/x');
    expect(withReset.waits).toEqual([25_000]);
  });

  it('tells a rate limit from a permission error by body and headers', () => {
    const h = (init: Record<string, string> = {}) => new Headers(init);
    const body = (message: string) => JSON.stringify({ message });
    expect(rateLimitOf(403, h(), JSON.stringify(SECONDARY))).toBe('secondary');
    expect(rateLimitOf(429, h(), JSON.stringify(SECONDARY))).toBe('secondary');
    expect(rateLimitOf(403, h(), body('You have triggered an abuse detection mechanism. Please wait a few minutes before you try again.'))).toBe('secondary');
    expect(rateLimitOf(403, h(), body('API rate limit exceeded for 1.2.3.4.'))).toBe('plain');
    expect(rateLimitOf(403, h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }), body('API rate limit exceeded'))).toBe('headers');
    expect(rateLimitOf(403, h({ 'retry-after': '5' }), '')).toBe('headers');
    expect(rateLimitOf(429, h(), '<html>Too Many Requests</html>')).toBe('plain');
    // Permission errors: no rate-limit header, no rate-limit words (remaining quota left).
    expect(rateLimitOf(403, h({ 'x-ratelimit-remaining': '4999' }), body('Resource not accessible by integration'))).toBeNull();
    expect(rateLimitOf(403, h(), body('Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.'))).toBeNull();
    expect(rateLimitOf(403, h(), body('Must have admin rights to Repository.'))).toBeNull();
    expect(rateLimitOf(401, h({ 'retry-after': '5' }), body('Bad credentials'))).toBeNull();
  });

  it('stops after maxRetries of a persistent secondary limit, saying so', async () => {
    fake.failAlways(() => true, { status: 403, body: SECONDARY });
    const deps = recordingDeps(NOW);
    const error = await failureOf(client(deps).get('/x'));
    expect(error.code).toBe('Unavailable');
    expect(error.message).toBe('github "app": GET /api/v3/x is still rate limited by the secondary limit (HTTP 403) after 3 attempt(s)');
    expect(deps.waits).toEqual([60_000, 60_000]); // FAST_HTTP caps at 30 s: a minute stays the floor
  });

  it('gives up after maxRetries with a message naming the source, path and status', async () => {
    const deps = recordingDeps(NOW);
    fake.failAlways(() => true, { status: 503 });
    const error = await failureOf(client(deps).get('/repos/a/b/issues'));
    expect(error.code).toBe('Unavailable');
    expect(error.message).toBe('github "app": GET /api/v3/repos/a/b/issues kept failing (HTTP 503) after 3 attempt(s)');
    expect(fake.requests).toHaveLength(FAST_HTTP.maxRetries + 1);
    expect(deps.waits).toEqual([1, 2]);

    fake.clearFaults();
    fake.failAlways(() => true, { status: 429 });
    const limited = await failureOf(client(recordingDeps(NOW)).get('/x'));
    expect(limited.message).toBe('github "app": GET /api/v3/x is still rate limited (HTTP 429) after 3 attempt(s)');
  });

  it('reports other client errors with the API\'s words, secrets redacted', async () => {
    answer = (_path, authorization) => ({ status: 400, body: { message: `Bad request for ${authorization}` } });
    const error = await failureOf(client().get('/search'));
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toContain('github "app": GET /api/v3/search returned HTTP 400: {"message":"Bad request for Bearer [redacted]"}');
    expect(error.message).not.toContain(TOKEN);
  });

  it('never sends the credential to another host (next-page links or redirects)', async () => {
    const c = client();
    expect(() => c.url(`${other.origin}/steal?page=2`)).toThrow(/a link to another host/);
    answer = () => ({ status: 302, headers: { location: `${other.origin}/steal` } });
    const error = await failureOf(c.get('/moved'));
    expect(error.message).toContain('a link to another host');
    expect(other.requests).toHaveLength(0);

    answer = (path) => (path === '/api/v3/old' ? { status: 301, headers: { location: '/api/v3/new' } } : { body: { at: path } });
    expect((await c.get('/old')).body).toEqual({ at: '/api/v3/new' });
  });

  it('reads Retry-After, quota resets and Link headers as the RFCs and GitHub write them', () => {
    expect(requestedWait(new Headers({ 'retry-after': '2.5' }), NOW)).toBe(2_500);
    expect(requestedWait(new Headers({ 'retry-after': new Date(NOW - 5_000).toUTCString() }), NOW)).toBe(0);
    expect(requestedWait(new Headers({}), NOW)).toBeNull();
    expect(requestedWait(new Headers({ 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': '1' }), NOW)).toBeNull();
    const link = '<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=9>; rel="last"';
    expect(nextLink(new Headers({ link }))).toBe('https://api.github.com/repositories/1/issues?page=2');
    expect(nextLink(new Headers({ link: '<https://x.test/a?page=1>; rel="prev first"' }))).toBeNull();
    expect(nextLink(new Headers({ link: '<https://x.test/a?b=1,2>; rel="prev", <https://x.test/a?page=3>; rel="last next"' }))).toBe('https://x.test/a?page=3');
    expect(nextLink(new Headers({}))).toBeNull();
  });

  it('backs off exponentially within [d/2, d], never past maxDelayMs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, random) => {
        const delay = backoffDelay(attempt, DEFAULT_HTTP, random);
        const ceiling = Math.min(DEFAULT_HTTP.maxDelayMs, DEFAULT_HTTP.initialDelayMs * 2 ** attempt);
        return delay >= Math.floor(ceiling / 2) && delay <= ceiling;
      }),
    );
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, DEFAULT_HTTP, 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });
});
