/**
 * The one place where the JSON/CSV endpoints turn errors into HTTP. The mapping itself lives in
 * lib/auth/http.ts (AppError code → status via httpStatusOf, plus 401 for a request without a
 * session); this module only wraps a handler with it.
 */
import { unstable_rethrow } from 'next/navigation';
import { errorResponse } from '@/lib/http-errors';

export { errorResponse };

/** Runs a handler, answering any error through errorResponse. */
export async function handle(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    unstable_rethrow(error); // Next.js control flow (redirect, notFound) is not an error
    return errorResponse(error);
  }
}
