/**
 * A real production server for end-to-end tests: server.mjs (what `support-trends serve` runs)
 * on a free port, with the environment the test gives (sign-in settings, data directory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../helpers/cli';
import { freePort } from '../helpers/net';
import { ensureProductionBuild, SERVER_SCRIPT } from '../helpers/next-build';
export { ensureProductionBuild, freePort };

export interface RunningServer {
  url: string;
  /** The server process. */
  child: ChildProcess;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startServer(port: number, env: Record<string, string>): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [SERVER_SCRIPT, '--port', String(port), '--hostname', '127.0.0.1'], {
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
    child,
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
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/sign-in`, { redirect: 'manual' });
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  throw new Error(`the server did not answer within 60 s:\n${output}`);
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
