import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, acquireDataDirLockWaiting, readLock, type LockInfo } from '@/db/lock';
import { AppError } from '@/db/errors';

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

  it('waits for another command to finish instead of failing, when asked to, and says whom it waits for', async () => {
    const dir = newDir();
    const holder = spawn('sleep', ['30']);
    writeFileSync(path.join(dir, 'lock.json'), JSON.stringify({ pid: holder.pid, command: 'analyze', startedAt: '2026-11-28T10:42:00Z' }));
    const told: LockInfo[] = [];
    const acquiring = acquireDataDirLockWaiting(dir, 'analyze', (info) => told.push(info), 20);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(told).toEqual([{ pid: holder.pid, command: 'analyze', startedAt: '2026-11-28T10:42:00Z' }]);
    expect(readLock(dir)?.pid).toBe(holder.pid); // still theirs
    holder.kill();
    await new Promise((resolve) => holder.on('exit', resolve));
    const { release, waited } = await acquiring;
    expect(waited).toBe(true);
    expect(readLock(dir)?.pid).toBe(process.pid);
    release();
  });

  it('never waits for the dashboard, which does not finish', async () => {
    const dir = newDir();
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(path.join(dir, 'lock.json'), JSON.stringify({ pid: holder.pid, command: 'serve', startedAt: '2026-11-28T09:00:00Z' }));
      await expect(acquireDataDirLockWaiting(dir, 'analyze', () => {}, 20)).rejects.toThrow(/in use by "support-trends serve"/);
    } finally {
      holder.kill();
    }
  });
});
