/**
 * Who is looking, and what they may see. Every page, route handler, server action and export
 * asks here — never by hiding links.
 *
 * Without sign-in (SUPPORT_TRENDS_AUTH_SECRET unset) the dashboard only listens on loopback and
 * the person at the keyboard is the operator (admin); individual team-load rows then still need
 * SUPPORT_TRENDS_SHOW_INDIVIDUALS, because per-person data is sensitive. With sign-in, the
 * viewer is the owner of a valid session, read from the database on every request: a removed
 * user or a changed role takes effect at once.
 */
import { cache } from 'react';
import { AppError, signInRequired } from '@/db/errors';
import { getEnv } from '@/lib/env';
import { getAuthConfig } from './config';
import { pageRole } from './page-roles';
import { REQUEST_PATH_HEADER, isApiPath, signInPath } from './paths';
import { roleAtLeast, type Role, type Viewer } from './roles';

export { ROLES, ROLE_CAPABILITIES, type Role, type Viewer } from './roles';

/** The person at the keyboard of an installation without sign-in. */
export const LOCAL_OPERATOR: Viewer = Object.freeze({ name: 'local operator', role: 'admin', authenticated: false });

export function hasRole(viewer: Viewer, role: Role): boolean {
  return roleAtLeast(viewer.role, role);
}

/**
 * The signed-in viewer, or null without a valid session; never redirects. For places that render
 * for everyone (the header's account menu, the sign-in page). Local mode: the local operator.
 */
export async function getSignedInViewer(): Promise<Viewer | null> {
  if (!getAuthConfig().enabled) return LOCAL_OPERATOR;
  return sessionViewer();
}

/**
 * The session's viewer, read once per request: the layout, the header's account menu and the
 * page all ask (React's cache is per server render; outside one it simply does not memoise).
 */
const sessionViewer = cache(async (): Promise<Viewer | null> => {
  const [{ headers }, { readSessionViewer }] = await Promise.all([import('next/headers'), import('./session')]);
  return readSessionViewer(await headers());
});

/**
 * The current viewer. With sign-in and no valid session: a page (or server action) redirects to
 * /sign-in?next=<where you were>; an API route throws the Unauthenticated AppError (401).
 */
export async function getViewer(): Promise<Viewer> {
  if (!getAuthConfig().enabled) return LOCAL_OPERATOR;
  const viewer = await sessionViewer();
  if (viewer) return viewer;
  const { headers } = await import('next/headers');
  const requestHeaders = await headers();
  // proxy.ts records the path it saw, so the sign-in page can send people back there.
  const path = requestHeaders.get(REQUEST_PATH_HEADER) ?? '/';
  if (isApiPath(path)) throw signInRequired();
  const { redirect } = await import('next/navigation');
  return redirect(signInPath(path));
}

export async function requireRole(role: Role): Promise<Viewer> {
  const viewer = await getViewer();
  if (!hasRole(viewer, role)) {
    throw new AppError('Forbidden', `This needs the ${role} role; you are signed in as ${viewer.role}.`, {
      hint: viewer.authenticated ? 'Ask an admin to change your role (support-trends users set-role).' : undefined,
    });
  }
  return viewer;
}

/**
 * For the dashboard's layout: the page at the request's path (pageRole) refused before anything
 * streams — no valid session → 307 to the sign-in page (getViewer), a role too low → 403
 * (Next.js' forbidden(), rendered by app/forbidden.tsx).
 */
export async function requirePageAccess(): Promise<Viewer> {
  const viewer = await getViewer();
  const { headers } = await import('next/headers');
  const path = (await headers()).get(REQUEST_PATH_HEADER) ?? '/';
  if (!hasRole(viewer, pageRole(path))) {
    const { forbidden } = await import('next/navigation');
    forbidden();
  }
  return viewer;
}

/**
 * Individual team-load rows: managers (and admins) once sign-in exists; without sign-in only
 * when the operator switched them on explicitly.
 */
export function canSeeIndividuals(viewer: Viewer): boolean {
  if (!hasRole(viewer, 'manager')) return false;
  return viewer.authenticated || getEnv().SUPPORT_TRENDS_SHOW_INDIVIDUALS;
}
