/**
 * The one place where route handlers turn errors into HTTP: the AppError's code decides the
 * status (db/errors.ts httpStatusOf), the body is `{ error: { code, message, hint } }`, and
 * anything unexpected is logged and answered 500 without its details.
 */
import { unstable_rethrow } from 'next/navigation';
import { asStatementTimeout } from '@/lib/database';
import { AppError, errorBody, httpStatusOf } from '@/db/errors';

/** Private data must not be kept by browsers or proxies. */
export const NO_STORE = { 'Cache-Control': 'no-store' } as const;

export function errorResponse(thrown: unknown): Response {
  // A statement cancelled for running past the request's time budget: 503 "try a narrower range".
  const error = asStatementTimeout(thrown) ?? thrown;
  const status = httpStatusOf(error);
  if (!(error instanceof AppError)) {
    console.error(error);
    return Response.json(errorBody('Internal', 'Something failed on the server; the details are in its log.'), { status, headers: NO_STORE });
  }
  return Response.json(errorBody(error.code, error.message, error.hint ?? null), { status, headers: NO_STORE });
}

/** Runs a handler, answering any error through errorResponse. */
export async function handle(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    unstable_rethrow(error); // Next.js control flow (redirect, notFound) is not an error
    return errorResponse(error);
  }
}
