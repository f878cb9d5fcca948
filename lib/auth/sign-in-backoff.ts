/**
 * Password guessing, slowed per account *and* address: an address that keeps failing for one
 * account waits longer and longer before its next try (after FREE_FAILURES failures: 2 s, 4 s,
 * 8 s… up to 15 minutes), while the account holder at any other address signs in as usual. A
 * per-account lock-out would let anyone who knows an address lock its owner out with ten wrong
 * passwords (OWASP Authentication Cheat Sheet: "Account lockout… can be abused to deny service";
 * prefer throttling, per source). The per-address rate limit (better-auth.ts) caps guesses on
 * many accounts from one address; this caps guesses on one account.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';

/** Failures from one address for one account that cost nothing. */
export const FREE_FAILURES = 5;
/** Failures older than this are forgotten. */
export const FAILURE_WINDOW_MINUTES = 15;
export const MAX_WAIT_SECONDS = FAILURE_WINDOW_MINUTES * 60;
/** The address of a request whose address is unknown (a server not started by server.mjs). */
export const UNKNOWN_ADDRESS = 'unknown';

/** Seconds the next attempt must wait after `failures` recent failures, the last `sinceLast` seconds ago. */
export function secondsToWait(failures: number, sinceLast: number | null): number {
  if (failures < FREE_FAILURES || sinceLast === null) return 0;
  const wait = Math.min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_FAILURES + 1));
  return Math.max(0, Math.ceil(wait - sinceLast));
}

/**
 * Recent failed password sign-ins for `email` from `address` (from the audit log), and how many
 * seconds ago the last one was — all on the database's clock, which wrote them.
 */
export async function recentFailures(db: Db, email: string, address: string): Promise<{ failures: number; sinceLast: number | null }> {
  const [row] = await queryRows<{ failures: number; since_last: number | null }>(
    db,
    sql`select count(*)::int as failures, extract(epoch from now() - max(occurred_at))::float8 as since_last
        from audit_events
        where action = 'auth.sign_in_failed' and target = ${email} and detail->>'address' = ${address}
          and occurred_at > now() - make_interval(mins => ${FAILURE_WINDOW_MINUTES})`,
  );
  return { failures: row?.failures ?? 0, sinceLast: row?.since_last ?? null };
}
