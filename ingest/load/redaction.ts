/**
 * The settings of PII redaction at ingest (applied in prepare.ts before anything is stored):
 * free text gets typed placeholders ([email], [card]…) and requesters become keyed hashes, so
 * clustering, pages and exports never see the original values while distinct customers still count.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { settings } from '@/db/schema';
import { AppError } from '@/db/errors';
import { getEnv } from '@/lib/env';
import { PII_KINDS, type PiiKind } from '@/lib/redact';
import type { RedactionSettings } from './prepare';

/** The kinds to redact per SUPPORT_TRENDS_REDACT ("on", "off" or a comma list). */
export function redactionKinds(setting = getEnv().SUPPORT_TRENDS_REDACT): PiiKind[] {
  const value = setting.trim().toLowerCase();
  if (value === 'on' || value === 'all' || value === '') return [...PII_KINDS];
  if (value === 'off' || value === 'none') return [];
  const kinds = value.split(',').map((k) => k.trim());
  const unknown = kinds.filter((k) => !(PII_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new AppError('InvalidInput', `SUPPORT_TRENDS_REDACT: unknown kind(s) ${unknown.join(', ')}`, {
      hint: `Use "on", "off" or a comma list of ${PII_KINDS.join(', ')}.`,
    });
  }
  return kinds as PiiKind[];
}

const SECRET_SETTING = 'pseudonym_secret';

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

/** What and how to redact, for the preparation of records (prepare.ts), wherever it runs. */
export async function redactionSettings(db: Db): Promise<RedactionSettings> {
  return { kinds: redactionKinds(), secret: await pseudonymSecret(db) };
}
