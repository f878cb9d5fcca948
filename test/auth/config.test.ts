import { describe, expect, it } from 'vitest';
import { parseRoleMap, resolveAuthConfig } from '@/lib/auth/config';
import { AppError } from '@/db/errors';
import { envWith, TEST_SECRET } from './env-helper';

const OIDC = {
  SUPPORT_TRENDS_OIDC_ISSUER: 'https://login.example.com/realms/support/',
  SUPPORT_TRENDS_OIDC_CLIENT_ID: 'support-trends',
  SUPPORT_TRENDS_OIDC_CLIENT_SECRET: 'client-secret',
};

function configError(vars: Record<string, string>): AppError {
  try {
    resolveAuthConfig(envWith(vars));
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('environment validation (lib/env.ts)', () => {
  it('refuses a secret shorter than 32 characters, without echoing it', () => {
    expect(() => envWith({ SUPPORT_TRENDS_AUTH_SECRET: 'too-short-secret-value' })).toThrow(/SUPPORT_TRENDS_AUTH_SECRET: must be at least 32 characters/);
    try {
      envWith({ SUPPORT_TRENDS_AUTH_SECRET: 'too-short-secret-value' });
    } catch (error) {
      expect((error as Error).message).not.toContain('too-short-secret-value');
    }
  });

  it('refuses a base URL that is not http(s), and a malformed role map', () => {
    expect(() => envWith({ SUPPORT_TRENDS_BASE_URL: 'ftp://trends.example.com' })).toThrow(/SUPPORT_TRENDS_BASE_URL/);
    expect(() => envWith({ SUPPORT_TRENDS_BASE_URL: 'trends.example.com' })).toThrow(/SUPPORT_TRENDS_BASE_URL/);
    expect(() => envWith({ SUPPORT_TRENDS_OIDC_ROLE_MAP: 'support-leads=boss' })).toThrow(/SUPPORT_TRENDS_OIDC_ROLE_MAP/);
    expect(() => envWith({ SUPPORT_TRENDS_SESSION_HOURS: '0' })).toThrow(/SUPPORT_TRENDS_SESSION_HOURS/);
  });

  it('treats empty values as unset', () => {
    const env = envWith({ SUPPORT_TRENDS_AUTH_SECRET: '', SUPPORT_TRENDS_BASE_URL: '' });
    expect(env.SUPPORT_TRENDS_AUTH_SECRET).toBeUndefined();
    expect(resolveAuthConfig(env).enabled).toBe(false);
  });
});

describe('resolveAuthConfig', () => {
  it('keeps the local-operator mode without a secret, allowing the base URL host for a local proxy', () => {
    expect(resolveAuthConfig(envWith({}))).toEqual({ enabled: false, extraHosts: [] });
    expect(resolveAuthConfig(envWith({ SUPPORT_TRENDS_BASE_URL: 'https://Trends.Example.com:8443' }))).toEqual({
      enabled: false,
      extraHosts: ['trends.example.com:8443'],
    });
  });

  it('turns sign-in on with a secret and a base URL; Secure cookies follow https', () => {
    const https = resolveAuthConfig(envWith({ SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET, SUPPORT_TRENDS_BASE_URL: 'https://trends.example.com' }));
    expect(https).toMatchObject({ enabled: true, origin: 'https://trends.example.com', secureCookies: true, sessionSeconds: 12 * 3600, oidc: null });
    const http = resolveAuthConfig(
      envWith({ SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET, SUPPORT_TRENDS_BASE_URL: 'http://127.0.0.1:3000', SUPPORT_TRENDS_SESSION_HOURS: '8' }),
    );
    expect(http).toMatchObject({ enabled: true, origin: 'http://127.0.0.1:3000', secureCookies: false, sessionSeconds: 8 * 3600 });
  });

  it('refuses a secret without a base URL, and a base URL with a path', () => {
    expect(configError({ SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET }).message).toMatch(/SUPPORT_TRENDS_BASE_URL is not/);
    expect(configError({ SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET, SUPPORT_TRENDS_BASE_URL: 'https://example.com/trends' }).message).toMatch(
      /without a path/,
    );
  });

  it('configures OIDC discovery and names the redirect URI to register', () => {
    const config = resolveAuthConfig(envWith({ SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET, SUPPORT_TRENDS_BASE_URL: 'https://trends.example.com', ...OIDC }));
    expect(config.enabled && config.oidc).toMatchObject({
      providerId: 'oidc',
      issuer: 'https://login.example.com/realms/support',
      discoveryUrl: 'https://login.example.com/realms/support/.well-known/openid-configuration',
      redirectUri: 'https://trends.example.com/api/auth/callback/oidc',
      name: 'company SSO',
      roleMapping: null,
    });
  });

  it('refuses half an OIDC setup, and OIDC without sign-in', () => {
    const half = configError({
      SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET,
      SUPPORT_TRENDS_BASE_URL: 'https://trends.example.com',
      SUPPORT_TRENDS_OIDC_ISSUER: OIDC.SUPPORT_TRENDS_OIDC_ISSUER,
    });
    expect(half.message).toMatch(/SUPPORT_TRENDS_OIDC_CLIENT_ID, SUPPORT_TRENDS_OIDC_CLIENT_SECRET missing/);
    expect(configError(OIDC).message).toMatch(/SUPPORT_TRENDS_AUTH_SECRET is missing/);
  });

  it('needs the role claim and the role map together', () => {
    const base = { SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET, SUPPORT_TRENDS_BASE_URL: 'https://trends.example.com', ...OIDC };
    expect(configError({ ...base, SUPPORT_TRENDS_OIDC_ROLE_CLAIM: 'groups' }).message).toMatch(/go together/);
    const config = resolveAuthConfig(envWith({ ...base, SUPPORT_TRENDS_OIDC_ROLE_CLAIM: 'groups', SUPPORT_TRENDS_OIDC_ROLE_MAP: 'st-admins=admin, st-leads = lead' }));
    expect(config.enabled && config.oidc?.roleMapping?.claim).toBe('groups');
    expect(config.enabled && [...(config.oidc?.roleMapping?.values ?? [])]).toEqual([
      ['st-admins', 'admin'],
      ['st-leads', 'lead'],
    ]);
  });
});

describe('parseRoleMap', () => {
  it('reads value=role pairs, trimming spaces and ignoring a trailing comma', () => {
    expect([...parseRoleMap(' Support Managers = manager,st-leads=lead,')]).toEqual([
      ['Support Managers', 'manager'],
      ['st-leads', 'lead'],
    ]);
  });

  it('refuses an unknown role', () => {
    expect(() => parseRoleMap('st-owners=owner')).toThrow(/not "claim-value=role"/);
  });
});
