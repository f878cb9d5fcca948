import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, securityHeaders } from '@/lib/auth/security-headers';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('security headers', () => {
  it('production CSP: nonce + strict-dynamic scripts, no unsafe-eval or unsafe-inline scripts, no framing', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc123==', development: false, https: false }));
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    // Plain http installations must not have their requests upgraded to an https that does not exist.
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('allows eval only in development', () => {
    expect(directives(contentSecurityPolicy({ nonce: 'n', development: true, https: false })).get('script-src')).toContain("'unsafe-eval'");
  });

  it('adds HSTS and upgrade-insecure-requests over https only', () => {
    const https = securityHeaders({ nonce: 'n', development: false, https: true });
    expect(https['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(https['Content-Security-Policy']).toContain('upgrade-insecure-requests');
    expect(securityHeaders({ nonce: 'n', development: false, https: false })['Strict-Transport-Security']).toBeUndefined();
  });

  it('sets the fixed headers', () => {
    expect(securityHeaders({ nonce: 'n', development: false, https: false })).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'Permissions-Policy': expect.stringContaining('camera=()'),
    });
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) expect(Buffer.from(n, 'base64')).toHaveLength(16);
  });
});
