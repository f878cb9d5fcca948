/**
 * The role each dashboard page needs, by path, for app/(dashboard)/layout.tsx: it refuses a page
 * before anything streams, so the answer's status says so — 307 to the sign-in page without a
 * valid session, 403 without the role — where a page's own check (openPage) can only say it in
 * the page, after its loading skeleton went out with a 200. The pages keep their own check; a
 * test keeps the two in step. Pure: no Next.js, no database.
 */
import type { Role } from './roles';

const PAGE_ROLES: readonly (readonly [prefix: string, role: Role])[] = [
  ['/imports', 'admin'],
  ['/standup', 'lead'],
  ['/tickets', 'lead'],
];

/** The role a dashboard page needs: listed above, else viewer. */
export function pageRole(path: string): Role {
  const pathname = path.split(/[?#]/)[0];
  for (const [prefix, role] of PAGE_ROLES) if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return role;
  return 'viewer';
}
