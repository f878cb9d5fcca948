/**
 * Is sign-in on, and how: read from the validated environment (lib/env.ts) and checked as a
 * whole here, so a half-configured installation fails at start-up with a message instead of
 * silently falling back to the unauthenticated local-operator mode.
 */
import { AppError } from '@/db/errors';
import { getEnv, type Env } from '@/lib/env';
import { withoutTrailing } from '@/lib/trailing-run';
import { ROLES, type Role } from './roles';

export interface OidcConfig {
  /** better-auth provider id; also the last segment of the redirect URI. */
  providerId: 'oidc';
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the sign-in button. */
  name: string;
  /** Register this at the identity provider as the allowed redirect URI. */
  redirectUri: string;
  roleMapping: RoleMapping | null;
}

export interface RoleMapping {
  claim: string;
  /** Claim value → role. */
  values: ReadonlyMap<string, Role>;
}

export type AuthConfig =
  | { enabled: false; /** Hosts a browser may use for the local dashboard (besides loopback). */ extraHosts: string[] }
  | {
      enabled: true;
      secret: string;
      baseUrl: URL;
      /** The base URL's origin: the only origin whose requests may change anything. */
      origin: string;
      secureCookies: boolean;
      sessionSeconds: number;
      oidc: OidcConfig | null;
    };

/** Cookie names start with this (better-auth adds `__Secure-` on https). */
export const COOKIE_PREFIX = 'support-trends';
export const OIDC_PROVIDER_ID = 'oidc';

const ROLE_SET = new Set<string>(ROLES);

/** "support-leads=lead, support-managers=manager" → a map; the format is checked in lib/env.ts. */
export function parseRoleMap(text: string): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const pair of text.split(',')) {
    if (!pair.trim()) continue;
    const at = pair.lastIndexOf('=');
    const value = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (!value || !ROLE_SET.has(role)) {
      throw new AppError('InvalidInput', `SUPPORT_TRENDS_OIDC_ROLE_MAP: "${pair.trim()}" is not "claim-value=role"`);
    }
    map.set(value, role as Role);
  }
  return map;
}

/** The sign-in configuration from environment settings; throws AppError on a half-done setup. */
export function resolveAuthConfig(env: Env): AuthConfig {
  const secret = env.SUPPORT_TRENDS_AUTH_SECRET;
  const baseUrlText = env.SUPPORT_TRENDS_BASE_URL;
  const oidcSet = [env.SUPPORT_TRENDS_OIDC_ISSUER, env.SUPPORT_TRENDS_OIDC_CLIENT_ID, env.SUPPORT_TRENDS_OIDC_CLIENT_SECRET];
  if (!secret) {
    if (oidcSet.some(Boolean)) {
      throw new AppError('InvalidInput', 'Company SSO is configured but sign-in is not: SUPPORT_TRENDS_AUTH_SECRET is missing.', {
        hint: 'Set SUPPORT_TRENDS_AUTH_SECRET (at least 32 random characters) and SUPPORT_TRENDS_BASE_URL.',
      });
    }
    return { enabled: false, extraHosts: baseUrlText ? [new URL(baseUrlText).host] : [] };
  }
  if (!baseUrlText) {
    throw new AppError('InvalidInput', 'SUPPORT_TRENDS_AUTH_SECRET is set but SUPPORT_TRENDS_BASE_URL is not.', {
      hint: 'Set SUPPORT_TRENDS_BASE_URL to the address people open, e.g. https://trends.example.com — cookies, redirects and the origin check depend on it.',
    });
  }
  const baseUrl = new URL(baseUrlText);
  if (baseUrl.pathname !== '/' || baseUrl.search || baseUrl.hash) {
    throw new AppError('InvalidInput', `SUPPORT_TRENDS_BASE_URL must be an origin without a path (got ${baseUrlText}).`, {
      hint: 'The dashboard is served from the root of its host, e.g. https://trends.example.com',
    });
  }
  return {
    enabled: true,
    secret,
    baseUrl,
    origin: baseUrl.origin,
    secureCookies: baseUrl.protocol === 'https:',
    sessionSeconds: env.SUPPORT_TRENDS_SESSION_HOURS * 3600,
    oidc: resolveOidc(env, baseUrl),
  };
}

function resolveOidc(env: Env, baseUrl: URL): OidcConfig | null {
  const issuer = env.SUPPORT_TRENDS_OIDC_ISSUER;
  const clientId = env.SUPPORT_TRENDS_OIDC_CLIENT_ID;
  const clientSecret = env.SUPPORT_TRENDS_OIDC_CLIENT_SECRET;
  if (!issuer && !clientId && !clientSecret) return null;
  if (!issuer || !clientId || !clientSecret) {
    const missing = [
      !issuer && 'SUPPORT_TRENDS_OIDC_ISSUER',
      !clientId && 'SUPPORT_TRENDS_OIDC_CLIENT_ID',
      !clientSecret && 'SUPPORT_TRENDS_OIDC_CLIENT_SECRET',
    ].filter(Boolean);
    throw new AppError('InvalidInput', `Company SSO is half configured: ${missing.join(', ')} missing.`, {
      hint: 'Set the issuer URL, client id and client secret together, or none of them.',
    });
  }
  const claim = env.SUPPORT_TRENDS_OIDC_ROLE_CLAIM;
  const mapText = env.SUPPORT_TRENDS_OIDC_ROLE_MAP;
  if (Boolean(claim) !== Boolean(mapText)) {
    throw new AppError('InvalidInput', 'SUPPORT_TRENDS_OIDC_ROLE_CLAIM and SUPPORT_TRENDS_OIDC_ROLE_MAP go together.', {
      hint: 'Name the claim (e.g. groups) and map its values to roles (e.g. support-managers=manager), or set neither.',
    });
  }
  const trimmedIssuer = withoutTrailing(issuer, (c) => c === '/');
  return {
    providerId: OIDC_PROVIDER_ID,
    issuer: trimmedIssuer,
    discoveryUrl: `${trimmedIssuer}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    name: env.SUPPORT_TRENDS_OIDC_NAME ?? 'company SSO',
    redirectUri: new URL(`/api/auth/callback/${OIDC_PROVIDER_ID}`, baseUrl).toString(),
    roleMapping: claim && mapText ? { claim, values: parseRoleMap(mapText) } : null,
  };
}

/** The sign-in configuration of this process's environment. */
export function getAuthConfig(): AuthConfig {
  return resolveAuthConfig(getEnv());
}

export function isSignInEnabled(): boolean {
  return getAuthConfig().enabled;
}
