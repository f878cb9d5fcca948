/**
 * Password guessing, slowed per account *and* address: an address that keeps failing for one
 * account waits longer and longer before its next try (after FREE_FAILURES failures: 2 s, 4 s,
 * 8 s… up to 15 minutes), while the account holder at any other address signs in as usual. A
 * per-account lock-out would let anyone who knows an address lock its owner out with ten wrong
 * passwords (OWASP Authentication Cheat Sheet: "Account lockout… can be abused to deny service";
 * prefer throttling, per source). The per-address rate limit (better-auth.ts) caps guesses on
 * many accounts from one address; this caps guesses on one account.
 */
import { and, count, eq, gt, max, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditEvents } from '@/db/schema-auth';

/** Failures from one address for one account that cost nothing. */
export const FREE_FAILURES = 5;
/** Failures older than this are forgotten. */
export const FAILURE_WINDOW_MINUTES = 15;
export const MAX_WAIT_SECONDS = FAILURE_WINDOW_MINUTES * 60;
/** The address of a request whose address is unknown (a server not started by server.mjs). */
export const UNKNOWN_ADDRESS = 'unknown';

/** Seconds the next attempt must wait after `failures` recent failures, the last at `lastAt` (epoch ms). */
export function secondsToWait(failures: number, lastAt: number | null, now: number): number {
  if (failures < FREE_FAILURES || lastAt === null) return 0;
  const wait = Math.min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_FAILURES + 1));
  return Math.max(0, Math.ceil((lastAt + wait * 1000 - now) / 1000));
}

/** Recent failed password sign-ins for `email` from `address` (from the audit log), and the last one's time. */
export async function recentFailures(db: Db, email: string, address: string, now: number): Promise<{ failures: number; lastAt: number | null }> {
  const since = new Date(now - FAILURE_WINDOW_MINUTES * 60_000);
  const [row] = await db
    .select({ n: count(), last: max(auditEvents.occurredAt) })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, 'auth.sign_in_failed'),
        eq(auditEvents.target, email),
        sql`${auditEvents.detail}->>'address' = ${address}`,
        gt(auditEvents.occurredAt, since),
      ),
    );
  const last = row?.last ? new Date(row.last as unknown as string).getTime() : null;
  return { failures: Number(row?.n ?? 0), lastAt: last };
}
