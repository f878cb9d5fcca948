/**
 * The better-auth instance: local accounts (e-mail and password, scrypt-hashed, no public
 * sign-up — the `users` command creates them) and, when configured, company SSO through OpenID
 * Connect discovery. Sessions live in the project's database (same schema and migrations on
 * PGlite and PostgreSQL) and are checked on every request by lib/auth/viewer.ts.
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { authAccounts, authSessions, authUsers, authVerifications } from '@/db/schema-auth';
import { insertAuditEvent, type AuditEventInput } from './audit';
import { COOKIE_PREFIX, getAuthConfig, type AuthConfig } from './config';
import { roleFromClaims } from './oidc-roles';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-rules';
import { CLIENT_ADDRESS_HEADER } from './paths';
import { recentFailures, secondsToWait, UNKNOWN_ADDRESS } from './sign-in-backoff';
import { isRole, ROLES, type Role } from './roles';

export type EnabledAuthConfig = Extract<AuthConfig, { enabled: true }>;

/** Sessions slide: a session used after this long is extended to the full lifetime again. */
const SESSION_REFRESH_SECONDS = 3600;

/**
 * Password guessing: per client address, a few attempts a minute (better-auth's rate limiter,
 * in memory — one server process). The address is the one proxy.ts resolved from the connection
 * (lib/auth/client-address.ts: X-Forwarded-For only from SUPPORT_TRENDS_TRUSTED_PROXIES); per
 * account and address, a growing wait (sign-in-backoff.ts).
 */
const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

function addressOf(headers: Headers | undefined): string {
  return headers?.get(CLIENT_ADDRESS_HEADER) || UNKNOWN_ADDRESS;
}

/**
 * Roles the identity provider asserted during an SSO callback, by e-mail, applied once the user
 * row exists (hooks.after). Entries live for one request; the map never grows past a handful.
 */
const pendingSsoRoles = new Map<string, { role: Role; at: number }>();
const PENDING_ROLE_TTL_MS = 60_000;

function takePendingRole(email: string): Role | null {
  const now = Date.now();
  for (const [key, entry] of pendingSsoRoles) if (now - entry.at > PENDING_ROLE_TTL_MS) pendingSsoRoles.delete(key);
  const entry = pendingSsoRoles.get(email);
  pendingSsoRoles.delete(email);
  return entry?.role ?? null;
}

export function createAuth(db: Db, config: EnabledAuthConfig) {
  const audit = async (event: AuditEventInput) => {
    try {
      await insertAuditEvent(db, event);
    } catch (error) {
      // A sign-in is not refused because the log is unwritable, but it must not vanish quietly.
      console.error(`support-trends: could not record audit event ${event.action}:`, error);
    }
  };
  const oidc = config.oidc;

  return betterAuth({
    appName: 'Support Trends',
    baseURL: config.baseUrl.origin,
    basePath: '/api/auth',
    secret: config.secret,
    trustedOrigins: [config.origin],
    telemetry: { enabled: false },
    database: drizzleAdapter(db, {
      provider: 'pg',
      transaction: true,
      schema: { user: authUsers, session: authSessions, account: authAccounts, verification: authVerifications },
    }),
    emailAndPassword: {
      enabled: true,
      // Accounts come from `support-trends users add` (or SSO); nobody signs themselves up.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    user: {
      additionalFields: {
        role: { type: [...ROLES], required: false, defaultValue: 'viewer', input: false },
      },
      ...(oidc?.roleMapping
        ? {
            validateUserInfo: async ({ user, source }) => {
              const profile = source.oauth?.profile;
              if (source.oauth?.providerId !== oidc.providerId || !profile || typeof user.email !== 'string') return;
              pendingSsoRoles.set(user.email.toLowerCase(), { role: roleFromClaims(profile, oidc.roleMapping!), at: Date.now() });
            },
          }
        : {}),
    },
    session: {
      expiresIn: config.sessionSeconds,
      updateAge: Math.min(SESSION_REFRESH_SECONDS, Math.floor(config.sessionSeconds / 4)),
    },
    account: {
      // The provider's access/refresh tokens are never used here; encrypted at rest all the same.
      encryptOAuthTokens: true,
      accountLinking: {
        // An SSO sign-in joins the local account of the same (verified) address instead of
        // failing, so a role given with `users add` carries over to SSO.
        enabled: true,
      },
    },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 300,
      customRules: {
        '/sign-in/email': { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE },
        // Starting an SSO round trip guesses nothing; a whole office behind one NAT address
        // signing in at 9:00 must not be throttled (better-auth's default is 3 per 10 s).
        '/sign-in/social': { window: 60, max: 120 },
      },
    },
    advanced: {
      // The client's address as proxy.ts resolved it; X-Forwarded-For is whatever a client wrote.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      // Explicit: better-auth skips its Origin check when NODE_ENV is "test"; we want the same
      // CSRF protection everywhere, and tests that prove it.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: config.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', path: '/' },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === '/sign-in/email' && typeof ctx.body?.email === 'string') {
          const email = ctx.body.email.toLowerCase().slice(0, 254);
          const { failures, sinceLast } = await recentFailures(db, email, addressOf(ctx.headers));
          const wait = secondsToWait(failures, sinceLast);
          if (wait > 0) {
            throw new APIError(
              'TOO_MANY_REQUESTS',
              { message: `Too many failed sign-ins for this account from your address; try again in ${wait} s.` },
              { 'Retry-After': String(wait) },
            );
          }
        }
        if (ctx.path !== '/sign-out') return;
        const current = await getSessionFromCtx(ctx).catch(() => null);
        if (current) await audit({ actor: current.user.email, role: isRole(current.user.role) ? current.user.role : null, action: 'auth.sign_out' });
      }),
      after: createAuthMiddleware(async (ctx) => {
        const session = ctx.context.newSession;
        if (ctx.path === '/sign-in/email') {
          if (session) {
            await audit({ actor: session.user.email, role: isRole(session.user.role) ? session.user.role : null, action: 'auth.sign_in', detail: { method: 'password' } });
          } else if (isAPIError(ctx.context.returned) && ctx.context.returned.statusCode !== 429) {
            // Throttled attempts (429) are not written: they would let a flood fill the log.
            const email = typeof ctx.body?.email === 'string' ? ctx.body.email.toLowerCase().slice(0, 254) : null;
            // The actor is unknown: whoever tried is not (yet) the owner of the address they typed.
            await audit({
              actor: 'anonymous',
              role: null,
              action: 'auth.sign_in_failed',
              target: email,
              detail: { method: 'password', status: ctx.context.returned.statusCode, address: addressOf(ctx.headers) },
            });
          }
        } else if (ctx.path === '/callback/:id' && session) {
          const email = session.user.email.toLowerCase();
          let role = isRole(session.user.role) ? session.user.role : 'viewer';
          const asserted = oidc?.roleMapping ? takePendingRole(email) : null;
          if (asserted && asserted !== role) {
            await db.update(authUsers).set({ role: asserted, updatedAt: new Date() }).where(eq(authUsers.id, session.user.id));
            role = asserted;
          }
          await audit({ actor: email, role, action: 'auth.sign_in', detail: { method: 'sso', ...(asserted ? { roleFromIdentityProvider: asserted } : {}) } });
        }
      }),
    },
    plugins: [
      ...(oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: oidc.providerId,
                  name: oidc.name,
                  discoveryUrl: oidc.discoveryUrl,
                  // Identity comes from the ID token's claims: refuse a provider whose discovery
                  // document does not let us verify them (issuer + JWKS).
                  requireIdTokenVerification: true,
                  clientId: oidc.clientId,
                  clientSecret: oidc.clientSecret,
                  scopes: ['openid', 'email', 'profile'],
                  pkce: true,
                  redirectURI: oidc.redirectUri,
                },
              ],
            }),
          ]
        : []),
      // Last, so cookies set by other plugins reach Next.js (server actions, route handlers).
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const GLOBAL_KEY = Symbol.for('support-trends.auth');
type GlobalWithAuth = typeof globalThis & { [GLOBAL_KEY]?: Promise<Auth> };

/**
 * The process-wide instance for the web server, on the process-wide database. Null when
 * sign-in is not configured.
 */
export async function getAuth(): Promise<Auth | null> {
  const config = getAuthConfig();
  if (!config.enabled) return null;
  const g = globalThis as GlobalWithAuth;
  if (!g[GLOBAL_KEY]) {
    g[GLOBAL_KEY] = (async () => {
      const { getDatabase } = await import('@/lib/database');
      return createAuth((await getDatabase()).db, config);
    })().catch((error) => {
      g[GLOBAL_KEY] = undefined;
      throw error;
    });
  }
  return g[GLOBAL_KEY];
}
