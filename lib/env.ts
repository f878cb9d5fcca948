/**
 * The only module that reads process.env. Settings are validated once, so a typo in a
 * variable fails at start-up with a message instead of surfacing as odd behaviour later.
 */
import path from 'node:path';
import { z } from 'zod';
import type { DatabaseTarget } from '@/db/client';
import { AppError } from '@/db/errors';
import { parseTrustedProxies } from './auth/client-address';
import { isValidTimeZone } from './time';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes' || v === 'on');

/** An optional setting where an empty value (`VAR=`) means unset. */
const blank = <T extends z.ZodType<string>>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SUPPORT_TRENDS_DATA_DIR: z.string().optional(),
  SUPPORT_TRENDS_TZ: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Paris'),
  /** Until sign-in and roles exist, individual team-load rows are shown only when this is on. */
  SUPPORT_TRENDS_SHOW_INDIVIDUALS: booleanFlag,
  /**
   * PII redaction at ingest: "on" (all kinds, the default), "off", or a comma list of kinds
   * (email,phone,card,ip,secret,url-credentials).
   */
  SUPPORT_TRENDS_REDACT: z.string().default('on'),
  /**
   * Secret for the keyed hash that replaces requesters' identities. When unset, one is generated
   * and kept in the database's settings table (set it to keep the key outside the database).
   */
  SUPPORT_TRENDS_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Key for pseudonymising names in exports; a per-installation secret. */
  SUPPORT_TRENDS_PSEUDONYM_KEY: z.string().optional(),
  /** Where the installation lives (set by bin/support-trends.mjs); the server runs from there. */
  SUPPORT_TRENDS_ROOT: z.string().optional(),
  /** The pull connectors' config file (default ./support-trends.config.json); `pull --config` wins. */
  SUPPORT_TRENDS_CONFIG: z.string().optional(),
  // Sign-in (lib/auth/config.ts checks the combinations): on when the secret is set.
  /** Signs session cookies; at least 32 random characters (`openssl rand -base64 32`). */
  SUPPORT_TRENDS_AUTH_SECRET: blank(z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)')),
  /** The address people open, e.g. https://trends.example.com; cookies are Secure when it is https. */
  SUPPORT_TRENDS_BASE_URL: blank(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })),
  /** Hours a session lasts without use (each use slides it); default 12. */
  SUPPORT_TRENDS_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /** Company SSO (OpenID Connect): the issuer URL, e.g. https://login.example.com/realms/support. */
  SUPPORT_TRENDS_OIDC_ISSUER: blank(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })),
  SUPPORT_TRENDS_OIDC_CLIENT_ID: blank(z.string()),
  SUPPORT_TRENDS_OIDC_CLIENT_SECRET: blank(z.string()),
  /** The SSO button's label, e.g. "Okta"; default "company SSO". */
  SUPPORT_TRENDS_OIDC_NAME: blank(z.string().max(60)),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (IPs or CIDR ranges, comma-separated); empty =
   * none, the default: the sign-in throttle then counts the address that connected.
   */
  SUPPORT_TRENDS_TRUSTED_PROXIES: blank(
    z.string().refine((v) => {
      try {
        parseTrustedProxies(v);
        return true;
      } catch {
        return false;
      }
    }, 'must be IP addresses or CIDR ranges separated by commas, e.g. 127.0.0.1,10.0.0.0/8'),
  ),
  /**
   * Set by server.mjs in its own process (never by people): the peer-address request header is
   * its, written on every request, so it may be believed.
   */
  SUPPORT_TRENDS_INTERNAL_PEER_HEADER: blank(z.literal('1')),
  /** The largest upload the Imports page accepts, in MB (default 200); bigger files go through the CLI. */
  SUPPORT_TRENDS_UPLOAD_LIMIT_MB: z.coerce.number().positive().max(100_000).default(200),
  /**
   * How long one database statement of a page or API request may run on PostgreSQL before it is
   * cancelled and the request answered 503 "try a narrower range" (default 10 s).
   */
  SUPPORT_TRENDS_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(10),
  /** ID-token claim holding groups or roles (e.g. "groups"), read with SUPPORT_TRENDS_OIDC_ROLE_MAP. */
  SUPPORT_TRENDS_OIDC_ROLE_CLAIM: blank(z.string()),
  /** Claim value → role, e.g. "support-leads=lead,support-managers=manager"; the highest match wins. */
  SUPPORT_TRENDS_OIDC_ROLE_MAP: blank(
    // A claim value starts with a non-space, so the spaces around it are matched one way only.
    z.string().regex(/^\s*[^=,\s][^=,]*=\s*(?:viewer|lead|manager|admin)\s*(?:,\s*[^=,\s][^=,]*=\s*(?:viewer|lead|manager|admin)\s*)*(?:,\s*)?$/, 'must look like "group=role,other-group=role" with roles viewer, lead, manager or admin'),
  ),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string; projectRoot: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('InvalidInput', `Invalid environment settings: ${problems}`);
  }
  cached = {
    ...parsed.data,
    dataDir: path.resolve(/*turbopackIgnore: true*/ parsed.data.SUPPORT_TRENDS_DATA_DIR ?? '.support-trends'),
    projectRoot: parsed.data.SUPPORT_TRENDS_ROOT ?? process.cwd(),
  };
  return cached;
}

/** Tests and the CLI (after applying flags such as --data-dir) re-read the environment. */
export function resetEnvCache(): void {
  cached = undefined;
}

/**
 * A secret named in the configuration file (e.g. "tokenEnv": "ZENDESK_TOKEN"). Secrets live only
 * in the environment: never in config files, the database or logs.
 */
export function readSecret(variable: string): string | undefined {
  const value = process.env[variable];
  return value === undefined || value === '' ? undefined : value;
}

/** Where data lives: DATABASE_URL wins over the embedded data directory (`--data-dir` or the setting). */
export function databaseTarget(env: Env, dataDir: string = env.dataDir): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'pglite', dataDir };
}
