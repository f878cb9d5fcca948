import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, httpStatusOf as statusOf } from '@/db/errors';
import { roleFromClaims, claimAt } from '@/lib/auth/oidc-roles';
import { highestRole, ROLES, type Role } from '@/lib/auth/roles';
import { viewerFromUser } from '@/lib/auth/session';
import { canSeeIndividuals, getViewer, hasRole, LOCAL_OPERATOR, requireRole, type Viewer } from '@/lib/auth/viewer';
import { TEST_SECRET, withEnv } from './env-helper';

// The seam reads the request's headers and the session; both are replaced here so the rules
// can be checked without a server (the e2e test checks them against a real one).
const request = vi.hoisted(() => ({ headers: new Headers(), viewer: null as Viewer | null }));
vi.mock('next/headers', () => ({ headers: async () => request.headers }));
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  readSessionViewer: async () => request.viewer,
}));

const SIGNED_IN = { SUPPORT_TRENDS_AUTH_SECRET: TEST_SECRET, SUPPORT_TRENDS_BASE_URL: 'http://127.0.0.1:3000' };
const person = (role: Role): Viewer => ({ name: role, role, authenticated: true, email: `${role}@example.com`, userId: role });

/** Runs an async seam call with sign-in configured (withEnv restores synchronously, so await inside). */
async function signedIn<T>(fn: () => Promise<T>, vars: Record<string, string> = {}): Promise<T> {
  let result!: Promise<T>;
  withEnv({ ...SIGNED_IN, ...vars }, () => {
    result = fn();
  });
  return result;
}

describe('roles', () => {
  it('orders viewer < lead < manager < admin: each role has what the ones below have', () => {
    for (const [i, held] of ROLES.entries()) {
      for (const [j, needed] of ROLES.entries()) {
        expect(hasRole(person(held), needed), `${held} ≥ ${needed}`).toBe(i >= j);
      }
    }
    expect(highestRole(['lead', 'viewer', 'manager'])).toBe('manager');
    expect(highestRole([])).toBeNull();
  });

  it('shows individual rows to signed-in managers and admins only', () => {
    withEnv({}, () => {
      expect(ROLES.map((r) => canSeeIndividuals(person(r)))).toEqual([false, false, true, true]);
      // The local operator is admin but still needs the explicit switch.
      expect(canSeeIndividuals(LOCAL_OPERATOR)).toBe(false);
    });
    withEnv({ SUPPORT_TRENDS_SHOW_INDIVIDUALS: '1' }, () => {
      expect(canSeeIndividuals(LOCAL_OPERATOR)).toBe(true);
      expect(canSeeIndividuals({ ...person('lead'), authenticated: false })).toBe(false);
    });
  });

  it('turns a session user into a viewer, with an unknown stored role falling to viewer', () => {
    expect(viewerFromUser({ id: 'u1', name: ' Mia ', email: 'Mia@Example.com', role: 'manager' })).toEqual({
      name: 'Mia',
      role: 'manager',
      authenticated: true,
      email: 'mia@example.com',
      userId: 'u1',
    });
    expect(viewerFromUser({ id: 'u2', name: '', email: 'x@example.com', role: 'superuser' })).toMatchObject({ name: 'x@example.com', role: 'viewer' });
    expect(viewerFromUser({ id: 'u3', email: 'y@example.com' }).role).toBe('viewer');
  });
});

describe('the seam (getViewer / requireRole)', () => {
  beforeEach(() => {
    request.headers = new Headers();
    request.viewer = null;
  });

  it('is the local operator (admin, unauthenticated) without sign-in', async () => {
    await expect(withEnv({}, () => getViewer())).resolves.toEqual(LOCAL_OPERATOR);
    await expect(withEnv({}, () => requireRole('admin'))).resolves.toEqual(LOCAL_OPERATOR);
  });

  it('returns the session owner and enforces the role (403)', async () => {
    request.viewer = person('lead');
    await expect(signedIn(() => requireRole('lead'))).resolves.toEqual(person('lead'));
    const refused = await signedIn(() => requireRole('manager')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('Forbidden');
    expect(statusOf(refused)).toBe(403);
    expect((refused as AppError).message).toMatch(/needs the manager role; you are signed in as lead/);
  });

  it('answers an API request without a session with the Unauthenticated error (401)', async () => {
    request.headers = new Headers({ 'x-support-trends-path': '/api/team?individuals=1' });
    const error = await signedIn(() => requireRole('viewer')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('Unauthenticated');
    expect(statusOf(error)).toBe(401);
  });

  it('redirects a page request without a session to the sign-in page, remembering where it was', async () => {
    request.headers = new Headers({ 'x-support-trends-path': '/topics?from=2026-01-01' });
    const error = (await signedIn(() => getViewer()).catch((e: unknown) => e)) as { digest?: string };
    // next/navigation's redirect() throws an error whose digest carries the target.
    expect(error.digest).toMatch(/^NEXT_REDIRECT;replace;\/sign-in\?next=%2Ftopics%3Ffrom%3D2026-01-01;307;/);
  });
});

describe('roles from OIDC claims', () => {
  const mapping = {
    claim: 'groups',
    values: new Map<string, Role>([
      ['support-leads', 'lead'],
      ['support-managers', 'manager'],
      ['st-admins', 'admin'],
    ]),
  };

  it('takes the highest mapped role among the claim values', () => {
    expect(roleFromClaims({ groups: ['everyone', 'support-leads', 'support-managers'] }, mapping)).toBe('manager');
    expect(roleFromClaims({ groups: 'support-leads st-admins' }, mapping)).toBe('admin');
  });

  it('falls back to viewer when nothing maps, the claim is missing or has odd types', () => {
    expect(roleFromClaims({ groups: ['everyone'] }, mapping)).toBe('viewer');
    expect(roleFromClaims({}, mapping)).toBe('viewer');
    expect(roleFromClaims({ groups: [42, null, { name: 'st-admins' }] }, mapping)).toBe('viewer');
  });

  it('reads nested claims by dotted path (Keycloak realm_access.roles)', () => {
    const claims = { realm_access: { roles: ['st-admins'] } };
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['st-admins']);
    expect(roleFromClaims(claims, { ...mapping, claim: 'realm_access.roles' })).toBe('admin');
    expect(claimAt({ 'https://example.com/roles': ['x'] }, 'https://example.com/roles')).toEqual(['x']);
  });
});
