/**
 * `support-trends report [--since DATE] [--until DATE] [--json] [--out FILE]`
 */
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { getEnv } from '@/lib/env';
import { getPlanningReport } from '@/lib/queries/report';
import { renderReportMarkdown } from '@/lib/report/markdown';
import { parseCommand } from '../args';
import type { CommandContext } from '../context';
import { withDatabase } from '../database';

export const REPORT_HELP = `Usage: support-trends report [options]

Prints the planning summary of the last analysis: top pain points with trends, what each release
did (regressions, improvements, new topics, with their tests), recurring issues with their next
expected date and usual fix, spikes, and team load.

Options:
  --since <date>    first day, YYYY-MM-DD (default: the first day of data)
  --until <date>    last day, YYYY-MM-DD (default: the last day of data)
  --json            print JSON (a stable contract) instead of Markdown
  --out <file>      write to a file instead of stdout
  --data-dir <dir>  embedded database directory (default ./.support-trends)

The operator running the CLI sees individual team-load rows.`;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const flagsSchema = z.object({
  since: day.optional(),
  until: day.optional(),
  json: z.boolean().default(false),
  out: z.string().optional(),
});

export async function reportCommand(argv: string[], context: CommandContext): Promise<number> {
  const o = parseCommand('report', argv, {
    since: { type: 'string' },
    until: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
  }, flagsSchema, REPORT_HELP);
  const report = await withDatabase(context.database, 'report', ({ db }) =>
    getPlanningReport(db, { from: o.since, to: o.until, timeZone: getEnv().SUPPORT_TRENDS_TZ, includeIndividuals: true }),
  { briefUse: true });
  const text = o.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderReportMarkdown(report)}\n`;
  if (o.out) {
    await writeFile(o.out, text);
    console.error(`Report written to ${o.out}`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}
