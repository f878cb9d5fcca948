import type { ReactNode } from 'react';
import { requirePageAccess } from '@/lib/auth/viewer';

/**
 * Every dashboard page: refused here, before the page's loading skeleton streams, when the
 * viewer has no valid session (307 to /sign-in) or not the page's role (403) — so monitors and
 * scripts see it in the status. The pages still check themselves (openPage).
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  await requirePageAccess();
  return children;
}
