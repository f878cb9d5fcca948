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

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /**
   * PostgreSQL only: cancel any statement running longer than this (statement_timeout), for the
   * web server's page and API requests. PGlite has no such timer (it ignores the setting): there,
   * requests are kept cheap instead (ranges within the data, capped series and rows).
   */
  statementTimeoutMs?: number;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  const database = target.kind === 'pglite' ? await openPglite(target.dataDir) : await openPostgres(target.url, options.statementTimeoutMs);
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
    const target = targetFromEnv();
    // A server started without the CLI still must not share the embedded database.
    if (target.kind === 'pglite' && target.dataDir) acquireDataDirLock(target.dataDir, 'serve');
    return openDatabase(target);
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
    const target = targetFromEnv();
    return openDatabase(target, { migrate: false, statementTimeoutMs: getEnv().SUPPORT_TRENDS_REQUEST_TIMEOUT_SECONDS * 1000 });
  });
}

export { schema };
