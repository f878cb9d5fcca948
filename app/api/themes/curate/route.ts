/**
 * POST /api/themes/curate — rename, merge or split a theme (or move a topic to another theme),
 * applied now and remembered for every later analysis (lib/services/curate-theme.ts).
 *   Body: one ThemeCurationRequest as JSON, e.g. { "kind": "rename-theme", "themeId": "th3", "label": "Login problems" }.
 *   Lead role and above, as topic curation; each change is recorded in the audit log.
 * Response: { operation, curationId, themesAffected, themesRetired, note? }; errors as lib/http-errors.ts.
 */
import { revalidatePath } from 'next/cache';
import { AppError } from '@/db/errors';
import { auditActorOf, recordAudit } from '@/lib/auth/audit';
import { assertSameOrigin } from '@/lib/auth/same-origin';
import { requireRole } from '@/lib/auth/viewer';
import { getJobDatabase } from '@/lib/database';
import { handle, NO_STORE } from '@/lib/http-errors';
import { curateTheme, type ThemeCurationRequest } from '@/lib/services/curate-theme';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const viewer = await requireRole('lead');
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      throw new AppError('InvalidInput', 'The request body is not JSON.', { hint: 'Send one operation such as {"kind":"rename-theme","themeId":"th3","label":"…"}.' });
    }
    const { db } = await getJobDatabase();
    // curateTheme validates the body with its zod schema and names what is wrong.
    const result = await curateTheme(db, body as ThemeCurationRequest, { actor: auditActorOf(viewer) });
    await recordAudit(viewer, 'theme.curate', result.themesAffected.join(','), { operation: result.operation, curationId: result.curationId });
    revalidatePath('/', 'layout');
    return Response.json(result, { headers: NO_STORE });
  });
}
