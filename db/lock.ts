/**
 * The embedded database is single-process: two PGlite instances writing one data directory
 * corrupt it. Every process that opens the data directory takes this lock first; a second
 * process gets a clear message naming the holder instead of a damaged database.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from './errors';

export interface LockInfo {
  pid: number;
  command: string;
  startedAt: string;
  /** Where the holder can be reached, e.g. the dashboard's URL. */
  url?: string;
}

/** Whether a process of this machine is still running (EPERM: it is, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, 'lock.json'), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** Takes the lock for this process (or a parent that already holds it); returns a release function. */
export function acquireDataDirLock(dataDir: string, command: string, url?: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'lock.json');
  const info: LockInfo = { pid: process.pid, command, startedAt: new Date().toISOString(), url };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readLock(dataDir)?.pid === process.pid) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(dataDir);
      if (holder && (holder.pid === process.pid || holder.pid === process.ppid)) return () => {};
      if (holder && isAlive(holder.pid)) {
        const where = holder.url ? ` at ${holder.url}` : '';
        throw new AppError(
          'Conflict',
          `The embedded database in ${dataDir} is in use by "support-trends ${holder.command}" (pid ${holder.pid}${where}, since ${holder.startedAt}).`,
          {
            hint:
              holder.command === 'serve'
                ? `Upload the file on the dashboard's Imports page${holder.url ? ` (${holder.url}/imports)` : ''}, or stop the dashboard first. To ingest while serving, use PostgreSQL (DATABASE_URL).`
                : 'Wait for it to finish, or stop it first.',
          },
        );
      }
      // The holder died without cleaning up (kill -9, power loss): the lock is stale.
      try {
        unlinkSync(file);
      } catch {
        // someone else removed it first
      }
    }
  }
  throw new AppError('Conflict', `Could not lock the data directory ${dataDir}.`);
}

/**
 * Takes the lock, waiting while another command holds it, unless that is the dashboard (which
 * never finishes): `onWait` is told once whom it waits for. For work that should follow the
 * current one rather than fail, like the analysis after an ingest.
 */
export async function acquireDataDirLockWaiting(
  dataDir: string,
  command: string,
  onWait: (holder: LockInfo) => void,
  pollMs = 250,
): Promise<{ release: () => void; waited: boolean }> {
  let waited = false;
  for (;;) {
    try {
      return { release: acquireDataDirLock(dataDir, command), waited };
    } catch (error) {
      const holder = readLock(dataDir);
      if (!(error instanceof AppError) || error.code !== 'Conflict') throw error;
      if (holder?.command === 'serve') throw error;
      if (holder && !waited) {
        waited = true;
        onWait(holder);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
