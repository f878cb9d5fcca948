/**
 * GET requests to a helpdesk API with the faults such APIs really produce handled in one place:
 * rate limits (429 + Retry-After; GitHub's primary and secondary limits, told from a permission
 * error by their headers and body — see `rateLimitOf`), server errors and
 * dropped connections (retried with exponential backoff and jitter, a bounded number of times),
 * rejected credentials (stop at once, naming the setting to fix) and pages that are not the
 * JSON they should be (a clear error; the caller's cursor stays where it was).
 *
 * Credentials travel only in headers, are sent only to the configured origin (next-page links
 * and redirects to another host are refused) and are redacted from every message.
 */
import type { z } from 'zod';
import { AppError, type ErrorCode } from '@/db/errors';
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
  /** The HTTP status: 2xx, or one of the statuses the caller said it handles (see `probe`). */
  status: number;
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


/** The words an API puts in an error body (GitHub/Freshdesk `message`, Jira `errorMessages`, Zendesk `error`/`description`). */
export function apiMessage(text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const first = (v: unknown) => (Array.isArray(v) && typeof v[0] === 'string' ? v[0] : null);
  const candidates = [b.message, first(b.errorMessages), b.description, typeof b.error === 'string' ? b.error : null];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  return found === undefined ? null : snippet(found, 200);
}

/**
 * GitHub's secondary limits ("You have exceeded a secondary rate limit…", formerly "abuse
 * detection mechanism") and its exhausted primary quota ("API rate limit exceeded for…") come
 * as 403 or 429, sometimes without any rate-limit header: the body says which it is.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 */
const SECONDARY_LIMIT = /secondary rate limit|abuse detection/i;
const RATE_LIMIT_WORDS = /rate limit/i;

export type RateLimit = 'headers' | 'secondary' | 'plain' | null;

/**
 * Whether a response is a rate limit, and of which kind: `headers` when Retry-After or an
 * exhausted x-ratelimit quota says how long to wait, `secondary` for GitHub's secondary limit
 * without such headers, `plain` for any other 429, null for everything else (a 403 without these
 * signs is a permission error).
 */
export function rateLimitOf(status: number, headers: Headers, bodyText: string): RateLimit {
  if (status !== 429 && status !== 403) return null;
  const message = apiMessage(bodyText) ?? '';
  if (headers.has('retry-after') || headers.get('x-ratelimit-remaining') === '0') return 'headers';
  if (SECONDARY_LIMIT.test(message)) return 'secondary';
  if (status === 429 || RATE_LIMIT_WORDS.test(message)) return 'plain';
  return null;
}

const MINUTE_MS = 60_000;

/**
 * GitHub's rule for a secondary limit that names no wait: at least one minute, growing
 * exponentially while the limit persists. The configured cap applies, but never below a minute.
 */
export function secondaryLimitWait(attempt: number, settings: Pick<HttpSettings, 'maxRetryAfterSeconds'>): number {
  return Math.min(MINUTE_MS * 2 ** attempt, Math.max(MINUTE_MS, settings.maxRetryAfterSeconds * 1000));
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
  get(pathOrUrl: string, query?: Query): Promise<ApiResponse> {
    return this.request(pathOrUrl, query, []);
  }

  /**
   * GET that answers the listed statuses (404 for a deleted record, 410 for a removed endpoint…)
   * instead of throwing: `status` says which, and `body` is the parsed JSON, or the text when the
   * body is not JSON. Rate limits, 5xx and 401 are handled as by `get`.
   */
  probe(pathOrUrl: string, query: Query | undefined, handles: readonly number[]): Promise<ApiResponse> {
    return this.request(pathOrUrl, query, handles);
  }

  private async request(pathOrUrl: string, query: Query | undefined, handles: readonly number[]): Promise<ApiResponse> {
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
      if (handles.includes(status)) {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: the text is the body
        }
        return { body, headers, path, status };
      }
      const limit = rateLimitOf(status, headers, text);
      if (limit !== null) {
        const what = limit === 'secondary' ? 'rate limited by the secondary limit' : 'rate limited';
        if (!canRetry) {
          throw this.error('Unavailable', `GET ${path} is still ${what} (HTTP ${status}) after ${attempt + 1} attempt(s)`, {
            hint: 'Pull less often, or raise http.maxRetries / http.maxRetryAfterSeconds in the config.',
          });
        }
        const asked = requestedWait(headers, this.deps.now());
        let wait: number;
        if (asked !== null) wait = Math.min(asked, settings.maxRetryAfterSeconds * 1000);
        else if (limit === 'secondary') wait = secondaryLimitWait(attempt, settings);
        else wait = backoffDelay(attempt, settings, this.deps.random());
        await this.wait(wait, `${what} (HTTP ${status}) on GET ${path}`, attempt);
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
        const words = apiMessage(text);
        throw this.error('Forbidden', `the API ${what} (${status}${words === null ? '' : `: ${words}`}). ${this.options.credentialHint}`, {
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
        return { body: JSON.parse(text), headers, path, status };
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
