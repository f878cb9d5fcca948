/**
 * Issue 20's attempts against a production server with sign-in on and one user per role, on both
 * engines: refusals say so in their status (403, 307, 405, 413), bad input gets a 400 or an
 * answer — never a 500 —, a wide range is kept within the data, the sign-in throttle counts
 * connections rather than X-Forwarded-For, a server action from another origin is refused even
 * with a lead's session, and a signed-out or expired session is turned away at once.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/db/client';
import { authSessions, authUsers } from '@/db/schema-auth';
import { signIn } from '../auth/server-helpers';
import { TEST_ENGINES } from '../helpers/database';
import { email, password, rawRequest, serveDemo, type Role, type ServedDemo } from './helpers/served-demo';

const SECURITY_HEADERS = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy'];

/** The hidden fields of the progressively enhanced server-action form whose `kind` is `kind`, as the page renders them. */
function actionForm(html: string, kind: string): [string, string][] {
  const decode = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const form = [...html.matchAll(/<form\b[^>]*method="POST"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]).find((f) => f.includes(`name="kind" value="${kind}"`)) ?? '';
  return [...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map((m) => [m[1], decode(m[2] ?? '')]);
}

describe.each(TEST_ENGINES)('hostile requests on a production server (%s)', (engine) => {
  let served: ServedDemo;
  let url: string;
  let topic: { id: string; label: string };
  const get = (pathAndQuery: string, role?: Role, headers: Record<string, string> = {}) =>
    fetch(`${url}${pathAndQuery}`, { redirect: 'manual', headers: { ...(role ? { cookie: served.cookies[role] } : {}), ...headers } });

  /** Runs `work` on the server's database (for PGlite with the server stopped: it holds the directory). */
  async function withDatabase(work: (db: Db) => Promise<void>): Promise<void> {
    if (engine === 'pglite') await served.server.stop();
    const database = await openDatabase(engine === 'pglite' ? { kind: 'pglite', dataDir: served.env.SUPPORT_TRENDS_DATA_DIR } : { kind: 'postgres', url: served.env.DATABASE_URL }, { migrate: false });
    try {
      await work(database.db);
    } finally {
      await database.close();
      if (engine === 'pglite') await served.restart();
    }
  }

  beforeAll(async () => {
    served = await serveDemo(engine, { signIn: true, tickets: 2_000 });
    url = served.url;
    const report = (await (await get('/api/report', 'viewer')).json()) as { topics: { id: string; label: string }[] };
    topic = report.topics[0];
  }, 900_000);
  afterAll(async () => {
    await served?.dispose();
  });

  it('refuses a page in its status: 403 for a role too low, 307 to sign-in for a forged session', async () => {
    for (const path of ['/standup', '/tickets', '/imports', '/imports/1']) {
      const response = await get(path, 'viewer');
      expect(response.status, path).toBe(403);
      const html = await response.text();
      expect(html).toMatch(/needs the (lead|admin) role; you are signed in as viewer/);
      expect(html).not.toMatch(/<table/);
    }
    expect((await get('/standup', 'lead')).status).toBe(200);
    expect((await get('/team', 'viewer')).status).toBe(200);
    const forged = 'support-trends.session_token=forged.c2lnbmF0dXJl';
    for (const [path, next] of [['/', '/sign-in'], ['/team?from=2026-01-01', '/sign-in?next=%2Fteam%3Ffrom%3D2026-01-01']]) {
      const response = await get(path, undefined, { cookie: forged });
      expect(response.status, path).toBe(307);
      const location = new URL(response.headers.get('location')!, url);
      expect(location.pathname + location.search, path).toBe(next);
    }
    expect((await get('/api/team', undefined, { cookie: forged })).status).toBe(401);
  });

  it('answers methods it does not serve with 405, Allow and the security headers — TRACE too', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${url}/`, { method, headers: { cookie: served.cookies.viewer, origin: url } });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(await response.json()).toMatchObject({ error: { code: 'MethodNotAllowed', message: expect.stringMatching(new RegExp(`^${method} is not a method`)) } });
    }
    for (const path of ['/', '/api/report', '/sign-in', '/api/imports']) {
      const response = await rawRequest(`${url}${path}`, 'TRACE', { cookie: served.cookies.admin });
      expect(response.status, path).toBe(405);
      for (const header of SECURITY_HEADERS) expect(response.headers[header], `${header} on TRACE ${path}`).toBeTruthy();
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'MethodNotAllowed' } });
    }
  });

  it('says what is wrong with bad input instead of answering 500', async () => {
    const upload = await rawRequest(`${url}/api/imports`, 'POST', { cookie: served.cookies.admin, origin: url, 'x-file-name': '%E0%A4%A', 'content-type': 'text/csv' }, Buffer.from('id,subject\n1,x\n'));
    expect(upload.status).toBe(400);
    expect(JSON.parse(upload.body)).toMatchObject({ error: { code: 'InvalidInput', message: expect.stringMatching(/X-File-Name .* is not valid URL encoding/) } });
    for (const header of SECURITY_HEADERS) expect(upload.headers[header], header).toBeTruthy();

    const report = await get('/api/report?to=9999-12-31', 'admin');
    expect(report.status).toBe(200);
    const { range, totals } = (await report.json()) as { range: { from: string; to: string }; totals: { tickets: number } };
    expect(range.to < '2100-01-01').toBe(true);
    // Every stored ticket (a demo ending today stops at the current time, so a few of the 2,000
    // asked for may not exist yet): the report's count over the clamped range.
    expect(totals.tickets).toBeGreaterThan(1_900);
    const csv = await get('/api/tickets.csv?from=0001-01-01&to=9999-12-31', 'admin');
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\n').length - 1).toBe(totals.tickets);
    expect((await get('/api/report?to=2026-02-30', 'admin')).status).toBe(400);
  });

  it('keeps a wide range within the data and says so, in a page of normal size', async () => {
    for (const [path, role] of [
      ['/?from=0001-01-01&to=9999-12-30', 'viewer'],
      [`/topics/${topic.id}?from=0001-01-01&to=9999-12-30&granularity=day`, 'viewer'],
      ['/releases?from=0001-01-01&to=9999-12-30', 'viewer'],
      ['/tickets?from=0001-01-01&to=9999-12-31', 'lead'],
    ] as const) {
      const started = Date.now();
      const response = await get(path, role);
      const html = await response.text();
      expect(response.status, path).toBe(200);
      expect(html, path).toMatch(/You asked for 0001-01-01 – 9999-12-3\d; showing \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d, the data(&#x27;|')s range\./);
      expect(html.length, path).toBeLessThan(1_500_000);
      expect(Date.now() - started, path).toBeLessThan(15_000);
    }
    const standup = await (await get('/standup?since=0001-01-01', 'lead')).text();
    expect(standup).toMatch(/The data starts on \d{4}-\d\d-\d\d: showing the standup since then, not since 0001-01-01\./);
  });

  it("refuses a server action from another origin even with a lead's session; from the site it works", async () => {
    const html = await (await get(`/topics/${topic.id}`, 'lead')).text();
    const fields = actionForm(html, 'rename');
    expect(fields.map(([name]) => name), 'the page has the rename form').toEqual(expect.arrayContaining(['$ACTION_KEY', 'kind', 'topicId']));
    const rename = (label: string, origin: string) => {
      const form = new FormData();
      for (const [name, value] of fields) form.append(name, value);
      form.append('label', label);
      return fetch(`${url}/topics/${topic.id}`, { method: 'POST', body: form, redirect: 'manual', headers: { cookie: served.cookies.lead, origin } });
    };
    const labelNow = async () => ((await (await get('/api/report', 'lead')).json()) as { topics: { id: string; label: string }[] }).topics.find((t) => t.id === topic.id)?.label;

    const evil = await rename('Renamed from evil.example', 'https://evil.example');
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ error: { code: 'Forbidden', message: expect.stringMatching(/another site/) } });
    expect(await labelNow()).toBe(topic.label);

    // The same request from the site itself is a valid action (so the refusal above is the origin's).
    const own = await rename('Renamed by the lead', url);
    expect(own.status).toBeLessThan(400);
    await own.arrayBuffer();
    expect(await labelNow()).toBe('Renamed by the lead');
  });

  it('turns a session away at once after sign-out, and when it has expired', async () => {
    const session = await signIn(url, email('manager'), password('manager'));
    expect((await get('/api/team?individuals=1', undefined, { cookie: session.cookie! })).status).toBe(200);
    const out = await fetch(`${url}/api/auth/sign-out`, { method: 'POST', headers: { cookie: session.cookie!, origin: url, 'content-type': 'application/json' }, body: '{}' });
    expect(out.status).toBe(200);
    expect((await get('/api/team', undefined, { cookie: session.cookie! })).status).toBe(401);
    expect((await get('/team', undefined, { cookie: session.cookie! })).status).toBe(307);

    const later = await signIn(url, email('lead'), password('lead'));
    expect((await get('/standup', undefined, { cookie: later.cookie! })).status).toBe(200);
    await withDatabase(async (db) => {
      const [lead] = await db.select({ id: authUsers.id }).from(authUsers).where(eq(authUsers.email, email('lead')));
      await db.update(authSessions).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(authSessions.userId, lead.id));
    });
    expect((await get('/api/report', undefined, { cookie: later.cookie! })).status).toBe(401);
    const page = await get('/standup', undefined, { cookie: later.cookie! });
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get('location')!, url).search).toBe('?next=%2Fstandup');
  });
  // Last: it uses up this connection's sign-in attempts for a minute.
  it('throttles sign-in per connection: a new X-Forwarded-For on every attempt does not help', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await fetch(`${url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url, 'x-forwarded-for': `203.0.113.${i + 1}` },
        body: JSON.stringify({ email: `nobody${i}@example.com`, password: 'a wrong password guess' }),
      });
      statuses.push(response.status);
    }
    // Ten attempts a minute per connection (the sign-ins above count too): the rest are refused.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(statuses.indexOf(429)).every((s) => s === 429)).toBe(true);
  });

});
