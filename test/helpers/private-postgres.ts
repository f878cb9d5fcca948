/**
 * A throw-away PostgreSQL server for fault tests that stop and restart the server: stopping the
 * shared one would break every other test running at the same time. It uses the machine's
 * PostgreSQL binaries, runs as the `postgres` user (initdb refuses root) and listens on a free
 * port of 127.0.0.1 with trust authentication.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './net';

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const dir = versions.map((v) => path.join(root, v, 'bin')).find((d) => existsSync(path.join(d, 'pg_ctl')));
  return dir ?? null;
}

export function privatePostgresAvailable(): boolean {
  return binDir() !== null && process.getuid?.() === 0;
}


export interface PrivatePostgres {
  url: string;
  start(): void;
  /** Immediate shutdown, like a crash or an administrator pulling the plug. */
  stop(): void;
  destroy(): void;
}

export async function createPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql');
  const dir = mkdtempSync(path.join(tmpdir(), 'st-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asPostgres = (command: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args], { stdio: 'pipe' });
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const pgCtl = (action: string, extra: string[] = []) =>
    asPostgres('pg_ctl', ['-D', data, '-w', '-l', path.join(dir, 'log'), ...extra, action]);
  const instance: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => {
      // Right after an immediate stop the old postmaster may still be exiting: try again briefly.
      for (let attempt = 1; ; attempt++) {
        try {
          pgCtl('start', ['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`]);
          return;
        } catch (error) {
          if (attempt >= 5) throw error;
          execFileSync('sleep', ['1']);
        }
      }
    },
    stop: () => pgCtl('stop', ['-m', 'immediate']),
    destroy: () => {
      try {
        instance.stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  instance.start();
  return instance;
}
