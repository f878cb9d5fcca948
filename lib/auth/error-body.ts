/** The JSON error shape of every endpoint (as app/api/respond.ts): { error: { code, message, hint } }. */
export function errorBody(code: string, message: string, hint: string | null = null) {
  return { error: { code, message, hint } };
}
