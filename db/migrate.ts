/**
 * Applies the drizzle-kit migrations in db/migrations, on first use of a database.
 * The same files serve PGlite and PostgreSQL.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { getEnv } from '@/lib/env';
import type { Database } from './client';

/** db/migrations of the installation (the CLI records where it is installed; the server runs from there). */
export function migrationsFolder(): string {
  const folder = path.join(/*turbopackIgnore: true*/ getEnv().projectRoot, 'db', 'migrations');
  if (!existsSync(path.join(folder, 'meta', '_journal.json'))) throw new Error(`Migrations not found in ${folder}`);
  return folder;
}

/** Any constant: the advisory lock that serialises migrations of concurrent processes. */
const MIGRATION_LOCK = 7_365_201;

export async function applyMigrations(database: Database): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, config);
    return;
  }
  // Two processes starting at once on a fresh PostgreSQL database (two ingests, an ingest and
  // the server) would both create the tables; the second waits here and then finds them.
  await database.withSessionLock(MIGRATION_LOCK, () => migratePostgres(database.db as never, config));
}
