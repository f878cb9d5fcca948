/**
 * Applies the drizzle-kit migrations in db/migrations, on first use of a database.
 * The same files serve PGlite and PostgreSQL.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';

/**
 * The migrations folder: the installation's (lib/database.ts installedMigrations, passed by the
 * CLI and the server), else db/migrations under the working directory (tests, benchmarks).
 */
function checkedFolder(folder = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations')): string {
  if (!existsSync(path.join(folder, 'meta', '_journal.json'))) throw new Error(`Migrations not found in ${folder}`);
  return folder;
}

/** Any constant: the advisory lock that serialises migrations of concurrent processes. */
const MIGRATION_LOCK = 7_365_201;

/** What migrating needs of an open database (db/client.ts Database; declared here so the two files do not import each other). */
interface MigratableDatabase {
  kind: 'pglite' | 'postgres';
  db: unknown;
  withSessionLock<T>(key: number, work: () => Promise<T>): Promise<T>;
}

export async function applyMigrations(database: MigratableDatabase, folder?: string): Promise<void> {
  const config = { migrationsFolder: checkedFolder(folder) };
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, config);
    return;
  }
  // Two processes starting at once on a fresh PostgreSQL database (two ingests, an ingest and
  // the server) would both create the tables; the second waits here and then finds them.
  await database.withSessionLock(MIGRATION_LOCK, () => migratePostgres(database.db as never, config));
}
