/**
 * The four roles, each seeing what the one below sees and more. Kept apart from viewer.ts so
 * configuration, the CLI and the database code can use them without the request-bound seam.
 */

export const ROLES = ['viewer', 'lead', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What each role adds to the one below it (shown on the sign-in and settings pages). */
export const ROLE_CAPABILITIES: Record<Role, string> = {
  viewer: 'aggregates, topics, releases',
  lead: 'ticket text and the standup page',
  manager: 'individual team-load rows',
  admin: 'imports, users and settings',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is `required` or above it. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** The highest of several roles (null for none). */
export function highestRole(roles: Iterable<Role>): Role | null {
  let best: Role | null = null;
  for (const role of roles) if (best === null || roleAtLeast(role, best)) best = role;
  return best;
}

/** Who is looking: a signed-in person, or the local operator of an installation without sign-in. */
export interface Viewer {
  name: string;
  role: Role;
  /** False for the local operator of an installation without sign-in. */
  authenticated: boolean;
  /** The signed-in person's (lower-case) e-mail; absent for the local operator. */
  email?: string;
  userId?: string;
}
