/**
 * The viewer behind a request's session cookie, checked against the database by better-auth
 * (signature, expiry, and that the session and the user still exist).
 */
import { getAuth } from './better-auth';
import { isRole, type Viewer } from './roles';

export interface SessionUser {
  id: string;
  name?: string | null;
  email: string;
  role?: unknown;
}

/** An unknown role in the database means the least one, never more. */
export function viewerFromUser(user: SessionUser): Viewer {
  const email = user.email.toLowerCase();
  return {
    name: user.name?.trim() || email,
    role: isRole(user.role) ? user.role : 'viewer',
    authenticated: true,
    email,
    userId: user.id,
  };
}

export async function readSessionViewer(requestHeaders: Headers): Promise<Viewer | null> {
  const auth = await getAuth();
  if (!auth) return null;
  const result = await auth.api.getSession({ headers: requestHeaders });
  return result ? viewerFromUser(result.user) : null;
}
