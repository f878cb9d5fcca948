/**
 * The gate every request passes (proxy.ts, and the upload route proxy.ts does not see): the
 * client's address it passes on is always its own doing — never a header a client sent — and its
 * refusals are answers with the security headers.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER, PEER_ADDRESS_HEADER } from '@/lib/auth/paths';
import { gateUnproxiedRoute, passRequest } from '@/lib/auth/request-gate';
import { TEST_SECRET, withEnv } from './env-helper';

const SIGNED_IN = { SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET, SUPPORT_TRENDS_BASE_URL: 'https://trends.example.com' };
const COOKIE = 'support-trends.session_token=abc.def';

function pass(headers: Record<string, string>, env: Record<string, string>) {
  return withEnv({ ...SIGNED_IN, ...env }, () =>
    passRequest({ method: 'GET', url: new URL('https://trends.example.com/team'), headers: new Headers({ host: 'trends.example.com', cookie: COOKIE, ...headers }) }),
  );
}

describe('the client address the gate passes on', () => {
  it('is the peer server.mjs recorded, whatever a client put in X-Forwarded-For or in our own header', () => {
    const outcome = pass({ [PEER_ADDRESS_HEADER]: '203.0.113.7', 'x-forwarded-for': '1.2.3.4', [CLIENT_ADDRESS_HEADER]: '9.9.9.9' }, { SUPPORT_TRENDS_INTERNAL_PEER_HEADER: '1' });
    expect(outcome.kind).toBe('pass');
    if (outcome.kind !== 'pass') return;
    expect(outcome.forward.get(CLIENT_ADDRESS_HEADER)).toBe('203.0.113.7');
    expect(outcome.forward.get(PEER_ADDRESS_HEADER)).toBeNull();
  });

  it('follows X-Forwarded-For only from a trusted proxy', () => {
    const outcome = pass({ [PEER_ADDRESS_HEADER]: '127.0.0.1', 'x-forwarded-for': '1.2.3.4, 198.51.100.9' }, { SUPPORT_TRENDS_INTERNAL_PEER_HEADER: '1', SUPPORT_TRENDS_TRUSTED_PROXIES: '127.0.0.1' });
    expect(outcome.kind === 'pass' && outcome.forward.get(CLIENT_ADDRESS_HEADER)).toBe('198.51.100.9');
  });

  it('is unknown (and a forged one removed) when the server is not server.mjs', () => {
    const outcome = pass({ [PEER_ADDRESS_HEADER]: '203.0.113.7', [CLIENT_ADDRESS_HEADER]: '9.9.9.9' }, {});
    expect(outcome.kind === 'pass' && outcome.forward.get(CLIENT_ADDRESS_HEADER)).toBeNull();
  });
});

describe('the gate of a route proxy.ts does not see', () => {
  it('refuses like the proxy, with the security headers, and adds them to the route\'s own answer', async () => {
    const refused = withEnv(SIGNED_IN, () => gateUnproxiedRoute(new Request('https://trends.example.com/api/imports', { method: 'POST', headers: { host: 'trends.example.com' } })));
    expect(refused.refusal?.status).toBe(401);
    expect(refused.refusal?.headers.get('x-frame-options')).toBe('DENY');
    expect(await refused.refusal?.json()).toMatchObject({ error: { code: 'Unauthenticated' } });

    const evil = withEnv(SIGNED_IN, () => gateUnproxiedRoute(new Request('https://trends.example.com/api/imports', { method: 'POST', headers: { host: 'trends.example.com', cookie: COOKIE, origin: 'https://evil.example' } })));
    expect(evil.refusal?.status).toBe(403);

    const ok = withEnv(SIGNED_IN, () => gateUnproxiedRoute(new Request('https://trends.example.com/api/imports', { method: 'POST', headers: { host: 'trends.example.com', cookie: COOKIE, origin: 'https://trends.example.com' } })));
    expect(ok.refusal).toBeNull();
    const answer = ok.finish(Response.json({ fine: true }));
    expect(answer.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age/);
  });
});
