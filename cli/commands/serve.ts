/**
 * `support-trends serve [--port 3000] [--host 127.0.0.1] [--rebuild]`
 *
 * Builds the dashboard once (production build), prepares the database, then runs server.mjs (the
 * production app behind a Node server that knows the client's address, refuses methods Next.js
 * cannot parse and stops within seconds) as a child process. With the embedded database the lock is held for the server's lifetime:
 * a concurrent `ingest` is told to upload through the Imports page instead.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { openDatabase } from '@/db/client';
import { acquireDataDirLock } from '@/db/lock';
import { getAuthConfig } from '@/lib/auth/config';
import { AppError } from '@/db/errors';
import { installedMigrations } from '@/lib/database';
import { getEnv } from '@/lib/env';
import { parseCommand } from '../args';
import type { CommandContext } from '../context';

export const SERVE_HELP = `Usage: support-trends serve [options]

Starts the dashboard (a production build of the Next.js app; built on first use).

Options:
  --port <n>        port (default 3000)
  --host <addr>     address to bind (default 127.0.0.1; another address, e.g. 0.0.0.0, needs
                    sign-in: SUPPORT_TRENDS_AUTH_SECRET and SUPPORT_TRENDS_BASE_URL)
  --rebuild         rebuild the app before starting
  --data-dir <dir>  embedded database directory (default ./.support-trends)`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

const flagsSchema = z.object({
  port: z.coerce.number().int().min(1).max(65_535).default(3000),
  host: z.string().default('127.0.0.1'),
  rebuild: z.boolean().default(false),
});

export type ServeOptions = z.infer<typeof flagsSchema> & {
  /** A build already running (the demo starts one before its analysis): waited for instead of building. */
  build?: Promise<void>;
};

export async function serveCommand(argv: string[], context: CommandContext): Promise<number> {
  const options = parseCommand('serve', argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    rebuild: { type: 'boolean' },
  }, flagsSchema, SERVE_HELP);
  return serve(options, context);
}

const projectRoot = () => getEnv().projectRoot;
const nextBin = () => path.join(projectRoot(), 'node_modules', 'next', 'dist', 'bin', 'next');

/** True when a production build exists (a fresh clone has none). */
export function hasProductionBuild(): boolean {
  return existsSync(path.join(projectRoot(), '.next', 'BUILD_ID'));
}

export async function buildDashboard(): Promise<void> {
  console.error('Building the dashboard (first run only, a few minutes)…');
  const code = await runChild(process.execPath, [nextBin(), 'build'], {});
  if (code !== 0) throw new AppError('Unavailable', `next build failed with exit code ${code}`);
}

/**
 * Starts the production build in the background, its output into `logFile`, so that it runs
 * while the demo generates, ingests and analyses (two cores share the work instead of one
 * waiting for the other). Resolves when the build is done; rejects naming the log on failure.
 */
export function buildDashboardInBackground(logFile: string): Promise<void> {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [nextBin(), 'build'], {
    cwd: projectRoot(),
    stdio: ['ignore', log, log],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  // Ctrl-C during the demo must not leave a build running.
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      process.off('exit', stop);
      closeSync(log);
      if (code === 0) resolve();
      else reject(new AppError('Unavailable', `Building the dashboard failed (next build exit code ${code}); its output is in ${logFile}.`));
    });
  });
}

export async function serve(options: ServeOptions, context: CommandContext): Promise<number> {
  // Throws on a half-done sign-in setup (e.g. a secret without SUPPORT_TRENDS_BASE_URL).
  const auth = getAuthConfig();
  if (!LOOPBACK.has(options.host) && !auth.enabled) {
    throw new AppError('Forbidden', `Refusing to listen on ${options.host}: sign-in is not configured, so the dashboard only binds to loopback (127.0.0.1).`, {
      hint: 'Configure sign-in (SUPPORT_TRENDS_AUTH_SECRET and SUPPORT_TRENDS_BASE_URL), keep the default host, or put the dashboard behind an authenticating reverse proxy on this machine (and set SUPPORT_TRENDS_BASE_URL to the address it serves).',
    });
  }
  if (auth.enabled && !auth.secureCookies && !LOOPBACK.has(auth.baseUrl.hostname.replace(/^\[|\]$/g, ''))) {
    console.error(`Warning: ${auth.baseUrl.origin} is plain http — passwords and session cookies cross the network unencrypted. Serve it over https (a TLS reverse proxy) and set SUPPORT_TRENDS_BASE_URL to the https address.`);
  }
  if (options.build) {
    console.error('Waiting for the dashboard build to finish…');
    await options.build;
  } else if (options.rebuild || !hasProductionBuild()) {
    await buildDashboard();
  }

  const url = `http://${options.host === '::1' ? '[::1]' : options.host}:${options.port}`;
  const target = context.database;
  const release =
    target.kind === 'pglite' && target.dataDir ? acquireDataDirLock(target.dataDir, 'serve', url) : () => {};
  try {
    // Migrate here so a database problem is reported before the server starts.
    const database = await openDatabase(target, { migrationsFolder: installedMigrations() });
    console.error(`Data: ${database.description}`);
    await database.close();
    console.error(`Dashboard: ${url}  (Ctrl-C to stop)`);
    return await runChild(process.execPath, [path.join(projectRoot(), 'server.mjs'), '--port', String(options.port), '--hostname', options.host], {
      SUPPORT_TRENDS_DATA_DIR: context.dataDir,
      // The server runs in the project root: relative paths must be resolved where the user is.
      SUPPORT_TRENDS_CONFIG: path.resolve(getEnv().SUPPORT_TRENDS_CONFIG ?? 'support-trends.config.json'),
    });
  } finally {
    release();
  }
}

/**
 * The environment of every Next.js process the CLI starts (the build and the server): Next.js's
 * anonymous telemetry is off — a self-hosted, privacy-first tool sends nothing anywhere, and the
 * notice it would print is noise for a newcomer.
 */
export function nextChildEnv(env: Record<string, string>, parent: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...parent, ...env, NEXT_TELEMETRY_DISABLED: '1' };
}

/** Runs a child in the project root, forwarding Ctrl-C / SIGTERM, and resolves with its exit code. */
function runChild(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot(), stdio: 'inherit', env: nextChildEnv(env) });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}
