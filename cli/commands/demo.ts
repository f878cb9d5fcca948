/**
 * `support-trends demo [--tickets N] [--seed S] [--no-serve]`: the whole product on sample data.
 * Generates a realistic export (a year of tickets, comments, releases, agents with planted
 * problems), ingests it, analyses it and starts the dashboard.
 */
import path from 'node:path';
import { z } from 'zod';
import { generateDemo } from '@/demo/generate';
import { countFlag, parseCommand } from '../args';
import type { CommandContext } from '../context';
import { runIngest } from './ingest';
import { buildDashboardInBackground, hasProductionBuild, serve } from './serve';

export const DEMO_HELP = `Usage: support-trends demo [options]

Generates a realistic sample export (tickets.csv, comments.csv, releases.csv, agents.csv),
ingests it into the embedded database, analyses it and starts the dashboard.

Options:
  --tickets <n>     number of tickets (default 40000; 100k, 1m accepted); a sample ending
                    today stops at the current time, so a few may not exist yet
  --seed <n>        random seed (default 42): the same seed gives the same files
  --end <date>      last day of the sample, YYYY-MM-DD (default today)
  --out <dir>       where to write the export (default <data-dir>/demo-export)
  --no-serve        stop after the analysis
  --port <n>        dashboard port (default 3000)
  --data-dir <dir>  embedded database directory (default ./.support-trends)`;

const flagsSchema = z.object({
  tickets: countFlag.default(40_000),
  seed: z.coerce.number().int().default(42),
  end: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional(),
  out: z.string().optional(),
  'no-serve': z.boolean().default(false),
  port: z.coerce.number().int().min(1).max(65_535).default(3000),
});

export async function demoCommand(argv: string[], context: CommandContext): Promise<number> {
  const options = parseCommand('demo', argv, {
    tickets: { type: 'string' },
    seed: { type: 'string' },
    end: { type: 'string' },
    out: { type: 'string' },
    'no-serve': { type: 'boolean' },
    port: { type: 'string' },
  }, flagsSchema, DEMO_HELP);
  const outDir = path.resolve(options.out ?? path.join(context.dataDir, 'demo-export'));
  // A fresh clone has no production build: it runs beside generate, ingest and analyze.
  let build: Promise<void> | undefined;
  if (!options['no-serve'] && !hasProductionBuild()) {
    const logFile = path.join(context.dataDir, 'dashboard-build.log');
    console.error(`Building the dashboard in the background (first run only; output in ${logFile})…`);
    build = buildDashboardInBackground(logFile);
    // Reported when serving waits for it; until then a failure must not end the process.
    build.catch(() => {});
  }
  console.error(`Generating ${options.tickets.toLocaleString('en-US')} demo tickets in ${outDir}…`);
  const started = Date.now();
  const demo = await generateDemo({ outDir, tickets: options.tickets, seed: options.seed, end: options.end });
  console.error(
    `  ${demo.tickets.toLocaleString('en-US')} tickets, ${demo.comments.toLocaleString('en-US')} comments, ` +
      `${demo.releases} releases in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const code = await runIngest(context, {
    inputs: [demo.files.tickets, demo.files.comments],
    releasesFile: demo.files.releases,
    agentsFile: demo.files.agents,
    analyze: true,
  });
  if (code !== 0 || options['no-serve']) return code;
  return serve({ port: options.port, host: '127.0.0.1', rebuild: false, build }, context);
}
