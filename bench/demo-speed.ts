/**
 * How fast the demo generator writes a desk, and how much memory it needs doing so.
 *
 *   npx tsx bench/demo-speed.ts --tickets 100000 [--seed 1] [--days 365] [--out DIR] [--keep]
 *
 * Reports tickets/s (comments included) by wall clock and by CPU time, MB written, peak RSS. Output goes to a temporary
 * directory that is deleted afterwards unless --out or --keep is given.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemo } from '@/demo/generate';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    days: { type: 'string', default: '365' },
    end: { type: 'string', default: '2025-06-30' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const tickets = Number(values.tickets);
const outDir = values.out ?? (await mkdtemp(join(tmpdir(), 'demo-speed-')));
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
const rssBefore = process.memoryUsage.rss();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await generateDemo({ outDir, tickets, seed: Number(values.seed), days: Number(values.days), end: values.end });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
// CPU time too: on a shared machine wall-clock speed mostly measures the neighbours.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

let bytes = 0;
for (const file of Object.values(result.files)) if (file) bytes += (await stat(file)).size;
const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
console.log(
  JSON.stringify(
    {
      tickets: result.tickets,
      comments: result.comments,
      seconds: Number(seconds.toFixed(2)),
      ticketsPerSecond: Math.round(result.tickets / seconds),
      cpuSeconds: Number(cpuSeconds.toFixed(2)),
      ticketsPerCpuSecond: Math.round(result.tickets / cpuSeconds),
      writtenMB: Number(mb(bytes)),
      rssBeforeMB: Number(mb(rssBefore)),
      peakRssMB: Number(mb(peakRss)),
      node: process.version,
      outDir: values.out || values.keep ? outDir : '(deleted)',
    },
    null,
    2,
  ),
);
if (!values.out && !values.keep) await rm(outDir, { recursive: true, force: true });
