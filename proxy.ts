/**
 * Next.js proxy (formerly middleware): runs before every request but the uploads (see `config`).
 *  - Security headers on every response, with a fresh CSP nonce per request; Next.js reads the
 *    nonce from the forwarded Content-Security-Policy request header and puts it on its scripts.
 *  - The optimistic access rules of lib/auth/access-policy.ts (loopback-only without sign-in,
 *    GET/HEAD/POST only, same-origin changes, bodies within PROXIED_BODY_LIMIT_BYTES, no session
 *    cookie → sign-in page / 401). The authoritative check is lib/auth/viewer.ts, which every
 *    page, route handler and server action calls.
 *  - The client's address for the sign-in throttle (lib/auth/client-address.ts).
 * All of it is lib/auth/request-gate.ts, shared with the routes this proxy does not see.
 * Pages must render dynamically for the nonce to apply (they read the session anyway).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { passRequest, PROXIED_BODY_LIMIT_BYTES } from '@/lib/auth/request-gate';

export function proxy(request: NextRequest): NextResponse {
  const outcome = passRequest(
    { method: request.method, url: request.nextUrl, headers: request.headers },
    { maxBodyBytes: PROXIED_BODY_LIMIT_BYTES, development: process.env.NODE_ENV === 'development' },
  );
  if (outcome.kind === 'answer') {
    const response = outcome.location
      ? NextResponse.redirect(outcome.location, outcome.status)
      : NextResponse.json(outcome.body, { status: outcome.status });
    for (const [name, value] of Object.entries(outcome.headers)) response.headers.set(name, value);
    return response;
  }
  const response = NextResponse.next({ request: { headers: outcome.forward } });
  for (const [name, value] of Object.entries(outcome.responseHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything except the upload (UNPROXIED_PATHS in lib/auth/paths.ts): Next.js holds a proxied
  // request body in memory and passes on only its first proxyClientMaxBodySize bytes, which cut
  // uploads silently. The upload route runs the same gate itself and streams its body to disk.
  matcher: ['/((?!api/imports).*)'],
};
