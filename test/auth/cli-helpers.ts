import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT, type CliResult } from '../helpers/cli';

/** Runs `support-trends <args>` with `input` on stdin (the password for --password-stdin). */
export function runCliWithInput(args: string[], env: Record<string, string | undefined>, input?: string, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'support-trends.mjs'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** Environment without any sign-in settings inherited from the shell running the tests. */
export const NO_AUTH_ENV: Record<string, string> = {
  SUPPORT_TRENDS_AUTH_SECRET: '',
  SUPPORT_TRENDS_BASE_URL: '',
  SUPPORT_TRENDS_OIDC_ISSUER: '',
  SUPPORT_TRENDS_OIDC_CLIENT_ID: '',
  SUPPORT_TRENDS_OIDC_CLIENT_SECRET: '',
  SUPPORT_TRENDS_OIDC_ROLE_CLAIM: '',
  SUPPORT_TRENDS_OIDC_ROLE_MAP: '',
};
