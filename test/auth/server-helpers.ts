/**
 * A real production server for end-to-end tests: `next start` on a free port, with the
 * environment the test gives (sign-in settings, data directory).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../helpers/cli';
import { freePort } from '../helpers/net';
export { freePort };

const NEXT_BIN = path.join(PROJECT_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const BUILD_DIR = path.join(PROJECT_ROOT, '.next');

/** What the access tests need from the build: the auth routes and the proxy. */
function buildHasAuth(): boolean {
  try {
    const routes = readFileSync(path.join(BUILD_DIR, 'app-path-routes-manifest.json'), 'utf8');
    const functions = readFileSync(path.join(BUILD_DIR, 'server', 'functions-config-manifest.json'), 'utf8');
    return routes.includes('/api/auth/[...all]') && routes.includes('/api/team.csv') && functions.includes('/_middleware');
  } catch {
    return false;
  }
}

/**
 * Builds the app when there is no production build, or one from before sign-in existed (a
 * stale build would make these tests fail for the wrong reason). CI builds before testing.
 */
export function ensureProductionBuild(): void {
  if (existsSync(path.join(BUILD_DIR, 'BUILD_ID')) && buildHasAuth()) return;
  const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (result.status !== 0 || !buildHasAuth()) {
    throw new Error(`next build failed (exit ${result.status}):\n${(result.stdout ?? '').slice(-3000)}\n${(result.stderr ?? '').slice(-3000)}`);
  }
}


export interface RunningServer {
  url: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startServer(port: number, env: Record<string, string>): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', SUPPORT_TRENDS_ROOT: PROJECT_ROOT, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/sign-in`, { redirect: 'manual' });
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  throw new Error(`next start did not answer within 60 s:\n${output}`);
}

/** Signs in through better-auth's HTTP endpoint; returns the response and the "name=value" cookie. */
export async function signIn(url: string, email: string, password: string, origin = url): Promise<{ status: number; cookie: string | null; setCookie: string | null }> {
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password }),
    redirect: 'manual',
  });
  const setCookie = response.headers.getSetCookie().find((c) => c.includes('session_token=')) ?? null;
  await response.arrayBuffer();
  return { status: response.status, cookie: setCookie ? setCookie.split(';')[0] : null, setCookie };
}
