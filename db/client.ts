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
import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';
import { acquireDataDirLock } from './lock';
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

/** Where the environment says data lives: DATABASE_URL wins over the embedded data directory. */
export function targetFromEnv(): DatabaseTarget {
  const env = getEnv();
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'pglite', dataDir: env.dataDir };
}

function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`; // never print the password
  } catch {
    return 'PostgreSQL';
  }
}

export async function openDatabase(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<Database> {
  const database = target.kind === 'pglite' ? await openPglite(target.dataDir) : await openPostgres(target.url);
  if (options.migrate !== false) await applyMigrations(database);
  return database;
}

async function openPglite(dataDir: string | null): Promise<Database> {
  let pgDir: string | undefined;
  if (dataDir) {
    pgDir = path.join(dataDir, 'pgdata');
    mkdirSync(dataDir, { recursive: true });
  }
  let client: PGlite;
  try {
    client = new PGlite(pgDir);
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

async function openPostgres(url: string): Promise<Database> {
  const client = postgres(url, { max: 8, onnotice: () => {}, connect_timeout: 10 });
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

const GLOBAL_KEY = Symbol.for('support-trends.database');
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<Database> };

/**
 * The process-wide database for the web server. Cached on globalThis so that hot reload in
 * development neither opens new connections nor starts a second embedded instance.
 */
export function getDatabase(): Promise<Database> {
  const g = globalThis as GlobalWithDb;
  if (!g[GLOBAL_KEY]) {
    const target = targetFromEnv();
    // A server started without the CLI still must not share the embedded database.
    if (target.kind === 'pglite' && target.dataDir) acquireDataDirLock(target.dataDir, 'serve');
    g[GLOBAL_KEY] = openDatabase(target).catch((error) => {
      g[GLOBAL_KEY] = undefined; // let the next request retry instead of caching the failure
      throw error;
    });
  }
  return g[GLOBAL_KEY];
}

export { schema };
