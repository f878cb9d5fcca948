/**
 * One analysis at a time per database. Two analyses writing the same assignments, rollups and
 * findings at once collide (duplicate rollup keys on PostgreSQL) or interleave their results;
 * a scheduled pull and a manual ingest each starting one is the normal case, not a mistake.
 *
 *  - PostgreSQL: a session advisory lock (scoped to the database by the server), held on one
 *    reserved connection for the whole analysis; it is released when that session ends, so a
 *    killed process or a lost connection never leaves it behind.
 *  - PGlite: only one process can open the data directory (db/lock.ts), so inside that process
 *    a queue per database is enough (the web server: an upload and a scheduled pull).
 *
 * Whoever holds the lock knows that every other analysis run still marked 'running' is dead.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Sql } from 'postgres';
import type { Db } from './client';

/** Any constant, distinct from the migrations' (db/migrate.ts). */
const ANALYSIS_LOCK = 7_365_202;

/** The analysis holding the lock, as it introduces itself to those waiting. */
export interface AnalysisHolder {
  runId: number;
  startedAt: Date;
  pid: number | null;
  host: string | null;
}

export interface AnalysisLock {
  /** True when another analysis held the lock and this one waited for it to finish. */
  waited: boolean;
  /** Tells analyses waiting in this process who holds the lock (others read the runs table). */
  announce(holder: AnalysisHolder): void;
}

/**
 * Who holds the lock, for `onBusy`: within this process, a promise of the holder as soon as it
 * has announced itself (null if it finished first); for another process, null: read the runs table.
 */
export type BusyHandler = (holderInProcess: Promise<AnalysisHolder | null> | null) => Promise<void> | void;

/**
 * Runs `work` holding the database's analysis lock. When another analysis holds it, `onBusy` is
 * called once (to say so) and the call waits for it.
 */
export async function withAnalysisLock<T>(db: Db, onBusy: BusyHandler, work: (lock: AnalysisLock) => Promise<T>): Promise<T> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof PGlite) return withProcessLock(client, onBusy, work);
  if (typeof client === 'function' && 'reserve' in client) return withAdvisoryLock(client as Sql, onBusy, work);
  throw new Error('the analysis lock needs the database handle itself, not a transaction');
}

async function withAdvisoryLock<T>(client: Sql, onBusy: BusyHandler, work: (lock: AnalysisLock) => Promise<T>): Promise<T> {
  const connection = await client.reserve();
  try {
    const [{ locked }] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(${ANALYSIS_LOCK}) as locked`;
    if (!locked) {
      await onBusy(null);
      await connection`select pg_advisory_lock(${ANALYSIS_LOCK})`;
    }
    try {
      return await work({ waited: !locked, announce: () => {} });
    } finally {
      await connection`select pg_advisory_unlock(${ANALYSIS_LOCK})`.catch(() => {
        // The connection is gone: the server released the lock with the session.
      });
    }
  } finally {
    connection.release();
  }
}

interface ProcessLock {
  held: boolean;
  /** Waiting analyses, first come first served; the lock is handed to the next directly. */
  queue: (() => void)[];
  /** The current holder, once it has announced itself. */
  holder: Promise<AnalysisHolder | null>;
  settleHolder: (holder: AnalysisHolder | null) => void;
}

// On globalThis: hot reload in development re-evaluates modules, but the database (cached on
// globalThis by db/client.ts) stays the same, and so must its lock.
const LOCKS_KEY = Symbol.for('support-trends.analysis-locks');
type GlobalWithLocks = typeof globalThis & { [LOCKS_KEY]?: WeakMap<object, ProcessLock> };

async function withProcessLock<T>(key: object, onBusy: BusyHandler, work: (lock: AnalysisLock) => Promise<T>): Promise<T> {
  const g = globalThis as GlobalWithLocks;
  const locks = (g[LOCKS_KEY] ??= new WeakMap());
  let lock = locks.get(key);
  if (!lock) {
    lock = { held: false, queue: [], holder: Promise.resolve(null), settleHolder: () => {} };
    locks.set(key, lock);
  }
  const waited = lock.held;
  if (waited) {
    const handedOver = new Promise<void>((resolve) => lock!.queue.push(resolve));
    const holder = lock.holder;
    const busy = await Promise.resolve()
      .then(() => onBusy(holder))
      .then(
        () => null,
        (error: unknown) => ({ error }),
      );
    await handedOver;
    if (busy) {
      release(lock);
      throw busy.error;
    }
  }
  lock.held = true;
  lock.holder = new Promise((resolve) => (lock!.settleHolder = resolve));
  try {
    return await work({ waited, announce: (holder) => lock!.settleHolder(holder) });
  } finally {
    release(lock);
  }
}

function release(lock: ProcessLock): void {
  lock.settleHolder(null);
  const next = lock.queue.shift();
  if (next) next();
  else lock.held = false;
}
