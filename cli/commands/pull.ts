/**
 * `support-trends pull [--source NAME]... [--config FILE] [--no-analyze]`
 */
import { z } from 'zod';
import { getEnv } from '@/lib/env';
import { describeError } from '@/db/errors';
import { DEFAULT_CONFIG_FILE, loadPullConfig, sourceLabel } from '@/ingest/connectors/config';
import { describeAnalysisOutcome } from '@/analyze/run-analysis';
import { pullAll, type SourcePullResult } from '@/ingest/connectors/pull';
import { markInterruptedPulls } from '@/ingest/connectors/pull-state';
import { parseCommand } from '../args';
import type { CommandContext } from '../context';
import { withDatabase } from '../database';

export const PULL_HELP = `Usage: support-trends pull [options]

Fetches the tickets, comments and releases that changed since the last pull from the helpdesk
APIs listed in the config file (Zendesk, Jira, GitHub, Freshdesk), stores them like an ingest
(idempotent), then runs the analysis. Credentials come only from the environment variables the
config names. An interrupted pull resumes from the last stored page. Tickets deleted at the source
are removed (Zendesk reports them; Jira, GitHub and Freshdesk are checked by listing every id,
once a day by default: checkDeletionsEveryHours).

Options:
  --source <name>    pull only this source (repeat for several)
  --config <file>    config file (default ./${DEFAULT_CONFIG_FILE}, or SUPPORT_TRENDS_CONFIG)
  --no-analyze       skip the analysis that normally follows a pull that changed something
  --data-dir <dir>   embedded database directory (default ./.support-trends)`;

const flagsSchema = z.object({
  source: z.array(z.string().min(1)).optional(),
  config: z.string().min(1).optional(),
  'no-analyze': z.boolean().default(false),
});

export async function pullCommand(argv: string[], context: CommandContext): Promise<number> {
  const options = parseCommand('pull', argv, {
    source: { type: 'string', multiple: true },
    config: { type: 'string' },
    'no-analyze': { type: 'boolean' },
  }, flagsSchema, PULL_HELP);
  const config = await loadPullConfig(options.config);
  const timeZone = getEnv().SUPPORT_TRENDS_TZ;
  const log = (message: string) => console.error(`  ${message}`);

  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    console.error('\nStopping after the current page (press Ctrl-C again to quit at once)…');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await withDatabase(context.database, 'pull', async ({ db, description, kind }) => {
      // The embedded database's lock is ours: a pull still marked running was cut off.
      if (kind === 'pglite') await markInterruptedPulls(db);
      console.error(`Pulling ${options.source?.join(', ') ?? `${config.sources.length} source(s)`} from ${config.file} into ${description}`);
      const { results, analysis } = await pullAll(db, config, {
        only: options.source,
        analyze: !options['no-analyze'],
        timeZone,
        log,
        signal: controller.signal,
      });
      for (const r of results) printResult(r);
      if (analysis !== null) console.error(describeAnalysisOutcome(analysis));
      return results.some((r) => r.error !== null) ? 1 : 0;
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function printResult(r: SourcePullResult): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const counts =
    `${n(r.pages)} page(s) · ${n(r.rowsRead)} rows read · ${n(r.inserted)} new · ${n(r.updated)} updated · ` +
    `${n(r.unchanged)} unchanged · ${n(r.rejected)} rejected${r.deleted > 0 ? ` · ${n(r.deleted)} deleted` : ''}`;
  const runs = r.ingestRunIds.length === 0 ? '' : ` (run${r.ingestRunIds.length > 1 ? 's' : ''} #${r.ingestRunIds[0]}${r.ingestRunIds.length > 1 ? `–#${r.ingestRunIds.at(-1)}` : ''})`;
  if (r.error === null) console.error(`${sourceLabel(r)}: ${counts}${runs}${r.fromStart ? ' — first pull' : ''}`);
  else console.error(`${sourceLabel(r)}: FAILED — ${describeError(r.error)}\n  before the failure: ${counts}${runs}; the next pull resumes after the last stored page`);
  if (r.endpoint !== null) console.error(`  using ${r.endpoint}`);
  if (r.deletionCheck !== null) {
    const d = r.deletionCheck;
    console.error(`  checked for deletions: ${n(d.listed)} listed at the source, ${n(d.missing)} of ${n(d.stored)} stored missing, ${n(d.removed)} removed`);
  }
  const skipped = Object.entries(r.skipped).map(([reason, count]) => `${n(count ?? 0)} ${reason}`);
  if (skipped.length > 0) console.error(`  skipped on purpose: ${skipped.join(', ')}`);
}
