/**
 * One error type for everything a user can cause or fix. Its code decides the HTTP status,
 * the CLI exit code and how the message is shown, in exactly one place each. It lives at the
 * bottom of the house (db/) because the database layer throws it too; it imports nothing.
 */

export const ERROR_CODES = [
  'InvalidInput', // a file, flag, URL parameter or body the user supplied is wrong
  'NotFound',
  'Conflict', // e.g. the embedded database is held by another process
  'Unauthenticated', // an API request without a valid session (a page request is redirected instead)
  'Forbidden', // signed in, but the role does not allow it
  'Unavailable', // the database or a remote API cannot be reached
  'TooLarge', // an upload over the limit
  'Timeout', // a request ran out of its time budget (try a narrower range)
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  /** What the user can do about it, shown under the message. */
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = options?.hint;
  }
}

export function invalidInput(message: string, hint?: string): AppError {
  return new AppError('InvalidInput', message, { hint });
}

export function notFound(message: string, hint?: string): AppError {
  return new AppError('NotFound', message, { hint });
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  InvalidInput: 400,
  Unauthenticated: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  Unavailable: 503,
  TooLarge: 413,
  Timeout: 503,
};

const EXIT_CODE: Record<ErrorCode, number> = {
  InvalidInput: 2,
  NotFound: 3,
  Conflict: 4,
  Forbidden: 5,
  Unavailable: 6,
  TooLarge: 7,
  Timeout: 8,
  Unauthenticated: 9,
};

/** A request to an API route without a valid session: 401 (lib/http-errors.ts answers it). */
export function signInRequired(): AppError {
  return new AppError('Unauthenticated', 'Sign in first: this request has no valid session (it may have expired or been ended).', {
    hint: 'Open the dashboard in a browser and sign in again.',
  });
}

export function httpStatusOf(error: unknown): number {
  return error instanceof AppError ? HTTP_STATUS[error.code] : 500;
}

export function exitCodeOf(error: unknown): number {
  return error instanceof AppError ? EXIT_CODE[error.code] : 1;
}

/** A one- or two-line message for people; unexpected errors keep their stack for bug reports. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) return error.hint ? `${error.message}\n  → ${error.hint}` : error.message;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

/** The JSON error shape of every endpoint and of the request gate: { error: { code, message, hint } }. */
export function errorBody(code: string, message: string, hint: string | null = null) {
  return { error: { code, message, hint } };
}
