/**
 * Paths the access rules talk about, shared by proxy.ts and the seam. Pure: no Next.js, no
 * database, so it is unit-tested directly and loads in the proxy.
 */

/** Request header where proxy.ts records the path (and query) it saw, for sign-in redirects. */
export const REQUEST_PATH_HEADER = 'x-support-trends-path';
/** Request header carrying the CSP nonce of this response (read by Next.js and the layout). */
export const NONCE_HEADER = 'x-nonce';

/**
 * Request header with the TCP peer's address: written by server.mjs on every request (any value a
 * client sent is overwritten), believed only when SUPPORT_TRENDS_INTERNAL_PEER_HEADER says so.
 */
export const PEER_ADDRESS_HEADER = 'x-support-trends-peer';
/** Request header where proxy.ts puts the client's address (client-address.ts) for the sign-in throttle. */
export const CLIENT_ADDRESS_HEADER = 'x-support-trends-client';

/**
 * Routes proxy.ts does not run for (its `config.matcher`), because Next.js would buffer their
 * request bodies in memory and cut them at its proxy body limit: they run the same gate
 * themselves (lib/auth/request-gate.ts).
 */
export const UNPROXIED_PATHS = ['/api/imports'] as const;

/**
 * The largest request body proxy.ts passes on (Next.js' experimental.proxyClientMaxBodySize is
 * set to this in next.config.ts; the gate answers 413 above it rather than pass on a cut body):
 * server-action forms and sign-in requests are a few kB, and Next.js holds a proxied body in
 * memory. Uploads do not pass the proxy (UNPROXIED_PATHS).
 */
export const PROXIED_BODY_LIMIT_BYTES = 1024 * 1024;

export const SIGN_IN_PATH = '/sign-in';

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** better-auth's own endpoints: sign-in, callback, sign-out, session. They check access themselves. */
export function isAuthApiPath(path: string): boolean {
  return path === '/api/auth' || path.startsWith('/api/auth/');
}

/** Framework files and public assets: no session needed, nothing private in them. */
export function isStaticAssetPath(path: string): boolean {
  return (
    path.startsWith('/_next/static/') ||
    path.startsWith('/_next/image') ||
    path === '/favicon.ico' ||
    path === '/icon.svg' ||
    path === '/robots.txt'
  );
}

/** Reachable without a session: the sign-in page, better-auth's endpoints, static assets. */
export function isPublicPath(path: string): boolean {
  return path === SIGN_IN_PATH || path.startsWith(`${SIGN_IN_PATH}/`) || isAuthApiPath(path) || isStaticAssetPath(path);
}

/**
 * Where to go after signing in: only a path on this site. Anything else — another origin,
 * "//evil.example" (protocol-relative), "/\evil.example" (browsers read "\" as "/"), control
 * characters — becomes "/", so the sign-in page cannot be used as an open redirect.
 */
export function safeNextPath(value: string | null | undefined): string {
  if (!value || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  try {
    // Resolving against a dummy origin must keep us on it (catches encoded tricks).
    const url = new URL(value, 'http://same.invalid');
    if (url.origin !== 'http://same.invalid') return '/';
    if (url.pathname === SIGN_IN_PATH) return '/';
    return url.pathname + url.search + url.hash;
  } catch {
    return '/';
  }
}

/** The sign-in page, remembering where the person was going. */
export function signInPath(next: string): string {
  const target = safeNextPath(next);
  return target === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(target)}`;
}
