import { spawn } from 'node:child_process';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end in a child process, collecting its output; killed after `timeoutMs`. */
export function runProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number; input?: string },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: options.env ?? process.env });
    child.stdin.end(options.input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Runs `support-trends <args>` in a child process, as a user would; `input` goes to its stdin. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 120_000, input?: string): Promise<CliResult> {
  return runProcess(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'support-trends.mjs'), ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    timeoutMs,
    input,
  });
}
