/**
 * `generateDemo`: a year of a realistic support desk as helpdesk-export files, with planted
 * signals for every analysis, written in time order day by day so memory stays flat whatever
 * the number of tickets. Same options ⇒ byte-identical files.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '@/db/errors';
import { dayIndexToIso, isoToDayIndex } from '@/lib/time';
import { AGENTS, TEAM_NAMES } from '@/demo/agents';
import { CsvWriter } from '@/demo/csv-writer';
import { type DayProgress, writeTicketDays } from '@/demo/day-writer';
import { describePlants } from '@/demo/plant-report';
import { COMMENT_HEADER, COMMENT_PLAIN_COLUMNS, TICKET_HEADER, TICKET_PLAIN_COLUMNS } from '@/demo/ticket-factory';
import type { DemoPlants } from '@/demo/types';
import { buildWorld } from '@/demo/world';

export type { DemoPlants } from '@/demo/types';

export interface DemoOptions {
  outDir: string;
  tickets: number;
  seed?: number;
  /** Last day of data, "YYYY-MM-DD" (UTC); default today, exported at `now` (nothing dated later). */
  end?: string;
  /** The current time (ms) for a demo ending today; default Date.now(). Ignored with `end`. */
  now?: number;
  /** Days of data ending on `end`; default 365. */
  days?: number;
  /** Also write truth.csv (ticket id → generating topic) for clustering benchmarks. */
  withTruth?: boolean;
  /** Called after each generated day (for a progress bar; 1M tickets take ~20 s). */
  onProgress?: (progress: DemoProgress) => void;
}

export type DemoProgress = DayProgress;

export interface DemoResult {
  files: { tickets: string; comments: string; releases: string; agents: string; truth?: string };
  tickets: number;
  comments: number;
  releases: number;
  plants: DemoPlants;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_DAYS = 365;

export const RELEASES_HEADER = ['version', 'date', 'notes'] as const;
export const AGENTS_HEADER = ['name', 'team', 'timezone', 'work_start', 'work_end', 'work_days'] as const;
export const TRUTH_HEADER = ['id', 'topic'] as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((s) => dayIndexToIso(isoToDayIndex(s)) === s, 'is not a calendar date');

/** The options contract, shared with the CLI so flags are validated once. */
export const demoOptionsSchema = z.object({
  outDir: z.string().min(1),
  tickets: z.number().int().min(100).max(50_000_000),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  end: isoDate.optional(),
  now: z.number().int().positive().optional(),
  // Fewer than four months leaves no room for the release plants and repeated episodes.
  days: z.number().int().min(120).max(3660).optional(),
  withTruth: z.boolean().optional(),
  onProgress: z.custom<(progress: DemoProgress) => void>((v) => typeof v === 'function').optional(),
});

export async function generateDemo(options: DemoOptions): Promise<DemoResult> {
  const parsed = demoOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length > 0 ? ` "${issue.path.join('.')}"` : '';
    throw new AppError('InvalidInput', `Invalid demo option${field}: ${issue.message}`, {
      hint: 'Use e.g. --tickets 20000 --days 365 --end 2025-06-30 --seed 7',
    });
  }
  const opts = parsed.data;
  const seed = opts.seed ?? DEFAULT_SEED;
  const now = opts.now ?? Date.now();
  const lastDay = isoToDayIndex(opts.end ?? new Date(now).toISOString().slice(0, 10));
  const firstDay = lastDay - (opts.days ?? DEFAULT_DAYS) + 1;
  // Without --end the sample ends today and is exported now, as a real export would be.
  const world = buildWorld(seed, firstDay, lastDay, opts.tickets, opts.end === undefined ? now : undefined);

  await mkdir(opts.outDir, { recursive: true }).catch((error: unknown) => {
    throw asFileError(error, opts.outDir);
  });
  const files = {
    tickets: join(opts.outDir, 'tickets.csv'),
    comments: join(opts.outDir, 'comments.csv'),
    releases: join(opts.outDir, 'releases.csv'),
    agents: join(opts.outDir, 'agents.csv'),
    ...(opts.withTruth ? { truth: join(opts.outDir, 'truth.csv') } : {}),
  };
  const writers = {
    tickets: new CsvWriter(files.tickets, TICKET_HEADER, TICKET_PLAIN_COLUMNS),
    comments: new CsvWriter(files.comments, COMMENT_HEADER, COMMENT_PLAIN_COLUMNS),
    releases: new CsvWriter(files.releases, RELEASES_HEADER, [0, 1]),
    agents: new CsvWriter(files.agents, AGENTS_HEADER),
    truth: files.truth ? new CsvWriter(files.truth, TRUTH_HEADER, [0, 1]) : null,
  };
  const all = Object.values(writers).filter((w): w is CsvWriter => w !== null);
  try {
    for (const r of world.timeline.releases) writers.releases.write([r.version, dayIndexToIso(r.dayIndex), r.notes]);
    for (const a of AGENTS) writers.agents.write([a.name, TEAM_NAMES[a.team], a.timezone, a.workStart, a.workEnd, a.workDays]);
    const stats = await writeTicketDays(world, writers, opts.onProgress);
    await Promise.all(all.map((w) => w.close()));
    return {
      files,
      tickets: writers.tickets.rows,
      comments: writers.comments.rows,
      releases: writers.releases.rows,
      plants: describePlants(world, stats),
    };
  } catch (error) {
    for (const w of all) w.destroy();
    throw asFileError(error, opts.outDir);
  }
}

/** File-system failures a user can fix (permissions, a file in the way, a full disk) as AppErrors. */
function asFileError(error: unknown, dir: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = `Cannot write the demo files to ${dir}: ${(error as Error).message}`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new AppError('Forbidden', message, { hint: 'Choose a writable --out directory', cause: error });
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') return new AppError('InvalidInput', message, { hint: '--out must be a directory', cause: error });
  if (code === 'ENOSPC') return new AppError('Unavailable', message, { hint: 'Free some disk space or generate fewer tickets', cause: error });
  return error;
}
