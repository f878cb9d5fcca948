/**
 * The web server's databases, opened from the environment's settings (lib/env.ts) and cached
 * for the life of the process, and the installation's migrations. db/ knows how to open a
 * database; this module knows which one the server uses.
 */
import path from 'node:path';
import { openDatabase, type Database } from '@/db/client';
import { AppError } from '@/db/errors';
import { acquireDataDirLock } from '@/db/lock';
import { databaseTarget, getEnv } from '@/lib/env';

/** db/migrations of the installation (the CLI records where it is installed; the server runs from there). */
export function installedMigrations(): string {
  return path.join(/*turbopackIgnore: true*/ getEnv().projectRoot, 'db', 'migrations');
}

/**
 * A statement cancelled by statement_timeout (SQLSTATE 57014, query_canceled): the request asked
 * for more than its time budget. Null for other errors.
 */
export function asStatementTimeout(error: unknown): AppError | null {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '57014') {
      return new AppError('Timeout', `This request needed more than the ${getEnv().SUPPORT_TRENDS_REQUEST_TIMEOUT_SECONDS} s a page or API request may take, so it was stopped.`, {
        hint: 'Try a narrower date range or fewer filters; whole exports belong to the command line (support-trends export).',
        cause: error,
      });
    }
  }
  return null;
}

/** server.mjs closes the web server's databases through these keys when it stops. */
const GLOBAL_KEY = Symbol.for('support-trends.database');
const JOB_GLOBAL_KEY = Symbol.for('support-trends.job-database');
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<Database>; [JOB_GLOBAL_KEY]?: Promise<Database> };

function cached(key: typeof GLOBAL_KEY | typeof JOB_GLOBAL_KEY, open: () => Promise<Database>): Promise<Database> {
  const g = globalThis as GlobalWithDb;
  if (!g[key]) {
    g[key] = open().catch((error) => {
      g[key] = undefined; // let the next request retry instead of caching the failure
      throw error;
    });
  }
  return g[key];
}

/**
 * The web server's database for work that may take long: uploads (ingest and analysis),
 * scheduled pulls, topic curation. Migrated on first use. PGlite: the one embedded instance.
 * Cached on globalThis so that hot reload in development neither opens new connections nor
 * starts a second embedded instance.
 */
export function getJobDatabase(): Promise<Database> {
  return cached(JOB_GLOBAL_KEY, async () => {
    const target = databaseTarget(getEnv());
    // A server started without the CLI still must not share the embedded database.
    if (target.kind === 'pglite' && target.dataDir) acquireDataDirLock(target.dataDir, 'serve');
    return openDatabase(target, { migrationsFolder: installedMigrations() });
  });
}

/**
 * The web server's database for page and API requests. On PostgreSQL its own pool, whose
 * statements are cancelled after SUPPORT_TRENDS_REQUEST_TIMEOUT_SECONDS (see asStatementTimeout:
 * a 503 "try a narrower range"); on PGlite the one embedded instance (getJobDatabase).
 */
export function getDatabase(): Promise<Database> {
  return cached(GLOBAL_KEY, async () => {
    const jobs = await getJobDatabase(); // migrates first
    if (jobs.kind === 'pglite') return jobs;
    const target = databaseTarget(getEnv());
    return openDatabase(target, { migrate: false, statementTimeoutMs: getEnv().SUPPORT_TRENDS_REQUEST_TIMEOUT_SECONDS * 1000 });
  });
}
