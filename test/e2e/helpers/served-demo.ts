/**
 * A demo data set served by a production server (server.mjs) on either engine, for end-to-end
 * tests: the demo generator's export ingested into an embedded data directory or a fresh
 * PostgreSQL database, optionally with sign-in and one user per role.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { NO_AUTH_ENV } from '../../auth/cli-helpers';
import { ensureProductionBuild, freePort, signIn, startServer, type RunningServer } from '../../auth/server-helpers';
import { runCli } from '../../helpers/cli';
import type { TestEngine } from '../../helpers/database';

export const ROLES = ['viewer', 'lead', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const email = (role: Role) => `${role}@example.com`;
export const password = (role: Role) => `${role} passphrase for the e2e test`;

export interface ServedDemo {
  engine: TestEngine;
  url: string;
  server: RunningServer;
  /** The server's environment (for CLI calls on the same data). */
  env: Record<string, string>;
  /** "name=value" session cookies per role (sign-in only). */
  cookies: Record<Role, string>;
  /** Stops the server and starts it again on the same data (with `extraEnv` added). */
  restart(extraEnv?: Record<string, string>): Promise<void>;
  dispose(): Promise<void>;
}

export interface ServeOptions {
  tickets?: number;
  signIn?: boolean;
  /** Extra environment for the server (and the CLI). */
  env?: Record<string, string>;
}

/** A fresh database on the TEST_DATABASE_URL server; returns its URL and how to drop it. */
async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `st_e2e_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export async function serveDemo(engine: TestEngine, options: ServeOptions = {}): Promise<ServedDemo> {
  await ensureProductionBuild();
  const dir = mkdtempSync(path.join(tmpdir(), `st-e2e-${engine}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const pg = engine === 'postgres' ? await createPostgresDatabase() : null;
  const env: Record<string, string> = {
    ...NO_AUTH_ENV,
    DATABASE_URL: pg?.url ?? '',
    SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'data'),
    SUPPORT_TRENDS_SHOW_INDIVIDUALS: '',
    SUPPORT_TRENDS_CONFIG: path.join(dir, 'no-config.json'),
    ...(options.signIn ? { SUPPORT_TRENDS_AUTH_SECRET: `e2e-secret-${randomBytes(16).toString('hex')}`, SUPPORT_TRENDS_BASE_URL: url } : {}),
    ...options.env,
  };
  const demo = await runCli(['demo', '--no-serve', '--tickets', String(options.tickets ?? 2_000), '--data-dir', env.SUPPORT_TRENDS_DATA_DIR], env, 300_000);
  if (demo.code !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  if (options.signIn) {
    for (const role of ROLES) {
      const added = await runCli(['users', 'add', email(role), '--role', role, '--password-stdin'], env, 120_000, password(role));
      if (added.code !== 0) throw new Error(`users add failed: ${added.stderr}`);
    }
  }
  let current = await startServer(port, env);
  const cookies = {} as Record<Role, string>;
  if (options.signIn) {
    for (const role of ROLES) {
      const result = await signIn(url, email(role), password(role));
      if (!result.cookie) throw new Error(`sign-in as ${role} failed: ${result.status}`);
      cookies[role] = result.cookie;
    }
  }
  const served: ServedDemo = {
    engine,
    url,
    get server() {
      return current;
    },
    env,
    cookies,
    async restart(extraEnv = {}) {
      await current.stop();
      Object.assign(env, extraEnv);
      current = await startServer(port, env);
    },
    async dispose() {
      await current.stop();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return served;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request through node:http, for what fetch refuses to send (TRACE, a malformed header value)
 * or reads differently.
 */
export function rawRequest(url: string, method: string, headers: Record<string, string> = {}, body?: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
