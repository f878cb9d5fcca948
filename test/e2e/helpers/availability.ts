/**
 * The availability scenario of issue 20, shared by test/e2e/availability.test.ts and
 * bench/availability.ts: one client fires the heaviest parameter combinations at several pages
 * at once while a second client polls /sign-in and /; the second client's latencies and the
 * server's memory are recorded; then the server is sent SIGTERM with the heavy requests still
 * running, and the time until it exits is measured.
 */
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

export interface AvailabilityOptions {
  url: string;
  /** The server process (its memory is read from /proc, it receives SIGTERM at the end). */
  server: ChildProcess;
  /** Cookie of the client firing heavy requests (a viewer), and of the polling client. */
  heavyCookie?: string;
  pollCookie?: string;
  /** A topic id for the topic page. */
  topic: string;
  seconds: number;
  /** Heavy requests in flight at once. */
  concurrency: number;
}

export interface AvailabilityResult {
  heavy: { requests: number; statuses: Record<string, number>; p50Ms: number; maxMs: number };
  poll: { requests: number; statuses: Record<string, number>; p50Ms: number; p95Ms: number; maxMs: number };
  memoryMb: { start: number; peak: number; end: number };
  /** Milliseconds from SIGTERM to exit; null when it did not exit within 30 s. */
  stopMs: number | null;
}

const WIDE = 'from=0001-01-01&to=9999-12-30';

/** The heaviest combinations a viewer can ask for, per page. */
export function heavyPaths(topic: string): string[] {
  return [
    `/?${WIDE}&granularity=day`,
    `/topics/${topic}?${WIDE}&granularity=day`,
    `/topics?${WIDE}`,
    `/releases?${WIDE}`,
    `/?${WIDE}&granularity=day&priority=urgent`,
    `/topics/${topic}?${WIDE}&granularity=day&version=5.16.0`,
    `/team`,
    `/intermittent`,
    `/api/report?${WIDE}`,
  ];
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function timedGet(url: string, cookie: string | undefined): Promise<{ status: string; ms: number }> {
  const started = performance.now();
  try {
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(60_000) });
    await response.arrayBuffer();
    return { status: String(response.status), ms: performance.now() - started };
  } catch (error) {
    return { status: (error as Error).name, ms: performance.now() - started };
  }
}

export async function runAvailability(options: AvailabilityOptions): Promise<AvailabilityResult> {
  const pid = options.server.pid!;
  const memory = { start: rssMb(pid), peak: rssMb(pid), end: 0 };
  const sampler = setInterval(() => (memory.peak = Math.max(memory.peak, rssMb(pid))), 250);
  const deadline = Date.now() + options.seconds * 1000;
  const paths = heavyPaths(options.topic);
  const heavyTimes: number[] = [];
  const heavyStatuses: Record<string, number> = {};
  let next = 0;
  const heavyLoop = async () => {
    while (Date.now() < deadline) {
      const r = await timedGet(`${options.url}${paths[next++ % paths.length]}`, options.heavyCookie);
      heavyTimes.push(r.ms);
      heavyStatuses[r.status] = (heavyStatuses[r.status] ?? 0) + 1;
    }
  };
  const pollTimes: number[] = [];
  const pollStatuses: Record<string, number> = {};
  const pollLoop = async () => {
    // Let the heavy requests get going first.
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; Date.now() < deadline; i++) {
      const r = await timedGet(`${options.url}${i % 2 === 0 ? '/sign-in' : '/'}`, i % 2 === 0 ? undefined : options.pollCookie);
      pollTimes.push(r.ms);
      pollStatuses[r.status] = (pollStatuses[r.status] ?? 0) + 1;
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  await Promise.all([...Array.from({ length: options.concurrency }, heavyLoop), pollLoop()]);

  // SIGTERM with heavy requests in flight.
  const inFlight = paths.slice(0, options.concurrency).map((p) => timedGet(`${options.url}${p}`, options.heavyCookie));
  await new Promise((r) => setTimeout(r, 300));
  memory.end = rssMb(pid);
  clearInterval(sampler);
  const started = performance.now();
  const exited = options.server.exitCode !== null ? Promise.resolve(0) : new Promise<number>((resolve) => options.server.once('exit', () => resolve(Math.round(performance.now() - started))));
  options.server.kill('SIGTERM');
  const stopMs = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
  if (stopMs === null) options.server.kill('SIGKILL');
  await Promise.allSettled(inFlight);

  heavyTimes.sort((a, b) => a - b);
  pollTimes.sort((a, b) => a - b);
  return {
    heavy: { requests: heavyTimes.length, statuses: heavyStatuses, p50Ms: Math.round(percentile(heavyTimes, 0.5)), maxMs: Math.round(heavyTimes.at(-1) ?? 0) },
    poll: {
      requests: pollTimes.length,
      statuses: pollStatuses,
      p50Ms: Math.round(percentile(pollTimes, 0.5)),
      p95Ms: Math.round(percentile(pollTimes, 0.95)),
      maxMs: Math.round(pollTimes.at(-1) ?? 0),
    },
    memoryMb: memory,
    stopMs,
  };
}
