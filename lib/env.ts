/**
 * The only module that reads process.env. Settings are validated once, so a typo in a
 * variable fails at start-up with a message instead of surfacing as odd behaviour later.
 */
import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors';
import { isValidTimeZone } from './time';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes' || v === 'on');

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
  /** Key for pseudonymising names in exports; a per-installation secret. */
  SUPPORT_TRENDS_PSEUDONYM_KEY: z.string().optional(),
  /** Where the installation lives (set by bin/support-trends.mjs); the server runs from there. */
  SUPPORT_TRENDS_ROOT: z.string().optional(),
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
