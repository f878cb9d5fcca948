import { headers } from 'next/headers';
import { PageProblem } from '@/app/components/page-problem';
import { pageRole } from '@/lib/auth/page-roles';
import { REQUEST_PATH_HEADER } from '@/lib/auth/paths';
import { getSignedInViewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';

/** The 403 page (Next.js' forbidden()): which role the page needs and which one the viewer has. */
export default async function Forbidden() {
  const [viewer, requestHeaders] = await Promise.all([getSignedInViewer(), headers()]);
  const needed = pageRole(requestHeaders.get(REQUEST_PATH_HEADER) ?? '/');
  const error = new AppError('Forbidden', `This needs the ${needed} role; you are signed in as ${viewer?.role ?? 'nobody'}.`, {
    hint: viewer?.authenticated ? 'Ask an admin to change your role (support-trends users set-role).' : undefined,
  });
  return <PageProblem error={error} />;
}
