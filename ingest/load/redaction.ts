/**
 * PII redaction at ingest, before anything is stored: free text gets typed placeholders
 * ([email], [card]…) and requesters become keyed hashes, so clustering, pages and exports never
 * see the original values while distinct-customer counts still work.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { settings } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';
import { emptyCounts, PII_KINDS, redactEventRecord, redactText, redactTicketRecord, type PiiCounts, type PiiKind } from '@/lib/redact';
import type { ParsedItem } from '@/ingest/sources/types';

export interface Redactor {
  apply(item: ParsedItem): ParsedItem;
  /** Replacements made so far, by kind. */
  counts: PiiCounts;
}

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

export async function createRedactor(db: Db): Promise<Redactor> {
  const kinds = redactionKinds();
  const secret = await pseudonymSecret(db);
  const counts = emptyCounts();
  const options = { kinds, pseudonymSecret: secret, counts };
  return {
    counts,
    apply(item) {
      switch (item.kind) {
        case 'ticket':
          return { kind: 'ticket', record: redactTicketRecord(item.record, options) };
        case 'event':
          return { kind: 'event', record: redactEventRecord(item.record, options) };
        case 'rejected':
          // A rejected row's raw text is shown on the Imports page: it must not leak PII either.
          return { kind: 'rejected', row: { ...item.row, raw: redactText(item.row.raw, { kinds }).text } };
        default:
          return item;
      }
    },
  };
}
