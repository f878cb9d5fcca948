/**
 * GET requests to a helpdesk API with the faults such APIs really produce handled in one place:
 * rate limits (429 + Retry-After, GitHub's 403 with x-ratelimit-remaining: 0), server errors and
 * dropped connections (retried with exponential backoff and jitter, a bounded number of times),
 * rejected credentials (stop at once, naming the setting to fix) and pages that are not the
 * JSON they should be (a clear error; the caller's cursor stays where it was).
 *
 * Credentials travel only in headers, are sent only to the configured origin (next-page links
 * and redirects to another host are refused) and are redacted from every message.
 */
import type { z } from 'zod';
import { AppError, type ErrorCode } from '@/lib/errors';
import type { HttpSettings } from './config';
import { jsonPath } from './config';
import { redactSecrets } from './redact';

/** What the client needs from the outside world; tests replace the clock and the sleep. */
export interface HttpDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
}

export const REAL_HTTP_DEPS: HttpDeps = {
  fetch: (input, init) => fetch(input, init),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  random: () => Math.random(),
};

export interface ApiClientOptions {
  /** `zendesk "acme"`: starts every message. */
  label: string;
  baseUrl: string;
  headers: Record<string, string>;
  /** Values to redact from messages (credentials and their encoded forms). */
  secrets: readonly string[];
  settings: HttpSettings;
  /** What to fix after a 401/403, e.g. "Check the environment variable X named by sources[0].token.env in …". */
  credentialHint: string;
  deps?: Partial<HttpDeps>;
  /** Retries and waits, for the person watching. */
  log?: (message: string) => void;
}

export interface ApiResponse {
  body: unknown;
  headers: Headers;
  /** The URL path (no query), safe for messages. */
  path: string;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

const MAX_REDIRECTS = 5;
const SNIPPET = 300;

/**
 * Backoff before retry `attempt` (0-based): the delay doubles each time up to `maxDelayMs`, and
 * "equal jitter" spreads it over [d/2, d] so many clients do not retry in lockstep
 * (M. Brooker, "Exponential Backoff and Jitter", AWS Architecture Blog, 2015).
 */
export function backoffDelay(attempt: number, settings: Pick<HttpSettings, 'initialDelayMs' | 'maxDelayMs'>, random: number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/**
 * The wait a rate-limited response asks for, in ms: `Retry-After` as seconds or an HTTP date
 * (RFC 9110 §10.2.3), else GitHub's `x-ratelimit-reset` (epoch seconds) when the quota is spent.
 * Null when the response names no wait.
 */
export function requestedWait(headers: Headers, now: number): number | null {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  }
  return null;
}

/** The `rel="next"` target of an RFC 8288 Link header (GitHub, Freshdesk), or null. */
export function nextLink(headers: Headers): string | null {
  const link = headers.get('link');
  if (!link) return null;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && relationTypes(m[2]).includes('next')) return m[1];
  }
  return null;
}

/** The space-separated values of a link's `rel` parameter (`; rel="next last"` → next, last). */
function relationTypes(params: string): string[] {
  for (const param of params.split(';')) {
    const equals = param.indexOf('=');
    if (equals < 0 || param.slice(0, equals).trim().toLowerCase() !== 'rel') continue;
    let value = param.slice(equals + 1).trim();
    if (value.startsWith('"')) value = value.slice(1);
    if (value.endsWith('"')) value = value.slice(0, -1);
    return value.toLowerCase().split(/\s+/);
  }
  return [];
}

function isRateLimited(status: number, headers: Headers): boolean {
  if (status === 429) return true;
  // GitHub answers an exhausted quota, and its secondary limits, with 403 and these headers.
  return status === 403 && (headers.get('x-ratelimit-remaining') === '0' || headers.has('retry-after'));
}

export class ApiClient {
  private readonly deps: HttpDeps;
  private readonly base: URL;

  constructor(private readonly options: ApiClientOptions) {
    this.deps = { ...REAL_HTTP_DEPS, ...options.deps };
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  }

  get label(): string {
    return this.options.label;
  }

  /** A path below the base URL (`/api/v2/…`, keeping a base path such as /jira) or an absolute next-page URL. */
  url(pathOrUrl: string, query: Query = {}): URL {
    const url = /^https?:\/\//i.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(pathOrUrl.replace(/^\//, ''), this.base);
    if (url.origin !== this.base.origin) {
      throw this.error('InvalidInput', `the API sent a link to another host (${url.origin}); credentials are only sent to ${this.base.origin}`);
    }
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** GET and parse JSON, retrying what can be retried; AppError for everything else. */
  async get(pathOrUrl: string, query?: Query): Promise<ApiResponse> {
    let url = this.url(pathOrUrl, query);
    const { settings } = this.options;
    let redirects = 0;
    for (let attempt = 0; ; attempt++) {
      const path = url.pathname;
      const canRetry = attempt < settings.maxRetries;
      let response: Response;
      let text: string;
      try {
        response = await this.deps.fetch(url, {
          headers: { accept: 'application/json', ...this.options.headers },
          redirect: 'manual',
          signal: AbortSignal.timeout(settings.timeoutSeconds * 1000),
        });
        const redirected = response.status >= 300 && response.status < 400;
        if (redirected) await response.body?.cancel(); // free the connection; only the Location header matters
        text = redirected ? '' : await response.text();
      } catch (error) {
        const reason = describeNetworkError(error);
        if (!canRetry) {
          throw this.error('Unavailable', `GET ${path} failed after ${attempt + 1} attempt(s): ${reason}`, {
            hint: 'Check the network and baseUrl; the next pull resumes where this one stopped.',
            cause: error,
          });
        }
        await this.wait(backoffDelay(attempt, settings, this.deps.random()), `${reason} on GET ${path}`, attempt);
        continue;
      }

      const { status, headers } = response;
      if (status >= 300 && status < 400 && headers.has('location')) {
        if (++redirects > MAX_REDIRECTS) throw this.error('Unavailable', `GET ${path}: too many redirects`);
        // Relative or same-origin only: `url()` refuses another host, so credentials stay home.
        url = this.url(new URL(headers.get('location')!, url).toString());
        attempt--;
        continue;
      }
      if (isRateLimited(status, headers)) {
        if (!canRetry) {
          throw this.error('Unavailable', `GET ${path} is still rate limited (HTTP ${status}) after ${attempt + 1} attempt(s)`, {
            hint: 'Pull less often, or raise http.maxRetries / http.maxRetryAfterSeconds in the config.',
          });
        }
        const asked = requestedWait(headers, this.deps.now());
        const wait = asked === null ? backoffDelay(attempt, settings, this.deps.random()) : Math.min(asked, settings.maxRetryAfterSeconds * 1000);
        await this.wait(wait, `rate limited (HTTP ${status}) on GET ${path}`, attempt);
        continue;
      }
      if (status >= 500) {
        if (!canRetry) {
          throw this.error('Unavailable', `GET ${path} kept failing (HTTP ${status}) after ${attempt + 1} attempt(s)`, {
            hint: 'The service may be down; the next pull resumes where this one stopped.',
          });
        }
        await this.wait(backoffDelay(attempt, settings, this.deps.random()), `HTTP ${status} on GET ${path}`, attempt);
        continue;
      }
      if (status === 401 || status === 403) {
        const what = status === 401 ? 'rejected the credentials' : 'refused access';
        throw this.error('Forbidden', `the API ${what} (${status}). ${this.options.credentialHint}`, {
          hint: status === 403 ? 'The credentials may be valid but lack permission to read this data.' : undefined,
        });
      }
      if (status === 404) {
        throw this.error('NotFound', `GET ${path} returned 404 Not Found`, {
          hint: 'Check baseUrl and the repository / project names in the config.',
        });
      }
      if (status < 200 || status >= 300) {
        throw this.error('InvalidInput', `GET ${path} returned HTTP ${status}: ${snippet(text)}`);
      }
      try {
        return { body: JSON.parse(text), headers, path };
      } catch {
        throw this.error('InvalidInput', `GET ${path} returned a malformed page: not valid JSON (${text.length} bytes, starting "${snippet(text, 60)}")`, {
          hint: 'The cursor was left where it was: the next pull fetches this page again.',
        });
      }
    }
  }

  /** The page's body checked against `schema`; a clear InvalidInput naming the path when it does not fit. */
  expectShape<T>(response: ApiResponse, schema: z.ZodType<T>, expected: string): T {
    const result = schema.safeParse(response.body);
    if (result.success) return result.data;
    const problems = result.error.issues.slice(0, 3).map((i) => `${jsonPath(i.path)}: ${i.message}`).join('; ');
    throw this.error('InvalidInput', `GET ${response.path} returned a malformed page: expected ${expected} (${problems})`, {
      hint: 'The cursor was left where it was: the next pull fetches this page again.',
    });
  }

  /** An AppError whose message starts with the source's label and holds no secret. */
  error(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}): AppError {
    const clean = (text: string) => redactSecrets(text, this.options.secrets);
    return new AppError(code, clean(`${this.options.label}: ${message}`), {
      hint: options.hint === undefined ? undefined : clean(options.hint),
      cause: options.cause,
    });
  }

  private async wait(ms: number, reason: string, attempt: number): Promise<void> {
    this.options.log?.(
      redactSecrets(`${this.options.label}: ${reason}; retry ${attempt + 1} of ${this.options.settings.maxRetries} in ${formatWait(ms)}`, this.options.secrets),
    );
    await this.deps.sleep(ms);
  }
}

function snippet(text: string, limit = SNIPPET): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit)}…`;
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** "connection refused", "timed out after 60 s"… from fetch's nested causes. */
function describeNetworkError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'the request timed out';
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `network error (${cause.code})`;
  return error instanceof Error ? `network error (${error.message})` : 'network error';
}
