/**
 * Runs one benchmark stage as a child process and reports its wall time and peak memory,
 * measured by GNU time (the kernel's maxrss of the child), not guessed from inside.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface StageRun {
  seconds: number;
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

export function runStage(command: string, args: string[], env: Record<string, string | undefined> = {}): StageRun {
  if (!existsSync('/usr/bin/time')) throw new Error('GNU time (/usr/bin/time) is needed to measure peak memory');
  const result = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', command, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const match = /__TIME__ ([\d.]+) (\d+)/.exec(result.stderr);
  if (result.status !== 0 || !match) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-3000)}`);
  }
  return {
    seconds: Number(match[1]),
    peakRssMb: Math.round(Number(match[2]) / 1024),
    stdout: result.stdout,
    stderr: result.stderr.replace(/__TIME__.*\n?/, ''),
  };
}

/** `support-trends <args>` as a stage. */
export function runCliStage(args: string[], env: Record<string, string | undefined>): StageRun {
  return runStage(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'support-trends.mjs'), ...args], env);
}

/** A TypeScript script of the benchmark as a stage. */
export function runScriptStage(script: string, args: string[], env: Record<string, string | undefined> = {}): StageRun {
  return runStage(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, script), ...args], env);
}

/** Median and 95th percentile of a list of durations. */
export function percentiles(values: number[]): { median: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}
