'use server';

import { revalidatePath } from 'next/cache';
import { redirect, unstable_rethrow } from 'next/navigation';
import { getJobDatabase } from '@/lib/database';
import { auditActorOf, recordAudit } from '@/lib/auth/audit';
import { requireRole } from '@/lib/auth/viewer';
import { getEnv } from '@/lib/env';
import { AppError } from '@/db/errors';
import { curateTopic, type CurationRequest } from '@/lib/services/curate-topic';
import { UNCLUSTERED_PARAM } from '@/lib/topic-id';

export interface CurationFormState {
  ok: boolean;
  message: string;
}

const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();

/** The form's fields as an operation; curateTopic validates it (zod) and says what is wrong. */
function requestFrom(form: FormData): CurationRequest {
  const kind = text(form, 'kind');
  const topicId = text(form, 'topicId');
  switch (kind) {
    case 'rename':
      return { kind, topicId, label: text(form, 'label') };
    case 'merge':
      return { kind, sourceId: topicId, targetId: text(form, 'targetId') };
    case 'split': {
      const label = text(form, 'label');
      return { kind, topicId, keywords: text(form, 'keywords').split(',').map((k) => k.trim()).filter(Boolean), ...(label ? { label } : {}) };
    }
    case 'move': {
      const target = text(form, 'targetId');
      const ticketIds = text(form, 'ticketIds').split(/[\s,;]+/).map((t) => t.replace(/^#/, '')).filter(Boolean);
      return { kind, ticketIds, topicId: target === UNCLUSTERED_PARAM ? null : target || topicId };
    }
    default:
      throw new AppError('InvalidInput', `Unknown curation "${kind}".`);
  }
}

/**
 * One server action for the four curation forms of a topic page. Needs the lead role; the
 * operation is applied now and recorded for replay (lib/services/curate-topic.ts).
 */
export async function curateTopicAction(_previous: CurationFormState, form: FormData): Promise<CurationFormState> {
  let goTo: string | null = null;
  try {
    const viewer = await requireRole('lead');
    const request = requestFrom(form);
    const { db } = await getJobDatabase();
    const result = await curateTopic(db, request, { actor: auditActorOf(viewer), timeZone: getEnv().SUPPORT_TRENDS_TZ });
    await recordAudit(viewer, 'topic.curate', result.topicsAffected.join(','), {
      operation: result.operation,
      curationId: result.curationId,
      ticketsMoved: result.ticketsMoved,
    });
    revalidatePath('/', 'layout');
    const op = result.operation;
    if (op.kind === 'merge') goTo = `/topics/${op.targetId}?merged=${op.sourceId}`;
    const message =
      op.kind === 'rename'
        ? `Renamed to “${op.label}”. Later analyses keep this name.`
        : op.kind === 'split'
          ? `Split: ${result.ticketsMoved} tickets moved to the new topic ${op.newTopicId}${result.note ? ` (${result.note})` : ''}. New tickets with these keywords will follow.`
          : op.kind === 'move'
            ? `Moved ${result.ticketsMoved} tickets${op.topicId ? ` to ${op.topicId}` : ' out of any topic'}.`
            : `Merged: ${result.ticketsMoved} tickets moved.`;
    if (!goTo) return { ok: true, message: `${message} Spikes, pain points and release findings update with the next analysis.` };
  } catch (error) {
    // A redirect to sign-in (expired session) must reach Next.js, not become a form message.
    unstable_rethrow(error);
    if (error instanceof AppError) return { ok: false, message: error.hint ? `${error.message} ${error.hint}` : error.message };
    console.error(error);
    return { ok: false, message: 'The change could not be saved; nothing was changed. See the server log for details.' };
  }
  redirect(goTo);
}
