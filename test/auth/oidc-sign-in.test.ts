/**
 * Company SSO end to end, in-process: better-auth's real handler against a local fake OpenID
 * Connect provider (discovery, JWKS-verified RS256 ID token, PKCE, nonce). New SSO users start
 * as viewers; with a role claim map the provider's groups decide the role at every sign-in; an
 * SSO sign-in joins the local account of the same verified address and keeps its role.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authUsers } from '@/db/schema-auth';
import { listAuditEvents } from '@/lib/auth/audit';
import { createAuth, type Auth } from '@/lib/auth/better-auth';
import { resolveAuthConfig } from '@/lib/auth/config';
import { addLocalUser, listUsers } from '@/lib/auth/users';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { envWith, TEST_SECRET } from './env-helper';
import { FakeOidcProvider, type FakeUser } from './fake-oidc-provider';

const BASE = 'http://127.0.0.1:3000';

function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

/** The browser's part of the round trip: start at our sign-in, sign in at the provider, come back. */
async function ssoSignIn(auth: Auth, idp: FakeOidcProvider, user: FakeUser): Promise<{ status: number; location: string | null; cookie: string }> {
  const start = await auth.handler(
    new Request(`${BASE}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE },
      body: JSON.stringify({ provider: 'oidc', callbackURL: '/team', errorCallbackURL: '/sign-in' }),
    }),
  );
  expect(start.status).toBe(200);
  const { url } = (await start.json()) as { url: string };
  expect(url.startsWith(`${idp.issuer}/authorize?`)).toBe(true);
  const authorize = new URL(url);
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${BASE}/api/auth/callback/oidc`);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));

  const callback = await auth.handler(new Request(idp.authorize(url, user), { headers: { cookie: cookiesFrom(start) } }));
  return { status: callback.status, location: callback.headers.get('location'), cookie: cookiesFrom(callback) };
}

function makeAuth(database: TestDatabase, idp: FakeOidcProvider, extra: Record<string, string> = {}): Auth {
  const config = resolveAuthConfig(
    envWith({
      SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET,
      SUPPORT_TRENDS_BASE_URL: BASE,
      SUPPORT_TRENDS_OIDC_ISSUER: idp.issuer,
      SUPPORT_TRENDS_OIDC_CLIENT_ID: idp.clientId,
      SUPPORT_TRENDS_OIDC_CLIENT_SECRET: idp.clientSecret,
      ...extra,
    }),
  );
  if (!config.enabled) throw new Error('sign-in should be enabled');
  return createAuth(database.db, config);
}

describe('company SSO (OpenID Connect)', () => {
  const idp = new FakeOidcProvider();
  let database: TestDatabase;

  beforeAll(async () => {
    await idp.start();
    database = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await database?.dispose();
    await idp.stop();
  });

  it('signs a new person in as a viewer and lands them where they were going', async () => {
    const auth = makeAuth(database, idp);
    const result = await ssoSignIn(auth, idp, { sub: 'idp-1', email: 'Sam@Example.com', name: 'Sam Support' });
    expect(result.status).toBe(302);
    expect(result.location).toBe('/team');
    const session = await auth.api.getSession({ headers: new Headers({ cookie: result.cookie }) });
    expect(session?.user).toMatchObject({ email: 'sam@example.com', name: 'Sam Support', role: 'viewer' });
    expect((await listUsers(database.db)).find((u) => u.email === 'sam@example.com')?.methods).toEqual(['sso']);
    // The token request carried the PKCE verifier and the client secret, not just the code.
    expect(idp.tokenRequests.at(-1)?.get('code_verifier')).toBeTruthy();
    expect((await listAuditEvents(database.db, 5))[0]).toMatchObject({ actor: 'sam@example.com', role: 'viewer', action: 'auth.sign_in', detail: { method: 'sso' } });
  });

  it('refuses a forged callback (state that we never issued)', async () => {
    const auth = makeAuth(database, idp);
    const response = await auth.handler(new Request(`${BASE}/api/auth/callback/oidc?code=abc&state=not-ours`));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/error=/);
    expect(cookiesFrom(response)).not.toMatch(/session_token=/);
  });

  it('joins the local account with the same verified address, keeping the role an admin gave', async () => {
    await addLocalUser(database.db, { email: 'mia@example.com', role: 'manager', password: 'a long enough passphrase', name: 'Mia' });
    const auth = makeAuth(database, idp);
    const result = await ssoSignIn(auth, idp, { sub: 'idp-2', email: 'mia@example.com', name: 'Mia M.' });
    const session = await auth.api.getSession({ headers: new Headers({ cookie: result.cookie }) });
    expect(session?.user).toMatchObject({ email: 'mia@example.com', role: 'manager' });
    expect((await listUsers(database.db)).find((u) => u.email === 'mia@example.com')?.methods).toEqual(['password', 'sso']);
  });

  it('with a role map, takes the role from the provider groups at every sign-in', async () => {
    const auth = makeAuth(database, idp, {
      SUPPORT_TRENDS_OIDC_ROLE_CLAIM: 'groups',
      SUPPORT_TRENDS_OIDC_ROLE_MAP: 'support-leads=lead,support-managers=manager',
    });
    const lee = (groups: string[]): FakeUser => ({ sub: 'idp-3', email: 'lee@example.com', name: 'Lee', claims: { groups } });
    const first = await ssoSignIn(auth, idp, lee(['everyone', 'support-managers', 'support-leads']));
    expect((await auth.api.getSession({ headers: new Headers({ cookie: first.cookie }) }))?.user.role).toBe('manager');
    // Moved out of the managers' group at the provider: the next sign-in follows.
    const second = await ssoSignIn(auth, idp, lee(['everyone', 'support-leads']));
    expect((await auth.api.getSession({ headers: new Headers({ cookie: second.cookie }) }))?.user.role).toBe('lead');
    // And the earlier session follows too: the role is read from the user row on each request.
    expect((await auth.api.getSession({ headers: new Headers({ cookie: first.cookie }) }))?.user.role).toBe('lead');
    const [row] = await database.db.select({ role: authUsers.role }).from(authUsers).where(eq(authUsers.email, 'lee@example.com'));
    expect(row.role).toBe('lead');
    expect((await listAuditEvents(database.db, 1))[0].detail).toEqual({ method: 'sso', roleFromIdentityProvider: 'lead' });
  });
});
