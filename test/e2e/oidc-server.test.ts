/**
 * Company SSO on a production server (server.mjs) against a local fake OpenID Connect provider,
 * on both engines: the identity provider's groups decide the role at every sign-in
 * (SUPPORT_TRENDS_OIDC_ROLE_CLAIM / _ROLE_MAP), and the server enforces it on pages and API.
 * (test/auth/oidc-sign-in.test.ts drives better-auth in-process; this goes through HTTP.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOidcProvider, type FakeUser } from '../auth/fake-oidc-provider';
import { TEST_ENGINES } from '../helpers/database';
import { serveDemo, type ServedDemo } from './helpers/served-demo';

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((pair) => !pair.endsWith('='));

describe.each(TEST_ENGINES)('company SSO with a role map on a production server (%s)', (engine) => {
  const idp = new FakeOidcProvider();
  let served: ServedDemo;
  let url: string;

  /** The browser's round trip: our sign-in → the provider → our callback; returns the session cookie. */
  async function ssoSignIn(user: FakeUser): Promise<string> {
    const start = await fetch(`${url}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ provider: 'oidc', callbackURL: '/team', errorCallbackURL: '/sign-in' }),
    });
    expect(start.status).toBe(200);
    const { url: authorizeUrl } = (await start.json()) as { url: string };
    expect(authorizeUrl.startsWith(`${idp.issuer}/authorize?`)).toBe(true);
    const callback = await fetch(idp.authorize(authorizeUrl, user), { redirect: 'manual', headers: { cookie: cookiesOf(start).join('; ') } });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/team');
    const session = cookiesOf(callback).find((c) => c.includes('session_token='));
    expect(session, 'a session cookie').toBeTruthy();
    return session!;
  }

  beforeAll(async () => {
    await idp.start();
    served = await serveDemo(engine, {
      signIn: true,
      tickets: 1_000,
      env: {
        SUPPORT_TRENDS_OIDC_ISSUER: idp.issuer,
        SUPPORT_TRENDS_OIDC_CLIENT_ID: idp.clientId,
        SUPPORT_TRENDS_OIDC_CLIENT_SECRET: idp.clientSecret,
        SUPPORT_TRENDS_OIDC_ROLE_CLAIM: 'groups',
        SUPPORT_TRENDS_OIDC_ROLE_MAP: 'support-leads=lead,support-managers=manager',
      },
    });
    url = served.url;
  }, 900_000);
  afterAll(async () => {
    await served?.dispose();
    await idp.stop();
  });

  it('takes the role from the provider groups, and the server enforces it', async () => {
    const dana = (groups: string[]): FakeUser => ({ sub: `idp-dana-${engine}`, email: 'dana@example.com', name: 'Dana', claims: { groups } });
    const asManager = await ssoSignIn(dana(['everyone', 'support-managers']));
    const get = (path: string, cookie: string) => fetch(`${url}${path}`, { redirect: 'manual', headers: { cookie } });
    expect((await get('/api/team?individuals=1', asManager)).status).toBe(200);
    expect((await get('/standup', asManager)).status).toBe(200);
    expect((await get('/imports', asManager)).status).toBe(403);

    // Moved to the leads' group at the provider: the next sign-in follows, and so does the old session.
    const asLead = await ssoSignIn(dana(['everyone', 'support-leads']));
    expect((await get('/api/team?individuals=1', asLead)).status).toBe(403);
    expect((await get('/api/team?individuals=1', asManager)).status).toBe(403);
    expect((await get('/standup', asLead)).status).toBe(200);

    // No mapped group: a viewer.
    const sam = await ssoSignIn({ sub: `idp-sam-${engine}`, email: 'sam@example.com', name: 'Sam', claims: { groups: ['everyone'] } });
    expect((await get('/', sam)).status).toBe(200);
    const refused = await get('/standup', sam);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/needs the lead role; you are signed in as viewer/);
  });
});
