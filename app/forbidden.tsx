import { headers } from 'next/headers';
import { PageProblem } from '@/app/components/page-problem';
import { pageRole } from '@/lib/auth/page-roles';
import { REQUEST_PATH_HEADER } from '@/lib/auth/paths';
import { getSignedInViewer, hasRole } from '@/lib/auth/viewer';
import { AppError } from '@/db/errors';

/**
 * The 403 page (Next.js' forbidden()): which role the page needs and which one the viewer has.
 * Next.js renders it with every page (to have it ready), so it says nothing specific to a viewer
 * who does have the role; the session read is the one the page already made (cached).
 */
export default async function Forbidden() {
  const [viewer, requestHeaders] = await Promise.all([getSignedInViewer(), headers()]);
  const needed = pageRole(requestHeaders.get(REQUEST_PATH_HEADER) ?? '/');
  const refused = viewer !== null && !hasRole(viewer, needed);
  const error = new AppError('Forbidden', refused ? `This needs the ${needed} role; you are signed in as ${viewer.role}.` : 'Your role does not give access to this page.', {
    hint: refused && viewer.authenticated ? 'Ask an admin to change your role (support-trends users set-role).' : undefined,
  });
  return <PageProblem error={error} />;
}
