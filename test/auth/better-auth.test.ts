/**
 * The better-auth configuration, driven through its real HTTP handler in-process (no Next.js
 * server): password sign-in, cookie attributes, sign-up refused, origin check, sign-out, session
 * lifetime, and the audit rows its hooks write.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuth, type Auth } from '@/lib/auth/better-auth';
import { listAuditEvents } from '@/lib/auth/audit';
import { resolveAuthConfig } from '@/lib/auth/config';
import { viewerFromUser } from '@/lib/auth/session';
import { CLIENT_ADDRESS_HEADER } from '@/lib/auth/paths';
import { addLocalUser, removeUser, setUserRole } from '@/lib/auth/users';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';
import { envWith, TEST_SECRET } from './env-helper';

const PASSWORD = 'a long enough passphrase';

function makeAuth(database: TestDatabase, baseUrl: string, extra: Record<string, string> = {}): Auth {
  const config = resolveAuthConfig(envWith({ SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET, SUPPORT_TRENDS_BASE_URL: baseUrl, ...extra }));
  if (!config.enabled) throw new Error('sign-in should be enabled');
  return createAuth(database.db, config);
}

function postAs(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${base}/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, ...headers },
    body: JSON.stringify(body),
  });
}

/** "name=value" of the session cookie, and its attributes. */
function sessionCookie(response: Response): { pair: string; attributes: string } {
  const header = response.headers.getSetCookie().find((c) => c.includes('session_token='));
  if (!header) throw new Error(`no session cookie (status ${response.status})`);
  const [pair, ...attributes] = header.split(';');
  return { pair: pair.trim(), attributes: attributes.join(';') };
}

describe.each(TEST_ENGINES)('better-auth configuration (%s)', (engine) => {
  const BASE = 'http://127.0.0.1:3000';
  let database: TestDatabase;
  let auth: Auth;
  // better-auth's rate limiter is in memory for the process: each engine's run is its own client.
  // The address is the one proxy.ts resolved (client-address.ts), never X-Forwarded-For.
  const client = { [CLIENT_ADDRESS_HEADER]: engine === 'pglite' ? '192.0.2.10' : '192.0.2.20' };
  const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) => postAs(base, path, body, { ...client, ...headers });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    auth = makeAuth(database, BASE);
    await addLocalUser(database.db, { email: 'mia@example.com', role: 'manager', password: PASSWORD, name: 'Mia' });
  });
  afterAll(async () => database?.dispose());

  it('signs a local user in with their password: HttpOnly, SameSite=Lax, 12 h cookie; the session carries the role', async () => {
    const response = await auth.handler(post(BASE, '/sign-in/email', { email: 'Mia@Example.com', password: PASSWORD }));
    expect(response.status).toBe(200);
    const cookie = sessionCookie(response);
    expect(cookie.pair).toMatch(/^support-trends\.session_token=/);
    expect(cookie.attributes).toMatch(/HttpOnly/);
    expect(cookie.attributes).toMatch(/SameSite=Lax/);
    expect(cookie.attributes).toMatch(/Max-Age=43200/);
    expect(cookie.attributes).not.toMatch(/Secure/); // plain http base URL
    const session = await auth.api.getSession({ headers: new Headers({ cookie: cookie.pair }) });
    expect(session && viewerFromUser(session.user)).toEqual({ name: 'Mia', role: 'manager', authenticated: true, email: 'mia@example.com', userId: session?.user.id });
    expect(session!.session.expiresAt.getTime() - Date.now()).toBeGreaterThan(11.9 * 3600_000);
  });

  it('reads the role from the database on every request: a change applies at once, a removal ends the session', async () => {
    const cookie = sessionCookie(await auth.handler(post(BASE, '/sign-in/email', { email: 'mia@example.com', password: PASSWORD }))).pair;
    await setUserRole(database.db, 'mia@example.com', 'viewer');
    const session = await auth.api.getSession({ headers: new Headers({ cookie }) });
    expect(session?.user.role).toBe('viewer');
    await setUserRole(database.db, 'mia@example.com', 'manager');
    await addLocalUser(database.db, { email: 'temp@example.com', role: 'lead', password: PASSWORD });
    const temp = sessionCookie(await auth.handler(post(BASE, '/sign-in/email', { email: 'temp@example.com', password: PASSWORD }))).pair;
    await removeUser(database.db, 'temp@example.com');
    expect(await auth.api.getSession({ headers: new Headers({ cookie: temp }) })).toBeNull();
  });

  it('refuses a wrong password (401) and records the failure without the password', async () => {
    const response = await auth.handler(post(BASE, '/sign-in/email', { email: 'mia@example.com', password: 'not the passphrase' }));
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie().some((c) => c.includes('session_token=') && !c.includes('session_token=;'))).toBe(false);
    const [failure] = (await listAuditEvents(database.db, 50)).filter((e) => e.action === 'auth.sign_in_failed');
    expect(failure).toMatchObject({ actor: 'anonymous', role: null, target: 'mia@example.com', detail: { method: 'password', status: 401 } });
    expect(JSON.stringify(failure)).not.toContain('not the passphrase');
  });

  it('records successful sign-ins with the role', async () => {
    const signIns = (await listAuditEvents(database.db, 50)).filter((e) => e.action === 'auth.sign_in' && e.actor === 'mia@example.com');
    expect(signIns.length).toBeGreaterThanOrEqual(2);
    expect(signIns[signIns.length - 1]).toMatchObject({ role: 'manager', detail: { method: 'password' } });
  });

  it('has no public sign-up', async () => {
    const response = await auth.handler(post(BASE, '/sign-up/email', { email: 'eve@example.com', password: PASSWORD, name: 'Eve' }));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await auth.handler(post(BASE, '/sign-in/email', { email: 'eve@example.com', password: PASSWORD })).then((r) => r.status)).toBe(401);
  });

  it('ignores a role sent in a sign-up or update body (role is not an input field)', async () => {
    const cookie = sessionCookie(await auth.handler(post(BASE, '/sign-in/email', { email: 'mia@example.com', password: PASSWORD }))).pair;
    const response = await auth.handler(post(BASE, '/update-user', { name: 'Mia', role: 'admin' }, { cookie }));
    expect(response.status).toBe(400);
    expect((await auth.api.getSession({ headers: new Headers({ cookie }) }))?.user.role).toBe('manager');
  });

  it('refuses sign-in requests from another origin (CSRF)', async () => {
    const response = await auth.handler(post(BASE, '/sign-in/email', { email: 'mia@example.com', password: PASSWORD }, { origin: 'https://evil.example' }));
    expect(response.status).toBe(403);
  });

  it('ends the session on sign-out and records it', async () => {
    const cookie = sessionCookie(await auth.handler(post(BASE, '/sign-in/email', { email: 'mia@example.com', password: PASSWORD }))).pair;
    const out = await auth.handler(post(BASE, '/sign-out', {}, { cookie }));
    expect(out.status).toBe(200);
    expect(await auth.api.getSession({ headers: new Headers({ cookie }) })).toBeNull();
    expect((await listAuditEvents(database.db, 1))[0]).toMatchObject({ actor: 'mia@example.com', action: 'auth.sign_out' });
  });

  it('limits password guessing per client address (429 after 10 a minute), whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const address = { [CLIENT_ADDRESS_HEADER]: engine === 'pglite' ? '203.0.113.9' : '203.0.113.10', 'x-forwarded-for': `198.18.0.${i + 1}` };
      const response = await auth.handler(post(BASE, '/sign-in/email', { email: `someone${i}@example.com`, password: `guess number ${i}!!` }, address));
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe.each(TEST_ENGINES)('sign-in backoff per account and address (%s)', (engine) => {
  const BASE = 'http://127.0.0.1:3000';
  let database: TestDatabase;
  const from = (address: string) => ({ [CLIENT_ADDRESS_HEADER]: address });
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await addLocalUser(database.db, { email: 'bob@example.com', role: 'viewer', password: PASSWORD });
  });
  afterAll(async () => database?.dispose());

  it('slows down the address that guesses, and never locks the account holder out', async () => {
    const auth = makeAuth(database, BASE);
    const attacker = engine === 'pglite' ? '198.51.100.7' : '198.51.100.8';
    const guess = (i: number) => auth.handler(postAs(BASE, '/sign-in/email', { email: 'bob@example.com', password: `wrong guess ${i}!!` }, from(attacker)));
    /** Moves the recorded failures into the past (the database's clock wrote them). */
    const age = (seconds: number) => database.db.execute(sql`update audit_events set occurred_at = occurred_at - make_interval(secs => ${seconds})`);
    // Five free failures, then each attempt must wait longer: 2 s, 4 s, 8 s…
    // (Ten attempts in all from this address: better-auth's per-address limit allows ten a minute.)
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await guess(i)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const refused = await guess(99);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toMatchObject({ message: expect.stringMatching(/from your address; try again in 2 s/) });
    await age(2.5);
    expect((await guess(100)).status).toBe(401);
    expect((await guess(101)).status).toBe(429); // now 4 s

    // The account holder, elsewhere, signs in at once.
    expect((await auth.handler(postAs(BASE, '/sign-in/email', { email: 'BOB@example.com', password: PASSWORD }, from('192.0.2.44')))).status).toBe(200);
    // From the guessing address even the right password waits its turn…
    expect((await auth.handler(postAs(BASE, '/sign-in/email', { email: 'bob@example.com', password: PASSWORD }, from(attacker)))).status).toBe(429);
    // …and after 15 quiet minutes the count starts again.
    await age(16 * 60);
    expect((await auth.handler(postAs(BASE, '/sign-in/email', { email: 'bob@example.com', password: PASSWORD }, from(attacker)))).status).toBe(200);
    // Refused attempts are not logged (a flood cannot fill the table); failures carry the address.
    const failures = (await listAuditEvents(database.db, 100)).filter((e) => e.action === 'auth.sign_in_failed');
    expect(failures).toHaveLength(6);
    expect(failures[0].detail).toMatchObject({ method: 'password', status: 401, address: attacker });
  });
});

describe('session lifetime', () => {
  const BASE = 'http://127.0.0.1:3000';
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await addLocalUser(database.db, { email: 'sol@example.com', role: 'viewer', password: PASSWORD });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await database?.dispose();
  });

  it('slides while used (the page keep-alive asks for the session) and ends when idle', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2026-03-02T09:00:00Z');
    vi.setSystemTime(start);
    const auth = makeAuth(database, BASE, { SUPPORT_TRENDS_SESSION_HOURS: '1' });
    const cookie = sessionCookie(await auth.handler(postAs(BASE, '/sign-in/email', { email: 'sol@example.com', password: PASSWORD }, { [CLIENT_ADDRESS_HEADER]: '192.0.2.99' })));
    expect(cookie.attributes).toMatch(/Max-Age=3600/);
    const getSession = () => auth.handler(new Request(`${BASE}/api/auth/get-session`, { headers: { cookie: cookie.pair } }));

    // 50 minutes in, still in use: the session is extended to an hour from now, cookie included.
    vi.setSystemTime(new Date(start.getTime() + 50 * 60_000));
    const used = await getSession();
    const body = (await used.json()) as { session: { expiresAt: string } } | null;
    expect(new Date(body!.session.expiresAt).getTime()).toBe(start.getTime() + 110 * 60_000);
    expect(used.headers.getSetCookie().find((c) => c.includes('session_token='))).toMatch(/Max-Age=3600/);

    // Then idle for more than an hour: gone.
    vi.setSystemTime(new Date(start.getTime() + 111 * 60_000));
    expect(await (await getSession()).json()).toBeNull();
    vi.useRealTimers();
  });
});

describe('better-auth over https', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await addLocalUser(database.db, { email: 'ada@example.com', role: 'admin', password: PASSWORD });
  });
  afterAll(async () => database?.dispose());

  it('sets a Secure, __Secure- prefixed session cookie', async () => {
    const BASE = 'https://trends.example.com';
    const auth = makeAuth(database, BASE);
    const cookie = sessionCookie(await auth.handler(postAs(BASE, '/sign-in/email', { email: 'ada@example.com', password: PASSWORD })));
    expect(cookie.pair).toMatch(/^__Secure-support-trends\.session_token=/);
    expect(cookie.attributes).toMatch(/Secure/);
    expect(cookie.attributes).toMatch(/HttpOnly/);
  });
});
