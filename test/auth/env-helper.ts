import { getEnv, resetEnvCache, type Env } from '@/lib/env';

const AUTH_VARS = [
  'SUPPORT_TRENDS_AUTH_SECRET',
  'SUPPORT_TRENDS_BASE_URL',
  'SUPPORT_TRENDS_SESSION_HOURS',
  'SUPPORT_TRENDS_OIDC_ISSUER',
  'SUPPORT_TRENDS_OIDC_CLIENT_ID',
  'SUPPORT_TRENDS_OIDC_CLIENT_SECRET',
  'SUPPORT_TRENDS_OIDC_NAME',
  'SUPPORT_TRENDS_OIDC_ROLE_CLAIM',
  'SUPPORT_TRENDS_OIDC_ROLE_MAP',
  'SUPPORT_TRENDS_SHOW_INDIVIDUALS',
  'SUPPORT_TRENDS_TRUSTED_PROXIES',
  'SUPPORT_TRENDS_INTERNAL_PEER_HEADER',
];

export const TEST_SECRET = 'x'.repeat(24) + '-test-secret-0123456789';

/**
 * Runs `fn` with exactly `vars` set among the sign-in settings (others unset), then restores the
 * environment — so each case sees only what it names.
 */
export function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = new Map(AUTH_VARS.map((k) => [k, process.env[k]]));
  for (const k of AUTH_VARS) delete process.env[k];
  Object.assign(process.env, vars);
  resetEnvCache();
  try {
    return fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  }
}

export function envWith(vars: Record<string, string>): Env {
  return withEnv(vars, () => getEnv());
}
