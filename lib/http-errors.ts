/**
 * Errors as JSON for route handlers, in the same shape as app/api/respond.ts
 * ({ error: { code, message, hint } }), plus the one status that module cannot know: 401 for a
 * request without a valid session (SignInRequired).
 */
import { asStatementTimeout } from '@/db/client';
import { AppError, httpStatusOf } from '@/db/errors';
import { errorBody } from './auth/error-body';
import { SignInRequired } from './auth/viewer';

/** Private data must not be kept by browsers or proxies. */
export const NO_STORE = { 'Cache-Control': 'no-store' } as const;

/** 401 for SignInRequired, else the AppError's status (lib/errors.ts), else 500. */
export function statusOf(error: unknown): number {
  return error instanceof SignInRequired ? error.status : httpStatusOf(error);
}

export function errorResponse(thrown: unknown): Response {
  // A statement cancelled for running past the request's time budget: 503 "try a narrower range".
  const error = asStatementTimeout(thrown) ?? thrown;
  const status = statusOf(error);
  if (!(error instanceof AppError)) {
    console.error(error);
    return Response.json(errorBody('Internal', 'Something failed on the server; the details are in its log.'), { status, headers: NO_STORE });
  }
  const code = error instanceof SignInRequired ? 'Unauthenticated' : error.code;
  return Response.json(errorBody(code, error.message, error.hint ?? null), { status, headers: NO_STORE });
}
