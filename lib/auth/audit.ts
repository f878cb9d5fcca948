/**
 * The audit log: who viewed or exported individual team data, who curated topics, who imported
 * data, who signed in (or failed to), and who changed users. Rows are only ever appended.
 *
 * Recording is part of the action, not an afterthought: callers await it *before* they return
 * individual data, so a failure to record refuses the request instead of leaving an unlogged
 * view (fail closed).
 */
import { desc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditEvents, type AuditEventRow } from '@/db/schema-auth';
import type { Viewer } from './roles';

export const AUDIT_ACTIONS = [
  'team.view_individuals',
  'team.export_individuals',
  'topic.curate',
  'theme.curate',
  'data.import',
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'user.add',
  'user.remove',
  'user.set_role',
  'user.set_password',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEventInput {
  actor: string;
  role: string | null;
  action: AuditAction;
  target?: string | null;
  detail?: Record<string, unknown> | null;
}

/** How a viewer is named in the log: the e-mail of a signed-in person, else their name. */
export function auditActorOf(viewer: Viewer): string {
  return viewer.email ?? viewer.name;
}

export async function insertAuditEvent(db: Db, event: AuditEventInput): Promise<void> {
  await db.insert(auditEvents).values({
    actor: event.actor,
    role: event.role,
    action: event.action,
    target: event.target ?? null,
    detail: event.detail ?? null,
  });
}

/** Records that `viewer` did `action` to `target` (in the web server's database). */
export async function recordAudit(
  viewer: Viewer,
  action: AuditAction,
  target: string | null,
  detail?: Record<string, unknown>,
): Promise<void> {
  const { getDatabase } = await import('@/lib/database');
  const { db } = await getDatabase();
  await insertAuditEvent(db, { actor: auditActorOf(viewer), role: viewer.role, action, target, detail });
}

/**
 * For the Team page: call after deciding to show individual rows and before rendering them.
 * Records nothing when only aggregates are shown (those identify no one).
 */
export async function auditIndividualTeamView(
  viewer: Viewer,
  shown: { individuals: boolean; agents?: number; filters?: Record<string, unknown> },
): Promise<void> {
  if (!shown.individuals) return;
  await recordAudit(viewer, 'team.view_individuals', 'team', {
    via: 'team page',
    ...(shown.agents !== undefined ? { agents: shown.agents } : {}),
    ...(shown.filters ? { filters: shown.filters } : {}),
  });
}

/** The latest entries, newest first. */
export async function listAuditEvents(db: Db, limit = 50): Promise<AuditEventRow[]> {
  return db.select().from(auditEvents).orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id)).limit(limit);
}
