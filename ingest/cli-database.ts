import { openDatabase, targetFromEnv, type Database } from '@/db/client';
import { acquireDataDirLock } from '@/db/lock';

/**
 * Runs `fn` with the configured database open. The embedded database is locked for the
 * duration, so a second process gets a clear "in use by …" message instead of corrupting it.
 */
export async function withDatabase<T>(command: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const target = targetFromEnv();
  const release = target.kind === 'pglite' && target.dataDir ? acquireDataDirLock(target.dataDir, command) : () => {};
  try {
    const database = await openDatabase(target);
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  } finally {
    release();
  }
}
