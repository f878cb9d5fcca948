/**
 * `support-trends ingest <file-or-dir>... [--source …] [--releases FILE] [--agents FILE]`
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { AppError } from '@/db/errors';
import { getEnv } from '@/lib/env';
import { SOURCE_FORMATS, type FileKind } from '@/ingest/sources/types';
import { parseCommand } from '../args';
import type { CommandContext } from '../context';
import { withDatabase } from '../database';
import { detectKind, ingestFile, readHead, type IngestSummary } from '@/ingest/ingest-file';
import { ingestAgentsFile, looksLikeAgentsFile } from '@/ingest/load/upsert-agents';
import { describeErrorForPerson } from '@/lib/error-log';
import { prepareWorkerScript } from '@/ingest/load/worker-script';
import { createProgressReporter } from '../progress';

export const INGEST_HELP = `Usage: support-trends ingest <file-or-dir>... [options]

Loads helpdesk exports. Formats are detected from content: generic CSV (+ a comments CSV),
Jira CSV, Zendesk JSON, Freshdesk JSON/CSV, GitHub issues JSON, release lists (CSV/JSON,
Jira versions, GitHub releases, git log --tags) and an agents CSV (name,team,timezone,…).
Re-running the same files changes nothing.

Options:
  --source <auto|${SOURCE_FORMATS.join('|')}>  only accept files of this format (default auto)
  --releases <file>   a release list to load as well
  --agents <file>     agents' teams, time zones and working hours
  --no-analyze        skip the analysis that normally follows an ingest
  --encoding <utf8|latin1>  character set of the files (default utf8)
  --batch-size <n>    tickets per transaction (default 2000)
  --data-dir <dir>    embedded database directory (default ./.support-trends)`;

const RELEASE_KINDS: FileKind[] = ['releases-csv', 'releases-json', 'jira-versions-json', 'github-releases-json', 'git-tags'];
/** Tickets before their comments, releases last: comments need their tickets stored. */
const KIND_ORDER = (kind: FileKind) => (kind === 'csv-events' ? 1 : RELEASE_KINDS.includes(kind) ? 2 : 0);

const flagsSchema = z.object({
  source: z.enum(['auto', ...SOURCE_FORMATS]).default('auto'),
  releases: z.string().optional(),
  agents: z.string().optional(),
  'no-analyze': z.boolean().default(false),
  'batch-size': z.coerce.number().int().min(1).max(100_000).default(2_000),
  encoding: z.enum(['utf8', 'latin1']).default('utf8'),
});

interface PlannedFile {
  file: string;
  kind: FileKind | 'agents';
}

export async function ingestCommand(argv: string[], context: CommandContext): Promise<number> {
  const options = parseCommand('ingest', argv, {
    source: { type: 'string' },
    releases: { type: 'string' },
    agents: { type: 'string' },
    'no-analyze': { type: 'boolean' },
    'batch-size': { type: 'string' },
    encoding: { type: 'string' },
  }, flagsSchema, INGEST_HELP);
  if (options.positionals.length === 0 && !options.releases && !options.agents) {
    throw new AppError('InvalidInput', 'ingest: give at least one file or directory', { hint: INGEST_HELP });
  }
  return runIngest(context, {
    inputs: options.positionals,
    source: options.source,
    releasesFile: options.releases,
    agentsFile: options.agents,
    batchSize: options['batch-size'],
    encoding: options.encoding,
    analyze: !options['no-analyze'],
  });
}

export interface IngestRequest {
  inputs: string[];
  source?: 'auto' | (typeof SOURCE_FORMATS)[number];
  releasesFile?: string;
  agentsFile?: string;
  batchSize?: number;
  encoding?: 'utf8' | 'latin1';
  analyze: boolean;
}

/** Plans, ingests and (unless told not to) analyses; returns the process exit code. */
export async function runIngest(context: CommandContext, request: IngestRequest): Promise<number> {
  // The parsing worker's bundle builds while the files are planned and the database opens.
  prepareWorkerScript().catch(() => {}); // a failure shows when the first file needs it
  const plan = await planFiles(request.inputs, request.source ?? 'auto', request.releasesFile, request.agentsFile);
  const failed = await withDatabase(context.database, 'ingest', async ({ db, description }) => {
    console.error(`Ingesting ${plan.length} file(s) into ${description}`);
    return ingestPlanned(db, plan, request, context.dataDir);
  });
  if (request.analyze && failed < plan.length) {
    const { runAnalyze } = await import('./analyze');
    await runAnalyze(context, { agentsChanged: plan.some((p) => p.kind === 'agents') });
  }
  return failed > 0 ? 1 : 0;
}

/** Ingests the files in order and returns how many failed; one bad file does not stop the others. */
async function ingestPlanned(db: Db, plan: PlannedFile[], request: IngestRequest, dataDir: string): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    console.error('\nStopping after the current batch (press Ctrl-C again to quit at once)…');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let failed = 0;
  try {
    for (const { file, kind } of plan) {
      if (controller.signal.aborted) break;
      const progress = createProgressReporter();
      try {
        if (kind === 'agents') {
          const count = await ingestAgentsFile(db, file);
          console.error(`${path.basename(file)} (agents): ${count} agent(s) configured`);
          continue;
        }
        const summary = await ingestFile(db, file, {
          kind,
          timeZone: getEnv().SUPPORT_TRENDS_TZ,
          batchSize: request.batchSize,
          encoding: request.encoding,
          useWorker: true,
          onProgress: progress.update,
          signal: controller.signal,
        });
        progress.done();
        printSummary(summary);
      } catch (error) {
        progress.done();
        console.error(`${path.basename(file)}: FAILED — ${describeErrorForPerson('ingest', error, dataDir)}`);
        failed++;
        if (controller.signal.aborted) break;
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  return failed;
}

function printSummary(s: IngestSummary): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const seconds = s.durationMs / 1000;
  const rate = seconds > 0 ? Math.round(s.rowsRead / seconds) : s.rowsRead;
  console.error(
    `${path.basename(s.file)} (${s.kind}): ${n(s.rowsRead)} rows read · ${n(s.inserted)} new · ${n(s.updated)} updated · ` +
      `${n(s.unchanged)} unchanged · ${n(s.rejected)} rejected${s.deleted > 0 ? ` · ${n(s.deleted)} deleted` : ''} — ${seconds.toFixed(1)} s, ${n(rate)} rows/s (run #${s.runId})`,
  );
  const skipped = Object.entries(s.skipped).map(([reason, count]) => `${n(count ?? 0)} ${reason}`);
  if (skipped.length > 0) console.error(`  skipped on purpose: ${skipped.join(', ')}`);
  if (s.conservativeRecords > 0) {
    const lines = s.conservativeLines.join(', ') + (s.conservativeRecords > s.conservativeLines.length ? ', …' : '');
    console.error(
      `  ${n(s.conservativeRecords)} record(s) redacted conservatively — their text took longer than the time budget, so every ` +
        `number, identifier and long run in it was replaced (line ${lines})`,
    );
  }
  for (const r of s.rejectedSample) {
    console.error(`  rejected line ${r.line}${r.field ? `, field "${r.field}"` : ''}: ${r.reason}`);
  }
  if (s.rejected > s.rejectedSample.length) {
    console.error(`  … and ${n(s.rejected - s.rejectedSample.length)} more (see the Imports page or the rejected_rows table)`);
  }
}

/** Expands directories, detects every file's format and orders them so references resolve. */
async function planFiles(
  inputs: string[],
  source: 'auto' | (typeof SOURCE_FORMATS)[number],
  releasesFile: string | undefined,
  agentsFile: string | undefined,
): Promise<PlannedFile[]> {
  const plan: PlannedFile[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => {
      throw new AppError('NotFound', `No such file or directory: ${input}`);
    });
    if (info.isDirectory()) {
      for (const file of await listFiles(input)) {
        const planned = await planOne(file, source).catch((error: unknown) => {
          // Inside a directory an unrelated file (README, notes) is skipped, not fatal.
          console.error(`skipping ${file}: ${error instanceof AppError ? error.message : String(error)}`);
          return null;
        });
        if (planned) plan.push(planned);
      }
    } else {
      plan.push(await planOne(input, source));
    }
  }
  if (releasesFile) {
    const kind = await detectKind(releasesFile);
    if (!RELEASE_KINDS.includes(kind)) {
      throw new AppError('InvalidInput', `--releases ${releasesFile}: this looks like ${kind}, not a release list`, {
        hint: 'Accepted: CSV/JSON version,date[,notes], Jira versions JSON, GitHub releases JSON, git log --tags output.',
      });
    }
    plan.push({ file: releasesFile, kind });
  }
  if (agentsFile) plan.unshift({ file: agentsFile, kind: 'agents' });
  return plan.sort((a, b) => orderOf(a.kind) - orderOf(b.kind));
}

function orderOf(kind: FileKind | 'agents'): number {
  return kind === 'agents' ? -1 : KIND_ORDER(kind);
}

async function planOne(file: string, source: 'auto' | (typeof SOURCE_FORMATS)[number]): Promise<PlannedFile> {
  if (looksLikeAgentsFile(await readHead(file))) return { file, kind: 'agents' };
  return { file, kind: await detectKind(file, source === 'auto' ? undefined : source) };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath ?? dir, e.name))
    .sort();
}
