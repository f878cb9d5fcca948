import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, readLock } from '@/db/lock';
import { AppError } from '@/lib/errors';

describe('the data directory lock', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'st-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('refuses a second process with a message naming the holder and what to do', async () => {
    const dir = newDir();
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(
        path.join(dir, 'lock.json'),
        JSON.stringify({ pid: holder.pid, command: 'serve', startedAt: '2026-11-28T09:00:00Z', url: 'http://127.0.0.1:3000' }),
      );
      let caught: unknown;
      try {
        acquireDataDirLock(dir, 'ingest');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('Conflict');
      expect((caught as AppError).message).toContain(`pid ${holder.pid}`);
      expect((caught as AppError).hint).toContain('http://127.0.0.1:3000/imports');
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = newDir();
    const dead = spawn('true');
    await new Promise((resolve) => dead.on('exit', resolve));
    writeFileSync(path.join(dir, 'lock.json'), JSON.stringify({ pid: dead.pid, command: 'ingest', startedAt: '2026-11-28T09:00:00Z' }));
    const release = acquireDataDirLock(dir, 'ingest');
    expect(readLock(dir)?.pid).toBe(process.pid);
    release();
    expect(readLock(dir)).toBeNull();
  });
});
