/**
 * What proxy.ts does with a request before the app sees it — a pure decision, so every rule is
 * unit-tested without a server:
 *
 * 1. Without sign-in the dashboard is for the person at this machine: requests must name a
 *    loopback host (or SUPPORT_TRENDS_BASE_URL's host, for a local reverse proxy). This also
 *    defeats DNS rebinding, where a web page re-points its own name at 127.0.0.1.
 * 2. A path whose percent-encoding does not decode is a 400. Only GET, HEAD and POST are answered (405 with Allow otherwise): pages are read with GET and
 *    changed by their forms' server actions (POST), endpoints take GET or POST.
 * 3. A change (POST) — to an /api route or a page (a server action) — must come from a page of
 *    this site (same-origin.ts). better-auth's /api/auth endpoints run their own origin check.
 *    A body larger than `maxBodyBytes` is refused (413): Next.js would pass on only its start.
 * 4. With sign-in, a request without a session cookie is turned away early: pages redirect to
 *    /sign-in?next=…, API routes answer 401. This is only the optimistic check the Next.js
 *    docs describe; the session itself is verified by lib/auth/viewer.ts on every page, route
 *    handler and server action.
 */
import { COOKIE_PREFIX } from './config';
import { isApiPath, isAuthApiPath, isPublicPath, signInPath } from './paths';
import { SAFE_METHODS, isSameOriginRequest } from './same-origin';

export interface AccessRequest {
  method: string;
  /** Path without the query. */
  path: string;
  /** The query with its "?" ("" when none). */
  search: string;
  headers: Headers;
}

export type AccessPolicy = (
  | { signIn: false; /** Hosts allowed besides loopback (host[:port] of the base URL). */ extraHosts: readonly string[] }
  | { signIn: true; origin: string }
) & {
  /** Largest request body passed on (by Content-Length); absent = no limit here. */
  maxBodyBytes?: number;
};

export type AccessDecision =
  | { kind: 'pass' }
  | { kind: 'redirect'; location: string }
  | { kind: 'deny'; status: 400 | 401 | 403 | 405 | 413; error: string; message: string; headers?: Record<string, string> };

/** The methods the dashboard answers. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'] as const;

const SESSION_COOKIE = `${COOKIE_PREFIX}.session_token`;
const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether the Cookie header carries a (not yet verified) session token. */
export function hasSessionCookie(cookieHeader: string | null): boolean {
  if (!cookieHeader) return false;
  for (const part of cookieHeader.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    if ((name === SESSION_COOKIE || name === `__Secure-${SESSION_COOKIE}`) && part.slice(at + 1).trim() !== '') return true;
  }
  return false;
}

/** "127.0.0.1:3000" → "127.0.0.1", "[::1]:3000" → "[::1]". */
function hostnameOf(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon >= 0 ? lower.slice(0, colon) : lower;
}

export function isLoopbackHost(host: string | null): boolean {
  return host !== null && LOOPBACK_HOSTNAMES.has(hostnameOf(host));
}

/** False when the path's percent-encoding does not decode (e.g. "%E0%A4%A"). */
function isDecodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export function decideAccess(request: AccessRequest, policy: AccessPolicy): AccessDecision {
  const method = request.method.toUpperCase();
  const host = request.headers.get('host');

  if (!policy.signIn && !isLoopbackHost(host) && !(host && policy.extraHosts.includes(host.toLowerCase()))) {
    return {
      kind: 'deny',
      status: 403,
      error: 'Forbidden',
      message: 'This dashboard has no sign-in configured, so it only answers on this machine (http://127.0.0.1).',
    };
  }

  if (!isDecodablePath(request.path)) {
    // Next.js would fail on it while reading a page's parameters (a 500).
    return { kind: 'deny', status: 400, error: 'InvalidInput', message: 'The address has a broken percent-encoding (such as "%E0%A4%A"); check the link.' };
  }

  if (!(ALLOWED_METHODS as readonly string[]).includes(method)) {
    return {
      kind: 'deny',
      status: 405,
      error: 'MethodNotAllowed',
      message: `${method.slice(0, 20)} is not a method this dashboard answers: pages and endpoints are read with GET, and changed with POST from their own forms.`,
      headers: { Allow: ALLOWED_METHODS.join(', ') },
    };
  }

  if (!isAuthApiPath(request.path) && !SAFE_METHODS.has(method)) {
    const allowed = policy.signIn ? [policy.origin] : host ? [`http://${host}`, `https://${host}`] : [];
    if (!isSameOriginRequest(request.headers, allowed)) {
      return { kind: 'deny', status: 403, error: 'Forbidden', message: 'Refused a change requested from another site (cross-site request).' };
    }
    const declared = Number(request.headers.get('content-length') ?? 0);
    if (policy.maxBodyBytes !== undefined && declared > policy.maxBodyBytes) {
      return {
        kind: 'deny',
        status: 413,
        error: 'TooLarge',
        message: `The request body is ${Math.ceil(declared / 1024).toLocaleString('en-US')} kB; forms here take at most ${Math.round(policy.maxBodyBytes / 1024 / 1024)} MB (uploads go to the Imports page).`,
      };
    }
  }

  if (!policy.signIn || isPublicPath(request.path) || hasSessionCookie(request.headers.get('cookie'))) return { kind: 'pass' };

  if (isApiPath(request.path)) {
    return { kind: 'deny', status: 401, error: 'Unauthenticated', message: 'Sign in first: this request has no session.' };
  }
  // Server actions (POST to a page) go on to the seam, which answers them in a way the client
  // understands; plain page loads are sent to the sign-in page.
  if (method === 'GET' || method === 'HEAD') return { kind: 'redirect', location: signInPath(request.path + request.search) };
  return { kind: 'pass' };
}
