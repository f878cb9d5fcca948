/**
 * Next.js proxy (formerly middleware): runs before every request.
 *  - Security headers on every response, with a fresh CSP nonce per request; Next.js reads the
 *    nonce from the forwarded Content-Security-Policy request header and puts it on its scripts.
 *  - The optimistic access rules of lib/auth/access-policy.ts (loopback-only without sign-in,
 *    same-origin changes, no session cookie → sign-in page / 401). The authoritative check is
 *    lib/auth/viewer.ts, which every page, route handler and server action calls.
 * Pages must render dynamically for the nonce to apply (they read the session anyway).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { decideAccess, type AccessPolicy } from '@/lib/auth/access-policy';
import { getAuthConfig, type AuthConfig } from '@/lib/auth/config';
import { errorBody } from '@/lib/auth/error-body';
import { NONCE_HEADER, REQUEST_PATH_HEADER } from '@/lib/auth/paths';
import { createNonce, securityHeaders } from '@/lib/auth/security-headers';
import { describeError } from '@/lib/errors';

function policyOf(config: AuthConfig): AccessPolicy {
  return config.enabled ? { signIn: true, origin: config.origin } : { signIn: false, extraHosts: config.extraHosts };
}

export function proxy(request: NextRequest): NextResponse {
  let config: AuthConfig;
  try {
    config = getAuthConfig();
  } catch (error) {
    // A broken sign-in setup must not fall back to an open dashboard.
    console.error(`support-trends: ${describeError(error)}`);
    return NextResponse.json(errorBody('Unavailable', 'The server settings are invalid; see the server log.'), { status: 503 });
  }
  const nonce = createNonce();
  const headers = securityHeaders({
    nonce,
    development: process.env.NODE_ENV === 'development',
    https: config.enabled && config.secureCookies,
  });
  const { pathname, search } = request.nextUrl;
  const decision = decideAccess({ method: request.method, path: pathname, search, headers: request.headers }, policyOf(config));

  let response: NextResponse;
  if (decision.kind === 'redirect') {
    response = NextResponse.redirect(new URL(decision.location, config.enabled ? config.baseUrl : request.url));
  } else if (decision.kind === 'deny') {
    response = NextResponse.json(errorBody(decision.error, decision.message), { status: decision.status, headers: { 'Cache-Control': 'no-store' } });
  } else {
    const forwarded = new Headers(request.headers);
    forwarded.set(NONCE_HEADER, nonce);
    forwarded.set('Content-Security-Policy', headers['Content-Security-Policy']);
    forwarded.set(REQUEST_PATH_HEADER, pathname + search);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
