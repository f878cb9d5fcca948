/**
 * One production build of the dashboard for the end-to-end tests. CI builds before testing; a
 * plain `npm test` on a fresh clone builds here, once, even though several test files (running
 * in parallel workers) ask for it: `next build` refuses to run twice at the same time.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '@/db/lock';
import { PROJECT_ROOT, runProcess } from './cli';

export const NEXT_BIN = path.join(PROJECT_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
/** What `support-trends serve` runs: the built app behind server.mjs. */
export const SERVER_SCRIPT = path.join(PROJECT_ROOT, 'server.mjs');
const BUILD_DIR = path.join(PROJECT_ROOT, '.next');
/** Held (as a directory: creating one is atomic) by the worker that builds. */
const LOCK_DIR = path.join(PROJECT_ROOT, '.next-build.lock');
const BUILD_TIMEOUT_MS = 15 * 60_000;

/**
 * A build exists and has what the tests exercise: the sign-in routes, the CSV export and the
 * proxy. A build from before those existed would make the tests fail for the wrong reason.
 */
function buildIsCurrent(): boolean {
  try {
    if (!existsSync(path.join(BUILD_DIR, 'BUILD_ID'))) return false;
    const routes = readFileSync(path.join(BUILD_DIR, 'app-path-routes-manifest.json'), 'utf8');
    const functions = readFileSync(path.join(BUILD_DIR, 'server', 'functions-config-manifest.json'), 'utf8');
    return routes.includes('/api/auth/[...all]') && routes.includes('/api/team.csv') && functions.includes('/_middleware');
  } catch {
    return false;
  }
}

/** Takes the lock, or returns false while another live process holds it (a dead holder's lock is removed). */
function tryLock(): boolean {
  try {
    mkdirSync(LOCK_DIR);
    writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
    return true;
  } catch {
    const holder = Number(readFileSync(path.join(LOCK_DIR, 'pid'), { encoding: 'utf8', flag: 'a+' }));
    // No pid yet means the holder is between mkdir and writing it: wait for it.
    if (holder > 0 && !isAlive(holder)) rmSync(LOCK_DIR, { recursive: true, force: true });
    return false;
  }
}

/** Builds the dashboard unless a current build exists; concurrent callers wait for one build. */
export async function ensureProductionBuild(): Promise<void> {
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (!buildIsCurrent()) {
    if (tryLock()) {
      try {
        if (buildIsCurrent()) return; // another worker finished while we waited for the lock
        const build = await runProcess(process.execPath, [NEXT_BIN, 'build'], {
          env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
          timeoutMs: BUILD_TIMEOUT_MS,
        });
        if (build.code !== 0 || !buildIsCurrent()) {
          throw new Error(`next build failed (exit ${build.code}):\n${build.stdout.slice(-3000)}\n${build.stderr.slice(-3000)}`);
        }
        return;
      } finally {
        rmSync(LOCK_DIR, { recursive: true, force: true });
      }
    }
    if (Date.now() > deadline) throw new Error(`Gave up waiting for another worker's next build (${LOCK_DIR}).`);
    await sleep(1_000);
  }
}
