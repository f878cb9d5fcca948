import { openDatabase, type Database, type DatabaseTarget } from '@/db/client';
import { acquireDataDirLock, acquireDataDirLockWaiting, type LockInfo } from '@/db/lock';
import { installedMigrations } from '@/lib/database';

export interface DatabaseOptions {
  /**
   * Wait while another command uses the embedded database (told once through this callback)
   * instead of failing; the dashboard is never waited for.
   */
  onWait?: (holder: LockInfo) => void;
  /** The command reads a little and exits: the embedded database starts with a small buffer pool. */
  briefUse?: boolean;
}

/**
 * Runs `fn` with the database at `target` open. The embedded database is locked for the
 * duration, so a second process gets a clear "in use by …" message instead of corrupting it
 * (or waits its turn, with `onWait`). `waited` tells `fn` whether it had to.
 */
export async function withDatabase<T>(
  target: DatabaseTarget,
  command: string,
  fn: (database: Database, lock: { waited: boolean }) => Promise<T>,
  options: DatabaseOptions = {},
): Promise<T> {
  let release = () => {};
  let waited = false;
  if (target.kind === 'pglite' && target.dataDir) {
    if (options.onWait) ({ release, waited } = await acquireDataDirLockWaiting(target.dataDir, command, options.onWait));
    else release = acquireDataDirLock(target.dataDir, command);
  }
  try {
    const database = await openDatabase(target, { migrationsFolder: installedMigrations(), briefUse: options.briefUse });
    try {
      return await fn(database, { waited });
    } finally {
      await database.close();
    }
  } finally {
    release();
  }
}
