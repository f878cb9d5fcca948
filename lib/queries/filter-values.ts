/**
 * The filters' values checked against what is stored, after the URL was parsed: a topic, an
 * organization or a customer that is not there gets a sentence saying so, instead of a page of
 * silent zeros. The filter stays (it matches nothing): showing every ticket instead would answer
 * a question nobody asked. The customer filter accepts what a person knows — an e-mail address or a
 * login (hashed with the installation's pseudonym secret, exactly as the ingest stored the
 * requester), the short pseudonym the pages show (`cust_Ab3dEf9Q`) or the stored key — and
 * becomes the stored key, so links and queries never carry the e-mail further.
 */
import { eq, like } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { customers, organizations, settings, topics } from '@/db/schema';
import { getEnv } from '@/lib/env';
import type { Filters } from '@/lib/filters';
import { SHORT_PSEUDONYM_DIGEST } from '@/lib/format';
import { PSEUDONYM_PREFIX, pseudonymousKey } from '@/lib/redact/pseudonymous-key';

/** The settings key of the generated pseudonym secret (lib/services/pseudonym-secret.ts makes it). */
export const PSEUDONYM_SECRET_SETTING = 'pseudonym_secret';

/** The pseudonym secret without creating one: SUPPORT_TRENDS_SECRET, else the stored one, else null (nothing was hashed yet). */
export async function readPseudonymSecret(db: Db): Promise<string | null> {
  const fromEnv = getEnv().SUPPORT_TRENDS_SECRET;
  if (fromEnv) return fromEnv;
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, PSEUDONYM_SECRET_SETTING));
  return typeof row?.value === 'string' ? row.value : null;
}

const SHORT_PSEUDONYM = new RegExp(`^${PSEUDONYM_PREFIX}[\\w-]{${SHORT_PSEUDONYM_DIGEST}}$`);

/** The stored key of the customer a person typed (see the module comment); null when none matches. */
export async function findCustomerKey(db: Db, typed: string): Promise<string | null> {
  const exact = async (key: string) => (await db.select({ key: customers.key }).from(customers).where(eq(customers.key, key)).limit(1))[0]?.key ?? null;
  const asStored = await exact(typed);
  if (asStored) return asStored;
  if (SHORT_PSEUDONYM.test(typed)) {
    // Two customers sharing the shown 8 characters are not told apart: the filter then says so.
    const matches = await db.select({ key: customers.key }).from(customers).where(like(customers.key, `${typed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)).limit(2);
    return matches.length === 1 ? matches[0].key : null;
  }
  const secret = await readPseudonymSecret(db);
  return secret ? exact(pseudonymousKey(typed, secret)) : null;
}

export interface CheckedFilters {
  filters: Filters;
  /** One sentence per value that names nothing stored (its filter kept: it matches nothing). */
  problems: string[];
}

/** Says which topic, organization or customer is not stored (the filter stays and matches nothing); a found customer becomes its stored key. */
export async function checkFilterValues(db: Db, filters: Filters): Promise<CheckedFilters> {
  const checked: Filters = { ...filters };
  const problems: string[] = [];
  if (typeof filters.topic === 'string') {
    const [row] = await db.select({ id: topics.id }).from(topics).where(eq(topics.id, filters.topic)).limit(1);
    if (!row) problems.push(`There is no topic ${filters.topic} (a re-analysis may have merged it away), so nothing matches it.`);
  }
  if (filters.org !== undefined) {
    const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, filters.org)).limit(1);
    if (!row) problems.push(`There is no organization number ${filters.org}, so nothing matches it.`);
  }
  if (filters.customer !== undefined) {
    const key = await findCustomerKey(db, filters.customer);
    if (key) checked.customer = key;
    else problems.push(`No customer matches "${filters.customer.slice(0, 60)}" (give the requester as the export names them — an e-mail address, a name or a login — or a pseudonym such as cust_Ab3dEf9Q).`);
  }
  return { filters: checked, problems };
}

