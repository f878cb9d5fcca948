/**
 * `support-trends export <what> [--format csv|json] [--out FILE] [--pseudonymise]`
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { z } from 'zod';
import { csvHeader, csvRow, UTF8_BOM, type CsvColumn } from '@/lib/csv-export';
import { AppError } from '@/db/errors';
import { getEnv } from '@/lib/env';
import {
  exportIntermittentRows,
  exportReleaseRows,
  exportSpikeRows,
  exportTopicRows,
  INTERMITTENT_EXPORT_COLUMNS,
  RELEASE_EXPORT_COLUMNS,
  SPIKE_EXPORT_COLUMNS,
  TOPIC_EXPORT_COLUMNS,
} from '@/lib/exports/findings';
import { exportTeamRows, TEAM_EXPORT_COLUMNS } from '@/lib/exports/team';
import { exportTicketRows, TICKET_EXPORT_COLUMNS } from '@/lib/exports/tickets';
import { exportThemeRows, THEME_EXPORT_COLUMNS } from '@/lib/exports/themes';
import type { Db } from '@/db/client';
import { parseCommand } from '../args';
import type { CommandContext } from '../context';
import { withDatabase } from '../database';

const TABLES = ['tickets', 'topics', 'themes', 'releases', 'spikes', 'intermittent', 'team'] as const;
type Table = (typeof TABLES)[number];

export const EXPORT_HELP = `Usage: support-trends export <${TABLES.join('|')}> [options]

Writes a table for spreadsheets and other tools: tickets (every stored field plus topic_id,
topic_label, theme_id and theme_label), topics (with pain-point trend and theme), themes
(groups of topics, with their topic ids), releases (one row per finding), spikes,
intermittent (recurring issues) and team (team rows, then agent rows ordered by risk and name).
CSV cells that a spreadsheet would run as a formula are neutralised.

Options:
  --format <csv|json>  default csv
  --out <file>         write to a file instead of stdout
  --pseudonymise       replace agent names with stable pseudonyms ("Agent 7f3a"); needs
                       SUPPORT_TRENDS_PSEUDONYM_KEY (a secret of 8+ characters)
  --data-dir <dir>     embedded database directory (default ./.support-trends)`;

const flagsSchema = z.object({
  format: z.enum(['csv', 'json']).default('csv'),
  out: z.string().optional(),
  pseudonymise: z.boolean().default(false),
});

const SOURCES: Record<Table, { columns: CsvColumn[]; rows: (db: Db, key?: string) => AsyncIterable<Record<string, unknown>> | Promise<Record<string, unknown>[]> }> = {
  tickets: { columns: TICKET_EXPORT_COLUMNS, rows: (db) => exportTicketRows(db) },
  topics: { columns: TOPIC_EXPORT_COLUMNS, rows: exportTopicRows },
  themes: { columns: THEME_EXPORT_COLUMNS, rows: exportThemeRows },
  releases: { columns: RELEASE_EXPORT_COLUMNS, rows: exportReleaseRows },
  spikes: { columns: SPIKE_EXPORT_COLUMNS, rows: exportSpikeRows },
  intermittent: { columns: INTERMITTENT_EXPORT_COLUMNS, rows: exportIntermittentRows },
  // The operator running the CLI may see individual rows; --pseudonymise hides the names.
  team: { columns: TEAM_EXPORT_COLUMNS, rows: (db, key) => exportTeamRows(db, { includeIndividuals: true, pseudonymKey: key }) },
};

export async function exportCommand(argv: string[], context: CommandContext): Promise<number> {
  const o = parseCommand('export', argv, {
    format: { type: 'string' },
    out: { type: 'string' },
    pseudonymise: { type: 'boolean' },
  }, flagsSchema, EXPORT_HELP);
  const table = o.positionals[0] as Table | undefined;
  if (!table || !TABLES.includes(table) || o.positionals.length > 1) {
    throw new AppError('InvalidInput', `export: say what to export: ${TABLES.join(', ')}`, { hint: EXPORT_HELP });
  }
  const key = o.pseudonymise ? getEnv().SUPPORT_TRENDS_PSEUDONYM_KEY : undefined;
  if (o.pseudonymise && (!key || key.length < 8)) {
    throw new AppError('InvalidInput', '--pseudonymise needs SUPPORT_TRENDS_PSEUDONYM_KEY set to a secret of at least 8 characters');
  }
  const out = o.out ? createWriteStream(o.out) : process.stdout;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let count = 0;
  await withDatabase(context.database, 'export', async ({ db }) => {
    const { columns, rows } = SOURCES[table];
    if (o.format === 'csv') await write(UTF8_BOM + csvHeader(columns));
    else await write('[');
    for await (const row of await rows(db, key)) {
      if (o.format === 'csv') await write(csvRow(row, columns));
      else await write(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`);
      count++;
    }
    if (o.format === 'json') await write('\n]\n');
  }, { briefUse: true });
  if (o.out) {
    out.end();
    await once(out, 'finish');
    console.error(`${count.toLocaleString('en-US')} ${table} rows written to ${o.out}`);
  }
  return 0;
}
