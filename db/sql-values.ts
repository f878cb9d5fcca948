import { sql, type SQL } from 'drizzle-orm';

/**
 * A timestamp parameter for raw `sql` templates. The postgres driver cannot serialise a JS Date
 * passed through drizzle's raw templates (PGlite can), so instants travel as ISO text with an
 * explicit cast — the same on both engines.
 */
export function timestampParam(value: Date | number): SQL {
  return sql`${new Date(value).toISOString()}::timestamptz`;
}
