/**
 * Who is looking, and what they may see. Every page, route handler, server action and export
 * asks here — never by hiding links. Until sign-in is configured the dashboard only listens on
 * loopback and the person at the keyboard is the operator (admin); individual team-load rows
 * then still need SUPPORT_TRENDS_SHOW_INDIVIDUALS, because per-person data is sensitive.
 */
import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';

export const ROLES = ['viewer', 'lead', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What each role adds to the one below it (shown on the sign-in and settings pages). */
export const ROLE_CAPABILITIES: Record<Role, string> = {
  viewer: 'aggregates, topics, releases',
  lead: 'ticket text and the standup page',
  manager: 'individual team-load rows',
  admin: 'imports, users and settings',
};

export interface Viewer {
  name: string;
  role: Role;
  /** False for the local operator of an installation without sign-in. */
  authenticated: boolean;
}

export function hasRole(viewer: Viewer, role: Role): boolean {
  return ROLES.indexOf(viewer.role) >= ROLES.indexOf(role);
}

/** The current viewer. Sign-in replaces this body; callers do not change. */
export async function getViewer(): Promise<Viewer> {
  return { name: 'local operator', role: 'admin', authenticated: false };
}

export async function requireRole(role: Role): Promise<Viewer> {
  const viewer = await getViewer();
  if (!hasRole(viewer, role)) {
    throw new AppError('Forbidden', `This needs the ${role} role; you are signed in as ${viewer.role}.`);
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
