import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAccess, hasSessionCookie, isLoopbackHost, type AccessPolicy, type AccessRequest } from '@/lib/auth/access-policy';
import { isPublicPath, safeNextPath, signInPath } from '@/lib/auth/paths';

const SIGNED_IN: AccessPolicy = { signIn: true, origin: 'https://trends.example.com' };
const LOCAL: AccessPolicy = { signIn: false, extraHosts: [] };
const COOKIE = 'support-trends.session_token=abc.def';

function req(method: string, url: string, headers: Record<string, string> = {}): AccessRequest {
  const u = new URL(url, 'https://trends.example.com');
  return { method, path: u.pathname, search: u.search, headers: new Headers({ host: 'trends.example.com', ...headers }) };
}

describe('safeNextPath', () => {
  it('keeps paths on this site, with their query', () => {
    expect(safeNextPath('/topics?from=2026-01-01#top')).toBe('/topics?from=2026-01-01#top');
    expect(safeNextPath('/team')).toBe('/team');
  });

  it('turns every way off the site into "/"', () => {
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', ' /x', '/\tx', '/\r\nx', '/sign-in', '', null, undefined]) {
      expect(safeNextPath(bad as string | null | undefined), String(bad)).toBe('/');
    }
    // Percent-encoded line breaks stay encoded: they cannot split the Location header.
    expect(safeNextPath('/%0d%0aSet-Cookie:x')).toBe('/%0d%0aSet-Cookie:x');
  });

  it('always yields a same-site path, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const out = safeNextPath(s);
        expect(out.startsWith('/')).toBe(true);
        expect(out.startsWith('//') || out.startsWith('/\\')).toBe(false);
        expect(new URL(out, 'https://trends.example.com').origin).toBe('https://trends.example.com');
      }),
      { numRuns: 2000 },
    );
  });

  it('builds the sign-in address with the return path encoded', () => {
    expect(signInPath('/team?individuals=1')).toBe('/sign-in?next=%2Fteam%3Findividuals%3D1');
    expect(signInPath('/')).toBe('/sign-in');
    expect(signInPath('//evil.example')).toBe('/sign-in');
  });
});

describe('decideAccess with sign-in', () => {
  it('sends a page load without a session cookie to the sign-in page', () => {
    expect(decideAccess(req('GET', '/topics?from=2026-01-01'), SIGNED_IN)).toEqual({ kind: 'redirect', location: '/sign-in?next=%2Ftopics%3Ffrom%3D2026-01-01' });
    expect(decideAccess(req('GET', '/'), SIGNED_IN)).toEqual({ kind: 'redirect', location: '/sign-in' });
  });

  it('answers an API request without a session cookie with 401', () => {
    expect(decideAccess(req('GET', '/api/team'), SIGNED_IN)).toMatchObject({ kind: 'deny', status: 401, error: 'Unauthenticated' });
    expect(decideAccess(req('GET', '/api/team.csv?individuals=1'), SIGNED_IN)).toMatchObject({ kind: 'deny', status: 401 });
  });

  it('lets public paths through: sign-in page, better-auth endpoints, static assets', () => {
    for (const path of ['/sign-in', '/sign-in?next=%2Fteam', '/api/auth/sign-in/email', '/api/auth/callback/oidc', '/_next/static/chunks/a.js', '/icon.svg']) {
      expect(decideAccess(req(path.startsWith('/api/auth/sign') ? 'POST' : 'GET', path, { origin: 'https://trends.example.com' }), SIGNED_IN), path).toEqual({ kind: 'pass' });
    }
    expect(isPublicPath('/sign-inx')).toBe(false);
    expect(isPublicPath('/api/authx')).toBe(false);
  });

  it('passes requests with a session cookie on to the seam (which verifies it)', () => {
    expect(decideAccess(req('GET', '/team', { cookie: `theme=dark; ${COOKIE}` }), SIGNED_IN)).toEqual({ kind: 'pass' });
    expect(decideAccess(req('GET', '/api/team', { cookie: `__Secure-${COOKIE}` }), SIGNED_IN)).toEqual({ kind: 'pass' });
  });

  it('lets server actions (POST to a page) reach the seam, which redirects them itself', () => {
    expect(decideAccess(req('POST', '/topics/t1', { origin: 'https://trends.example.com' }), SIGNED_IN)).toEqual({ kind: 'pass' });
  });

  it('refuses a server action (POST to a page) from another site, even with a lead\'s session cookie', () => {
    const evil = decideAccess(req('POST', '/topics/t1', { cookie: COOKIE, origin: 'https://evil.example', 'next-action': 'abc' }), SIGNED_IN);
    expect(evil).toMatchObject({ kind: 'deny', status: 403, message: expect.stringMatching(/another site/) });
    expect(decideAccess(req('POST', '/', { cookie: COOKIE, 'sec-fetch-site': 'cross-site' }), SIGNED_IN)).toMatchObject({ status: 403 });
  });

  it('answers 400 for a path whose percent-encoding does not decode (Next.js answered 500)', () => {
    for (const path of ['/releases/%E0%A4%A', '/topics/%', '/imports/%ZZ']) {
      expect(decideAccess(req('GET', path, { cookie: COOKIE }), SIGNED_IN), path).toMatchObject({ kind: 'deny', status: 400, error: 'InvalidInput' });
    }
    expect(decideAccess(req('GET', '/releases/5.16.0%2Bhotfix', { cookie: COOKIE }), SIGNED_IN)).toEqual({ kind: 'pass' });
  });

  it('answers 405 with the allowed methods for any other method, on pages and endpoints alike', () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'TRACE', 'OPTIONS', 'PROPFIND']) {
      for (const path of ['/', '/topics/t1', '/api/team', '/sign-in']) {
        const decision = decideAccess(req(method, path, { cookie: COOKIE, origin: 'https://trends.example.com' }), SIGNED_IN);
        expect(decision, `${method} ${path}`).toMatchObject({ kind: 'deny', status: 405, error: 'MethodNotAllowed', headers: { Allow: 'GET, HEAD, POST' } });
        expect((decision as { message: string }).message).toMatch(new RegExp(`^${method} is not`));
      }
    }
  });

  it('answers 413 for a body over the proxied size limit instead of passing on a cut one', () => {
    const big = req('POST', '/topics/t1', { cookie: COOKIE, origin: 'https://trends.example.com', 'content-length': String(2 * 1024 * 1024) });
    expect(decideAccess(big, { ...SIGNED_IN, maxBodyBytes: 1024 * 1024 })).toMatchObject({ kind: 'deny', status: 413, error: 'TooLarge', message: expect.stringMatching(/1 MB/) });
    expect(decideAccess(big, SIGNED_IN)).toEqual({ kind: 'pass' });
  });

  it('refuses a cross-site change to an API route, even with a session cookie', () => {
    const evil = decideAccess(req('POST', '/api/imports', { cookie: COOKIE, origin: 'https://evil.example' }), SIGNED_IN);
    expect(evil).toMatchObject({ kind: 'deny', status: 403 });
    expect(decideAccess(req('POST', '/api/imports', { cookie: COOKIE, 'sec-fetch-site': 'cross-site' }), SIGNED_IN)).toMatchObject({ status: 403 });
    expect(decideAccess(req('POST', '/api/imports', { cookie: COOKIE, origin: 'https://trends.example.com' }), SIGNED_IN)).toEqual({ kind: 'pass' });
    // GET does not change anything: no origin needed.
    expect(decideAccess(req('GET', '/api/team', { cookie: COOKIE, origin: 'https://evil.example' }), SIGNED_IN)).toEqual({ kind: 'pass' });
  });
});

describe('decideAccess without sign-in (local operator)', () => {
  it('answers loopback hosts only (DNS rebinding: a foreign Host is refused)', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'LOCALHOST']) {
      expect(decideAccess(req('GET', '/team', { host }), LOCAL), host).toEqual({ kind: 'pass' });
    }
    for (const host of ['evil.example', '192.168.1.20:3000', '127.0.0.1.evil.example']) {
      expect(decideAccess(req('GET', '/team', { host }), LOCAL), host).toMatchObject({ kind: 'deny', status: 403 });
    }
    expect(decideAccess(req('GET', '/team', { host: 'trends.internal:8443' }), { signIn: false, extraHosts: ['trends.internal:8443'] })).toEqual({ kind: 'pass' });
  });

  it('still refuses cross-site changes', () => {
    expect(decideAccess(req('POST', '/api/imports', { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }), LOCAL)).toEqual({ kind: 'pass' });
    expect(decideAccess(req('POST', '/api/imports', { host: '127.0.0.1:3000', origin: 'https://evil.example' }), LOCAL)).toMatchObject({ status: 403 });
  });
});

describe('helpers', () => {
  it('recognises the session cookie by exact name', () => {
    expect(hasSessionCookie(COOKIE)).toBe(true);
    expect(hasSessionCookie(`a=1; __Secure-${COOKIE}`)).toBe(true);
    expect(hasSessionCookie('support-trends.session_token=')).toBe(false);
    expect(hasSessionCookie('xsupport-trends.session_token=abc')).toBe(false);
    expect(hasSessionCookie('support-trends.session_data=abc')).toBe(false);
    expect(hasSessionCookie(null)).toBe(false);
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]:80')).toBe(true);
    expect(isLoopbackHost('localhost.evil.example')).toBe(false);
    expect(isLoopbackHost(null)).toBe(false);
  });
});
