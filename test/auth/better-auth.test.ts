/**
 * The better-auth configuration, driven through its real HTTP handler in-process (no Next.js
 * server): password sign-in, cookie attributes, sign-up refused, origin check, sign-out, session
 * lifetime, and the audit rows its hooks write.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuth, type Auth } from '@/lib/auth/better-auth';
import { listAuditEvents } from '@/lib/auth/audit';
import { resolveAuthConfig } from '@/lib/auth/config';
import { viewerFromUser } from '@/lib/auth/session';
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
  const client = { 'x-forwarded-for': engine === 'pglite' ? '192.0.2.10' : '192.0.2.20' };
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

  it('limits password guessing per client address (429 after 10 a minute)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await auth.handler(post(BASE, '/sign-in/email', { email: `someone${i}@example.com`, password: `guess number ${i}!!` }, { 'x-forwarded-for': engine === 'pglite' ? '203.0.113.9' : '203.0.113.10' }));
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('per-account throttle', () => {
  const BASE = 'http://127.0.0.1:3000';
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await addLocalUser(database.db, { email: 'bob@example.com', role: 'viewer', password: PASSWORD });
    await addLocalUser(database.db, { email: 'cy@example.com', role: 'viewer', password: PASSWORD });
  });
  afterAll(async () => database?.dispose());

  it('refuses even the right password after 10 failures for the account, from any address', async () => {
    const auth = makeAuth(database, BASE);
    for (let i = 0; i < 10; i++) {
      // A new forged client address each time: the per-address limit never triggers.
      const response = await auth.handler(postAs(BASE, '/sign-in/email', { email: 'bob@example.com', password: `wrong guess ${i}!!` }, { 'x-forwarded-for': `198.51.100.${i}` }));
      expect(response.status).toBe(401);
    }
    const locked = await auth.handler(postAs(BASE, '/sign-in/email', { email: 'BOB@example.com', password: PASSWORD }, { 'x-forwarded-for': '198.51.100.77' }));
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ message: expect.stringMatching(/Too many failed sign-ins/) });
    // Another account is not affected.
    expect((await auth.handler(postAs(BASE, '/sign-in/email', { email: 'cy@example.com', password: PASSWORD }, { 'x-forwarded-for': '198.51.100.78' }))).status).toBe(200);
    // Throttled attempts are not logged (a flood cannot fill the table).
    const failures = (await listAuditEvents(database.db, 100)).filter((e) => e.action === 'auth.sign_in_failed');
    expect(failures).toHaveLength(10);
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
    const cookie = sessionCookie(await auth.handler(postAs(BASE, '/sign-in/email', { email: 'sol@example.com', password: PASSWORD }, { 'x-forwarded-for': '192.0.2.99' })));
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
