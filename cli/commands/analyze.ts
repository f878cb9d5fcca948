/**
 * `support-trends analyze [--full] [--k N] [--as-of DATE]`: topics, rollups, findings, team load.
 */
import { z } from 'zod';
import { getEnv } from '@/lib/env';
import type { LockInfo } from '@/db/lock';
import { formatSince } from '@/lib/time';
import { runAnalysis, runAnalysisUnlessCovered } from '@/analyze/run-analysis';
import { parseCommand } from '../args';
import type { CommandContext } from '../context';
import { withDatabase } from '../database';

export const ANALYZE_HELP = `Usage: support-trends analyze [options]

Finds topics (recurring issues) in the ticket text, then spikes, intermittent issues, release
impact, pain points and team load. Runs after every ingest unless --no-analyze is given.
New tickets are assigned to the existing topics; a full re-clustering runs when many tickets
are new (or with --full) and keeps topic ids, names and hand curation.

Options:
  --full            re-cluster all tickets (topic ids and curation are kept)
  --incremental     only assign new tickets to the existing topics
  --k <n>           exact number of topics (implies --full)
  --seed <n>        random seed (default 42)
  --as-of <date>    analyse as of this day, YYYY-MM-DD (default: the newest ticket)
  --data-dir <dir>  embedded database directory (default ./.support-trends)`;

const flagsSchema = z
  .object({
    full: z.boolean().default(false),
    incremental: z.boolean().default(false),
    k: z.coerce.number().int().min(2).max(1000).optional(),
    seed: z.coerce.number().int().default(42),
    'as-of': z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional(),
  })
  .refine((o) => !(o.full && o.incremental), { message: 'choose --full or --incremental, not both', path: ['full'] });

export interface AnalyzeRequest {
  mode?: 'auto' | 'full' | 'incremental';
  k?: number;
  seed?: number;
  asOf?: Date;
  /**
   * Run even when an analysis that was running covered every ingest: agents files (teams, time
   * zones, working hours) leave no ingest run to tell whether it saw them.
   */
  agentsChanged?: boolean;
}

export async function analyzeCommand(argv: string[], context: CommandContext): Promise<number> {
  const o = parseCommand('analyze', argv, {
    full: { type: 'boolean' },
    incremental: { type: 'boolean' },
    k: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
  }, flagsSchema, ANALYZE_HELP);
  await runAnalyze(context, {
    mode: o.full || o.k !== undefined ? 'full' : o.incremental ? 'incremental' : 'auto',
    k: o.k,
    seed: o.seed,
    // End of the given day: tickets of that day count.
    asOf: o['as-of'] ? new Date(`${o['as-of']}T23:59:59.999Z`) : undefined,
  });
  return 0;
}

/**
 * Analyses the configured database. Another analysis already running (or, with the embedded
 * database, another command holding it) is waited for; if that one covered every change, this
 * one stores nothing and says so — still a success.
 */
export async function runAnalyze(context: CommandContext, request: AnalyzeRequest): Promise<void> {
  const timeZone = getEnv().SUPPORT_TRENDS_TZ;
  const log = (message: string) => console.error(`  ${message}`);
  const onWait = (holder: LockInfo) =>
    log(
      holder.command === 'analyze'
        ? `An analysis is already running since ${formatSince(Date.parse(holder.startedAt), timeZone)} (pid ${holder.pid}); waiting for it to finish…`
        : `"support-trends ${holder.command}" (pid ${holder.pid}) is using the embedded database since ${formatSince(Date.parse(holder.startedAt), timeZone)}; waiting for it to finish…`,
    );
  await withDatabase(
    context.database,
    'analyze',
    async ({ db }, { waited }) => {
      console.error('Analysing…');
      const analysis = { mode: request.mode ?? 'auto', k: request.k, seed: request.seed, asOf: request.asOf, timeZone, log } as const;
      const outcome = request.agentsChanged
        ? await runAnalysis(db, analysis)
        : await runAnalysisUnlessCovered(db, { ...analysis, waitedForDatabase: waited });
      if (outcome.status === 'covered') {
        console.error(outcome.message);
        return;
      }
      const stages = Object.entries(outcome.stages)
        .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
        .join(', ');
      console.error(`Analysis #${outcome.runId} done in ${(outcome.durationMs / 1000).toFixed(1)} s (${stages}).`);
    },
    { onWait },
  );
}
