/**
 * CSRF protection for requests that change something. A browser attaches our cookies to a
 * request another site triggers, but it also tells us who triggered it: `Origin` (sent with every
 * cross-site and same-site POST by current browsers), else `Sec-Fetch-Site`, else `Referer`.
 * A request is accepted when the one it carries names this site. A request with none of the
 * three does not come from a browser page, so it cannot ride on a browser's cookies.
 * (OWASP CSRF Prevention Cheat Sheet: "Verifying Origin with standard headers", "Fetch Metadata".)
 *
 * better-auth checks Origin on its own endpoints and Next.js checks Origin against Host for
 * server actions; proxy.ts applies this check to every other non-GET /api request, and route
 * handlers that change data call assertSameOrigin(request) as well.
 */
import { AppError } from '@/db/errors';
import { getAuthConfig } from './config';

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? null : parsed.origin;
  } catch {
    return null;
  }
}

/**
 * The origins this site answers as: the configured base URL when there is one; otherwise the
 * request's own host (loopback-only local mode), with either scheme.
 */
export function expectedOrigins(headers: Headers, baseOrigin: string | null): string[] {
  if (baseOrigin) return [baseOrigin];
  const host = headers.get('host');
  return host ? [`http://${host}`, `https://${host}`] : [];
}

/** Whether a request's browser-provided headers say it was made by a page of this site. */
export function isSameOriginRequest(headers: Headers, allowed: readonly string[]): boolean {
  const origin = headers.get('origin');
  if (origin !== null) return allowed.includes(origin);
  const fetchSite = headers.get('sec-fetch-site');
  if (fetchSite !== null) return fetchSite === 'same-origin' || fetchSite === 'none';
  const referer = headers.get('referer');
  if (referer !== null) {
    const refererOrigin = originOf(referer);
    return refererOrigin !== null && allowed.includes(refererOrigin);
  }
  return true;
}

/**
 * Throws Forbidden unless `request` is safe (GET/HEAD/OPTIONS) or comes from a page of this
 * site. Call it first in every POST/PUT/PATCH/DELETE route handler (e.g. the Imports upload).
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const config = getAuthConfig();
  const allowed = expectedOrigins(request.headers, config.enabled ? config.origin : null);
  if (!isSameOriginRequest(request.headers, allowed)) {
    throw new AppError('Forbidden', 'Refused a change requested from another site (cross-site request).', {
      hint: 'Use the dashboard itself; if it sits behind a proxy, set SUPPORT_TRENDS_BASE_URL to the address people open.',
    });
  }
}
