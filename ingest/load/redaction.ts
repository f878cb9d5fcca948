/**
 * The settings of PII redaction at ingest (applied in prepare.ts before anything is stored):
 * free text gets typed placeholders ([email], [card]…) and requesters become keyed hashes, so
 * clustering, pages and exports never see the original values while distinct customers still count.
 */
import type { Db } from '@/db/client';
import { AppError } from '@/db/errors';
import { getEnv } from '@/lib/env';
import { PII_KINDS, type PiiKind } from '@/lib/redact';
import { pseudonymSecret } from '@/lib/services/pseudonym-secret';
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

/** What and how to redact, for the preparation of records (prepare.ts), wherever it runs. */
export async function redactionSettings(db: Db): Promise<RedactionSettings> {
  return { kinds: redactionKinds(), secret: await pseudonymSecret(db) };
}
