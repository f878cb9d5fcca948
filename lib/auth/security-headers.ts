/**
 * Security headers for every response (set by proxy.ts). The Content-Security-Policy follows
 * the Next.js "strict CSP" guide: scripts only from this origin with the per-request nonce
 * ('strict-dynamic' lets those load their chunks), no 'unsafe-eval' outside development (React
 * needs eval only for dev-mode error stacks), nothing may frame the dashboard.
 *
 * Styles: <style> elements need the nonce; style *attributes* are allowed ('style-src-attr
 * 'unsafe-inline''), because React and recharts position elements with style="…" in the server
 * HTML. An attribute cannot run script, so this keeps the XSS protection of the policy.
 */

export interface SecurityHeaderOptions {
  nonce: string;
  /** `next dev`: React's dev tools need eval and inject unhashed styles. */
  development: boolean;
  /** The site is served over https (base URL): add HSTS and upgrade stray http:// loads. */
  https: boolean;
}

export function contentSecurityPolicy({ nonce, development, https }: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** All headers for one response, CSP included. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** 128 random bits, base64: unguessable for each response (CSP Level 3, "nonce-source"). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
