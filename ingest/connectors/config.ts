/**
 * `support-trends.config.json`: which helpdesk APIs to pull from, how often, and which
 * environment variables hold their credentials. Validated once here; everything behind this
 * module trusts the typed `PullConfig`.
 *
 * Secrets are never written in the file: a credential is `{"env": "VARIABLE"}` and its value
 * is read with `readSecret` only when a pull starts. Error messages name the file and the
 * JSON path (`sources[1].token.env`), never a value from the file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { getEnv, readSecret } from '@/lib/env';
import { AppError } from '@/db/errors';
import { isValidTimeZone } from '@/lib/time';

export const DEFAULT_CONFIG_FILE = 'support-trends.config.json';

export const CONNECTOR_KINDS = ['zendesk', 'jira', 'github', 'freshdesk'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_REF_MESSAGE =
  'must be {"env": "VARIABLE_NAME"}: credentials are read from environment variables, never written in this file';

const secretRef = z.strictObject(
  { env: z.string().regex(ENV_NAME, { error: 'must be an environment variable name such as ZENDESK_API_TOKEN' }) },
  { error: SECRET_REF_MESSAGE },
);
export type SecretRef = z.infer<typeof secretRef>;

const timeZone = z.string().refine(isValidTimeZone, { error: 'must be an IANA time zone such as Europe/Paris' });

const scheduleSchema = z.union(
  [
    z.strictObject({ everyMinutes: z.number().int().min(1).max(7 * 24 * 60) }),
    z.strictObject({
      dailyAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a 24-hour time such as "02:30"' }),
      /** Default SUPPORT_TRENDS_TZ. */
      timeZone: timeZone.optional(),
    }),
  ],
  { error: 'must be {"everyMinutes": 15} or {"dailyAt": "02:30"}' },
);
export type Schedule = z.infer<typeof scheduleSchema>;

const httpSchema = z.strictObject({
  /** Retries of one request after a 429, a 5xx or a network error. */
  maxRetries: z.number().int().min(0).max(20).optional(),
  /** First backoff delay; doubled on every retry, with jitter. */
  initialDelayMs: z.number().int().min(0).max(600_000).optional(),
  maxDelayMs: z.number().int().min(0).max(3_600_000).optional(),
  /** A Retry-After longer than this is cut down to it (the request is then tried again). */
  maxRetryAfterSeconds: z.number().min(0).max(3_600).optional(),
  timeoutSeconds: z.number().min(1).max(600).optional(),
});
export type HttpSettings = Required<z.infer<typeof httpSchema>>;

export const DEFAULT_HTTP: HttpSettings = {
  maxRetries: 5,
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterSeconds: 300,
  timeoutSeconds: 60,
};

const since = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), {
  error: 'must be an ISO date such as "2024-01-01" or "2024-01-01T00:00:00Z"',
});

/**
 * True for addresses that never leave the machine: `localhost`, 127.0.0.0/8 and ::1. Only there
 * may a base URL be plain http (a local proxy, the tests' fakes); anywhere else the credential
 * would cross the network unencrypted.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

const baseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an https URL such as https://acme.zendesk.com' })
  .refine((value) => new URL(value).protocol === 'https:' || isLoopbackHost(new URL(value).hostname), {
    error: 'must use https: credentials would travel unencrypted over plain http (http is accepted only for localhost / 127.0.0.1)',
  });

const common = {
  /** Key of the source's state in the database and name in messages. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, { error: 'must be 1–63 letters, digits, ".", "_" or "-"' }),
  schedule: scheduleSchema.optional(),
  /** Where the first pull starts (default: everything the API returns). */
  since: since.optional(),
  /** Fetch each changed ticket's comments (one request per ticket; default true). */
  comments: z.boolean().default(true),
  /**
   * A pull stops when 20 or more tickets arrive and not one has a description: topics would be
   * built from subjects alone (a missing include or field permission). True accepts that.
   */
  allowEmptyDescriptions: z.boolean().default(false),
  http: httpSchema.optional(),
};

/**
 * How often the pull lists every id the source still holds, to remove tickets deleted there
 * (Jira, GitHub and Freshdesk report no deletions in their change listings); 0 = every pull.
 */
const checkDeletionsEveryHours = z.number().min(0).max(24 * 31).default(24);

const zendeskSource = z.strictObject({
  kind: z.literal('zendesk'),
  ...common,
  baseUrl,
  /** With `email`, `token` is an API token (Basic `email/token:TOKEN`); without it, an OAuth token. */
  email: z.string().min(3).optional(),
  token: secretRef,
});

const jiraSource = z.strictObject({
  kind: z.literal('jira'),
  ...common,
  baseUrl,
  /** With `email` (Jira Cloud), `token` is an API token; without it, a personal access token (Server/DC). */
  email: z.string().min(3).optional(),
  token: secretRef,
  /** Extra JQL filter, e.g. `project = CORE AND type = Bug`; the pull adds the updated-since clause and the order. */
  jql: z
    .string()
    .min(1)
    .refine((v) => !/\border\s+by\b/i.test(v), { error: 'must not contain ORDER BY: the pull orders by updated time' })
    .optional(),
  /** Project keys: their issues (when `jql` is absent) and their released versions. */
  projects: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/, { error: 'must be a Jira project key such as CORE' })).optional(),
  releases: z.boolean().default(true),
  pageSize: z.number().int().min(1).max(1000).default(100),
  checkDeletionsEveryHours,
  /** The API user's time zone, in which Jira reads JQL dates (default: asked from /rest/api/2/myself). */
  timeZone: timeZone.optional(),
});

const githubSource = z.strictObject({
  kind: z.literal('github'),
  ...common,
  baseUrl: baseUrl.default('https://api.github.com'),
  repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'must be "owner/repo"' }),
  /** Optional for public repositories (60 requests/hour without it). */
  token: secretRef.optional(),
  releases: z.boolean().default(true),
  checkDeletionsEveryHours,
});

const freshdeskSource = z.strictObject({
  kind: z.literal('freshdesk'),
  ...common,
  baseUrl,
  apiKey: secretRef,
  checkDeletionsEveryHours,
});

const sourceSchema = z.discriminatedUnion('kind', [zendeskSource, jiraSource, githubSource, freshdeskSource], {
  error: `"kind" must be one of ${CONNECTOR_KINDS.join(', ')}`,
});

const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    /** Retry and timeout settings for every source; a source's own `http` overrides them. */
    http: httpSchema.optional(),
    sources: z.array(sourceSchema).min(1, { error: 'must list at least one source' }),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.sources.forEach((source, i) => {
      const first = seen.get(source.name);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['sources', i, 'name'], message: `"${source.name}" is already the name of sources[${first}]` });
      } else {
        seen.set(source.name, i);
      }
      if (source.kind === 'jira' && source.jql === undefined && (source.projects ?? []).length === 0) {
        ctx.addIssue({ code: 'custom', path: ['sources', i], message: 'a Jira source needs "jql" or "projects"' });
      }
    });
  });

type RawSource = z.infer<typeof sourceSchema>;

/** A configured source with where it sits in the file, for messages. */
export type PullSource<K extends ConnectorKind = ConnectorKind> = Extract<RawSource, { kind: K }> & {
  index: number;
  http: HttpSettings;
};

export interface PullConfig {
  /** The file as shown in messages (relative to the working directory when inside it). */
  file: string;
  sources: PullSource[];
}

/** `--config` flag, else SUPPORT_TRENDS_CONFIG, else ./support-trends.config.json; absolute. */
export function resolveConfigPath(flag?: string): string {
  return path.resolve(/*turbopackIgnore: true*/ flag ?? getEnv().SUPPORT_TRENDS_CONFIG ?? DEFAULT_CONFIG_FILE);
}

function shownPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

/** `sources[0].token.env` from zod's path. */
export function jsonPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out === '' ? '(top level)' : out;
}

/** Line and column of a JSON.parse position, without quoting the text (it may hold a pasted secret). */
function syntaxProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const m = /at position (\d+)/.exec(message);
  const position = m ? Number(m[1]) : /end of JSON input/.test(message) ? text.length : -1;
  if (position < 0) return 'is not valid JSON';
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `is not valid JSON (line ${line}, column ${column})`;
}

/** Validates a parsed config document; `file` is used in messages only. */
export function parsePullConfig(document: unknown, file: string): PullConfig {
  const result = configSchema.safeParse(document);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`);
    throw new AppError('InvalidInput', `${file}: ${problems.join('; ')}`, {
      hint: 'See the "Pulling from helpdesk APIs" section of the README for the format.',
    });
  }
  const shared = { ...DEFAULT_HTTP, ...result.data.http };
  return {
    file,
    sources: result.data.sources.map((source, index) => ({ ...source, index, http: { ...shared, ...source.http } }) as PullSource),
  };
}

/** Reads and validates the config file; NotFound when it does not exist. */
export async function loadPullConfig(flag?: string): Promise<PullConfig> {
  const absolute = resolveConfigPath(flag);
  const file = shownPath(absolute);
  let text: string;
  try {
    text = await readFile(/*turbopackIgnore: true*/ absolute, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('NotFound', `No pull configuration: ${file} does not exist`, {
        hint: `Create ${DEFAULT_CONFIG_FILE} (see the README), or name one with --config or SUPPORT_TRENDS_CONFIG.`,
      });
    }
    throw new AppError('InvalidInput', `${file} cannot be read: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new AppError('InvalidInput', `${file} ${syntaxProblem(text, error)}`);
  }
  return parsePullConfig(document, file);
}

/** `zendesk "acme"`: how messages name a source. */
export function sourceLabel(source: Pick<PullSource, 'kind' | 'name'>): string {
  return `${source.kind} "${source.name}"`;
}

/** Where a credential setting lives, for messages: `sources[0].token.env in support-trends.config.json`. */
export function settingPath(config: Pick<PullConfig, 'file'>, source: PullSource, field: string): string {
  return `sources[${source.index}].${field}.env in ${config.file}`;
}

/** The credential fields each kind reads (first = the main one, named in 401 messages). */
export function credentialField(source: PullSource): { field: string; ref: SecretRef } | null {
  switch (source.kind) {
    case 'freshdesk':
      return { field: 'apiKey', ref: source.apiKey };
    case 'github':
      return source.token ? { field: 'token', ref: source.token } : null;
    default:
      return { field: 'token', ref: source.token };
  }
}

/**
 * The source's credential from the environment; InvalidInput naming the variable and the
 * setting when it is not set. Null for sources that need none (a public GitHub repository).
 */
export function readCredential(config: Pick<PullConfig, 'file'>, source: PullSource): string | null {
  const credential = credentialField(source);
  if (credential === null) return null;
  const value = readSecret(credential.ref.env);
  if (value === undefined) {
    throw new AppError(
      'InvalidInput',
      `${sourceLabel(source)}: the environment variable ${credential.ref.env} is not set (named by ${settingPath(config, source, credential.field)})`,
      { hint: `Set ${credential.ref.env} in the environment of the process that pulls (the CLI or the server).` },
    );
  }
  return value;
}
