/**
 * Applies the drizzle-kit migrations in db/migrations, on first use of a database.
 * The same files serve PGlite and PostgreSQL.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './client';

/**
 * Next.js bundles server code elsewhere, so import.meta.url does not always point at this
 * folder; the server is always started from the project root, hence the cwd fallback.
 */
export function migrationsFolder(): string {
  const candidates = [path.join(process.cwd(), 'db', 'migrations')];
  try {
    candidates.unshift(fileURLToPath(new URL('./migrations', import.meta.url)));
  } catch {
    // not a file: URL inside a bundle
  }
  const found = candidates.find((dir) => existsSync(path.join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`Migrations not found (looked in ${candidates.join(', ')})`);
  return found;
}

export async function applyMigrations(database: Database): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, config);
  } else {
    await migratePostgres(database.db as never, config);
  }
}
