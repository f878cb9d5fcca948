/**
 * Opens the database: embedded PGlite in a data directory by default, or a PostgreSQL server
 * when DATABASE_URL is set. Both are driven through the same drizzle schema and migrations,
 * so nothing above this module knows which one it talks to.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { AppError } from './errors';
import { applyMigrations } from './migrate';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages ("PGlite in ./.support-trends", "PostgreSQL at host/db"). */
  description: string;
  close(): Promise<void>;
  /** Runs `work` while this process holds a PostgreSQL advisory lock (PGlite has one process anyway). */
  withSessionLock<T>(key: number, work: () => Promise<T>): Promise<T>;
}

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string | null /* null = in memory */ }
  | { kind: 'postgres'; url: string };

function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`; // never print the password
  } catch {
    return 'PostgreSQL';
  }
}

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /**
   * The installation's db/migrations (lib/database.ts installedMigrations); default: db/migrations
   * under the working directory, where tests and benchmarks run.
   */
  migrationsFolder?: string;
  /**
   * PostgreSQL only: cancel any statement running longer than this (statement_timeout), for the
   * web server's page and API requests. PGlite has no such timer (it ignores the setting): there,
   * requests are kept cheap instead (ranges within the data, capped series and rows).
   */
  statementTimeoutMs?: number;
  /**
   * PGlite only: the caller reads a little and exits (`report`, `export`). PostgreSQL in
   * WebAssembly initialises its whole buffer pool at start; a small pool (16 MB instead of the
   * default 128 MB) starts ~0.4 s of CPU faster, and such a command never fills it. Long work
   * (ingest, analysis, the web server) keeps the default pool.
   */
  briefUse?: boolean;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  const database = target.kind === 'pglite' ? await openPglite(target.dataDir, options.briefUse ?? false) : await openPostgres(target.url, options.statementTimeoutMs);
  if (options.migrate !== false) await applyMigrations(database, options.migrationsFolder);
  return database;
}

/** PGlite's own start parameters plus a small buffer pool, for brief commands. */
const BRIEF_USE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

async function openPglite(dataDir: string | null, briefUse: boolean): Promise<Database> {
  let pgDir: string | undefined;
  if (dataDir) {
    pgDir = path.join(dataDir, 'pgdata');
    mkdirSync(dataDir, { recursive: true });
  }
  let client: PGlite;
  try {
    client = new PGlite(pgDir, briefUse ? { startParams: BRIEF_USE_START_PARAMS } : {});
    await client.waitReady;
  } catch (error) {
    throw new AppError('Unavailable', `Cannot open the embedded database in ${pgDir ?? 'memory'}: ${String(error)}`, {
      hint: 'If another Support Trends process uses this data directory, stop it first.',
      cause: error,
    });
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    description: dataDir ? `embedded PGlite in ${dataDir}` : 'embedded PGlite in memory',
    close: () => client.close(),
    withSessionLock: (_key, work) => work(),
  };
}

async function openPostgres(url: string, statementTimeoutMs?: number): Promise<Database> {
  const client = postgres(url, {
    max: 8,
    onnotice: () => {},
    connect_timeout: 10,
    ...(statementTimeoutMs ? { connection: { statement_timeout: Math.round(statementTimeoutMs) } } : {}),
  });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new AppError('Unavailable', `Cannot connect to ${describePostgresUrl(url)}: ${(error as Error).message}`, {
      hint: 'Check that the server is running and DATABASE_URL is right.',
      cause: error,
    });
  }
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    description: describePostgresUrl(url),
    close: () => client.end({ timeout: 5 }),
    async withSessionLock(key, work) {
      // A session-level lock lives on one connection: reserve it for the duration.
      const connection = await client.reserve();
      try {
        await connection`select pg_advisory_lock(${key})`;
        return await work();
      } finally {
        await connection`select pg_advisory_unlock(${key})`.catch(() => {});
        connection.release();
      }
    },
  };
}

const CONNECTION_ERRORS = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

const LOAD_HINT =
  'Batches committed before the failure are kept. Re-run the same command when the database is back: it completes the work without duplicates.';

/**
 * The database went away (server stopped, network cut): a clear message instead of a driver
 * error, so a person knows what is safe and what to do (`during` and `hint` say it for the work
 * that was cut; the default speaks of a load). Null for other errors.
 */
export function asDatabaseUnavailable(error: unknown, context: { during?: string; hint?: string } = {}): AppError | null {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_ERRORS.has(code)) {
      return new AppError('Unavailable', `Lost the connection to the database (${code})${context.during ? ` during ${context.during}` : ''}.`, {
        hint: context.hint ?? LOAD_HINT,
        cause: error,
      });
    }
  }
  return null;
}

/**
 * Rows of a raw SQL statement. The two drivers shape results differently (postgres-js returns
 * an array, PGlite an object with `rows`); this hides the difference.
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export { schema };
