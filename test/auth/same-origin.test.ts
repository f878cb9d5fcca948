import { describe, expect, it } from 'vitest';
import { assertSameOrigin, expectedOrigins, isSameOriginRequest } from '@/lib/auth/same-origin';
import { AppError } from '@/db/errors';
import { TEST_SECRET, withEnv } from './env-helper';

const SITE = ['https://trends.example.com'];
const h = (headers: Record<string, string>) => new Headers(headers);

describe('isSameOriginRequest', () => {
  it('decides by Origin when the browser sends it', () => {
    expect(isSameOriginRequest(h({ origin: 'https://trends.example.com' }), SITE)).toBe(true);
    expect(isSameOriginRequest(h({ origin: 'https://evil.example' }), SITE)).toBe(false);
    expect(isSameOriginRequest(h({ origin: 'null' }), SITE)).toBe(false); // sandboxed frames, data: pages
    expect(isSameOriginRequest(h({ origin: 'http://trends.example.com' }), SITE)).toBe(false); // scheme matters
  });

  it('falls back to Fetch Metadata, then Referer', () => {
    expect(isSameOriginRequest(h({ 'sec-fetch-site': 'same-origin' }), SITE)).toBe(true);
    expect(isSameOriginRequest(h({ 'sec-fetch-site': 'same-site' }), SITE)).toBe(false);
    expect(isSameOriginRequest(h({ referer: 'https://trends.example.com/imports' }), SITE)).toBe(true);
    expect(isSameOriginRequest(h({ referer: 'https://evil.example/trends.example.com' }), SITE)).toBe(false);
  });

  it('accepts a request with none of the three (not sent by a browser page, so no ambient cookies to abuse)', () => {
    expect(isSameOriginRequest(h({}), SITE)).toBe(true);
  });

  it('uses the request host as the site when no base URL is configured', () => {
    expect(expectedOrigins(h({ host: '127.0.0.1:3000' }), null)).toEqual(['http://127.0.0.1:3000', 'https://127.0.0.1:3000']);
    expect(expectedOrigins(h({ host: '127.0.0.1:3000' }), 'https://trends.example.com')).toEqual(SITE);
  });
});

describe('assertSameOrigin', () => {
  const post = (headers: Record<string, string>, method = 'POST') => new Request('http://127.0.0.1:3000/api/imports', { method, headers });

  it('lets reads through and refuses cross-site changes with Forbidden', () => {
    withEnv({ SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET, SUPPORT_TRENDS_BASE_URL: 'https://trends.example.com' }, () => {
      expect(() => assertSameOrigin(post({ origin: 'https://evil.example' }, 'GET'))).not.toThrow();
      expect(() => assertSameOrigin(post({ origin: 'https://trends.example.com' }))).not.toThrow();
      const error = (() => {
        try {
          assertSameOrigin(post({ origin: 'https://evil.example' }));
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('Forbidden');
    });
  });

  it('compares with the Host header in local mode', () => {
    withEnv({}, () => {
      expect(() => assertSameOrigin(post({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }))).not.toThrow();
      expect(() => assertSameOrigin(post({ host: '127.0.0.1:3000', origin: 'http://localhost:3000' }, 'PUT'))).toThrow(AppError);
    });
  });
});
