/**
 * The rule for individual team-load rows over HTTP (/api/team and /api/team.csv), in one place:
 * aggregates for every signed-in viewer; per-person rows only when asked for explicitly
 * (`?individuals=1`) *and* allowed (canSeeIndividuals) — otherwise 403, never a silent
 * downgrade, so a script cannot mistake aggregates for the full export. Every granted request
 * is written to the audit log before the data leaves.
 */
import { z } from 'zod';
import { AppError } from '@/db/errors';
import { canSeeIndividuals, type Viewer } from './viewer';

const individualsParam = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** Parses `?individuals=` (1/true/yes; absent or 0/false/no = aggregates only). */
function wantsIndividuals(url: URL): boolean {
  const parsed = individualsParam.safeParse(url.searchParams.get('individuals') ?? undefined);
  if (!parsed.success) throw new AppError('InvalidInput', 'individuals must be 1 or 0.');
  return parsed.data;
}

/** Throws Forbidden when `viewer` may not see individual rows. */
function assertMaySeeIndividuals(viewer: Viewer): void {
  if (canSeeIndividuals(viewer)) return;
  throw new AppError('Forbidden', `Individual team-load rows need the manager role; you are ${viewer.role}.`, {
    hint: viewer.authenticated
      ? 'Ask without ?individuals=1 for the team aggregates, or ask an admin for the manager role.'
      : 'Without sign-in they are shown only when SUPPORT_TRENDS_SHOW_INDIVIDUALS is on.',
  });
}

/**
 * Whether a team-data request asked for individual rows (`?individuals=`, 400 when malformed),
 * refused with 403 when `viewer` may not see them. Routes call it right after requireRole.
 */
export function individualsRequested(request: Request, viewer: Viewer): boolean {
  const individuals = wantsIndividuals(new URL(request.url));
  if (individuals) assertMaySeeIndividuals(viewer);
  return individuals;
}
