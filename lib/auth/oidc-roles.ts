/**
 * Optional: roles from the company identity provider. SUPPORT_TRENDS_OIDC_ROLE_CLAIM names a
 * claim of the ID token / userinfo (a dotted path reaches nested claims, e.g. Keycloak's
 * "realm_access.roles"); SUPPORT_TRENDS_OIDC_ROLE_MAP maps its values to roles. With a map the
 * identity provider decides SSO users' roles at every sign-in; without one, new SSO users are
 * viewers until an admin runs `users set-role`.
 */
import type { RoleMapping } from './config';
import { highestRole, type Role } from './roles';

/** The claim at a dotted path ("groups", "realm_access.roles"), or undefined. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The highest role any of the claim's values maps to; "viewer" when none does (least privilege:
 * being known to the identity provider is enough to see aggregates, nothing more).
 */
export function roleFromClaims(claims: Record<string, unknown>, mapping: RoleMapping): Role {
  const raw = claimAt(claims, mapping.claim);
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const roles: Role[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const role = mapping.values.get(value.trim());
    if (role) roles.push(role);
  }
  return highestRole(roles) ?? 'viewer';
}
