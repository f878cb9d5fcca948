/**
 * better-auth's endpoints under /api/auth: sign-in (password, SSO), the SSO callback, sign-out
 * and the session. They are public by nature — each checks what it needs (credentials, the
 * signed state of the SSO round trip, the session) and the Origin of cookie-bearing requests.
 * 404 when sign-in is not configured.
 */
import { getAuth } from '@/lib/auth/better-auth';
import { handle, NO_STORE } from '@/lib/http-errors';

export const dynamic = 'force-dynamic';

async function authRoute(request: Request): Promise<Response> {
  return handle(async () => {
    const auth = await getAuth();
    if (!auth) {
      return Response.json(
        { error: 'NotFound', message: 'Sign-in is not configured on this installation (SUPPORT_TRENDS_AUTH_SECRET).' },
        { status: 404, headers: NO_STORE },
      );
    }
    return await auth.handler(request);
  });
}

export { authRoute as GET, authRoute as POST };
