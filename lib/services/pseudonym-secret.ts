/**
 * The keyed-hash secret of pseudonyms: the ingest hashes requesters with it, the team analysis
 * hashes agents' names with it to recognise colleagues among requesters (analyze/team-people.ts).
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { settings } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { PSEUDONYM_SECRET_SETTING as SECRET_SETTING } from '@/lib/queries/filter-values';

/**
 * The keyed-hash secret: SUPPORT_TRENDS_SECRET, or one generated on first use and kept in the
 * settings table (so the same customer maps to the same key in every later ingest).
 */
export async function pseudonymSecret(db: Db): Promise<string> {
  const fromEnv = getEnv().SUPPORT_TRENDS_SECRET;
  if (fromEnv) return fromEnv;
  const generated = randomBytes(32).toString('base64url');
  await db.insert(settings).values({ key: SECRET_SETTING, value: generated }).onConflictDoNothing();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SECRET_SETTING));
  return row.value as string;
}
