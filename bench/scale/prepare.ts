/**
 * Benchmark inputs from the demo generator: N tickets of history plus the next 2,000 as "the
 * daily import", as separate files (tickets and their comments), cached between runs.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { parse } from 'csv-parse';
import { generateDemo } from '@/demo/generate';

export const DAILY_TICKETS = 2_000;

export interface ScaleInputs {
  dir: string;
  base: { tickets: string; comments: string };
  daily: { tickets: string; comments: string };
  releases: string;
  agents: string;
  truth: string;
}

/** Copies the header to both outputs and each row to `first` or `second` as `pickSecond(row)` says. */
async function splitCsv(input: string, first: string, second: string, pickSecond: (row: string[]) => boolean): Promise<void> {
  const outA = createWriteStream(first);
  const outB = createWriteStream(second);
  const write = async (out: NodeJS.WritableStream, text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let header = true;
  for await (const row of createReadStream(input).pipe(parse({ relax_column_count: true })) as AsyncIterable<string[]>) {
    // Plain CSV lines: no formula neutralising here, these are inputs, not exports for Excel.
    const line = `${row.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')}\n`;
    if (header) {
      await write(outA, line);
      await write(outB, line);
      header = false;
    } else {
      await write(pickSecond(row) ? outB : outA, line);
    }
  }
  outA.end();
  outB.end();
  await Promise.all([once(outA, 'finish'), once(outB, 'finish')]);
}

export async function prepareInputs(tickets: number, root = '/tmp/support-trends-bench'): Promise<ScaleInputs> {
  const dir = path.join(root, `scale-${tickets}`);
  const inputs: ScaleInputs = {
    dir,
    base: { tickets: path.join(dir, 'base', 'tickets.csv'), comments: path.join(dir, 'base', 'comments.csv') },
    daily: { tickets: path.join(dir, 'daily', 'tickets.csv'), comments: path.join(dir, 'daily', 'comments.csv') },
    releases: path.join(dir, 'export', 'releases.csv'),
    agents: path.join(dir, 'export', 'agents.csv'),
    truth: path.join(dir, 'export', 'truth.csv'),
  };
  if (existsSync(path.join(dir, 'ready'))) return inputs;
  mkdirSync(path.join(dir, 'base'), { recursive: true });
  mkdirSync(path.join(dir, 'daily'), { recursive: true });
  // The demo is in time order: its last 2,000 tickets are the newest, the "day" to import.
  const demo = await generateDemo({ outDir: path.join(dir, 'export'), tickets: tickets + DAILY_TICKETS, seed: 7, end: '2026-11-27', withTruth: true });
  const dailyIds = new Set<string>();
  let seen = 0;
  await splitCsv(demo.files.tickets, inputs.base.tickets, inputs.daily.tickets, (row) => {
    seen++;
    if (seen > tickets) {
      dailyIds.add(row[0]);
      return true;
    }
    return false;
  });
  await splitCsv(demo.files.comments, inputs.base.comments, inputs.daily.comments, (row) => dailyIds.has(row[1]));
  writeFileSync(path.join(dir, 'ready'), new Date().toISOString());
  return inputs;
}
