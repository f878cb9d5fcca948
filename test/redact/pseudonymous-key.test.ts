import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/db/errors';
import { normalizeIdentity, PSEUDONYM_PREFIX, pseudonymousKey } from '@/lib/redact/pseudonymous-key';

const SECRET = 'test-secret-0123456789';
const OTHER_SECRET = 'another-secret-9876543210';

describe('pseudonymousKey', () => {
  it('is a cust_ prefix and 22 base64url characters', () => {
    expect(pseudonymousKey('jo@example.com', SECRET)).toMatch(/^cust_[A-Za-z0-9_-]{22}$/);
  });

  it('is HMAC-SHA-256 of the normalised value, base64url, cut to 22 characters', async () => {
    // Checked against Web Crypto, an implementation independent of node:crypto's createHmac.
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('jo@example.com')));
    const base64url = btoa(String.fromCharCode(...mac)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    expect(pseudonymousKey(' Jo@Example.com', SECRET)).toBe(`${PSEUDONYM_PREFIX}${base64url.slice(0, 22)}`);
  });

  it('is stable for one person however the address is written', () => {
    const k = pseudonymousKey('jo@example.com', SECRET);
    for (const variant of [' JO@Example.COM ', 'mailto:jo@example.com', 'Jo Doe <jo@example.com>', 'jo@example.com\n']) {
      expect(pseudonymousKey(variant, SECRET)).toBe(k);
    }
  });

  it('differs between people and between secrets', () => {
    expect(pseudonymousKey('jo@example.com', SECRET)).not.toBe(pseudonymousKey('jo+billing@example.com', SECRET));
    expect(pseudonymousKey('jo@example.com', SECRET)).not.toBe(pseudonymousKey('jo@example.com', OTHER_SECRET));
  });

  it('never contains the value and gives distinct keys to distinct values', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.emailAddress(), { minLength: 2, maxLength: 20, selector: normalizeIdentity }), (emails) => {
        const keys = emails.map((e) => pseudonymousKey(e, SECRET));
        expect(new Set(keys).size).toBe(emails.length);
        keys.forEach((k, i) => expect(k).not.toContain(normalizeIdentity(emails[i]).split('@')[0] + '@'));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a short secret with an InvalidInput error', () => {
    expect(() => pseudonymousKey('jo@example.com', 'short')).toThrow(AppError);
    try {
      pseudonymousKey('jo@example.com', '');
    } catch (error) {
      expect((error as AppError).code).toBe('InvalidInput');
    }
  });
});
