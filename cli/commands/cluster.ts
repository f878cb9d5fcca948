/**
 * `support-trends cluster <file.csv> --text-column <name> [--id-column <name>] [--level theme|topic] [--k <n>] [--seed <n>]`
 *
 * Stateless topic discovery on any CSV: no database, the same pipeline as the dashboard, and a
 * CSV on stdout: `id,topic_id,topic_label,theme_id,theme_label` per row (`--level topic`, the
 * default) or `id,theme_id,theme_label` (`--level theme`); unclustered rows get `unclustered`.
 */
import { asThemeId, asTopicId, formatThemeForCli, formatTopicForCli } from '@/lib/topic-id';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { discoverTopics } from '@/lib/analysis/topics/discover';
import { AppError } from '@/db/errors';
import { csvField } from '@/lib/csv-export';
import { parseCommand } from '../args';
import type { CommandContext } from '../context';

export interface ClusterCommandOptions {
  file: string;
  textColumn: string;
  /** Column holding ticket ids; default the 1-based row number. */
  idColumn?: string;
  /** Exact number of topics; default found from the data. */
  k?: number;
  seed?: number;
  /** topic (default): one row per ticket with its topic and theme; theme: its theme only. */
  level?: 'topic' | 'theme';
}

export const CLUSTER_HELP = `Usage: support-trends cluster <file.csv> --text-column <name> [options]

Groups the rows of a CSV into recurring topics, and topics into themes (problem areas), by
their text, without a database, and prints as CSV
  id,topic_id,topic_label,theme_id,theme_label   (--level topic, the default)
  id,theme_id,theme_label                        (--level theme)
Rows fitting no topic get topic_id and theme_id "unclustered".

Options:
  --text-column <name>  column with the text to cluster (required)
  --id-column <name>    column with row ids (default: the 1-based row number)
  --level <topic|theme> the grouping to print (default topic)
  --k <n>               exact number of topics (default: found from the data)
  --seed <n>            random seed; same seed, same topics (default 42)`;

function write(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = out.write(chunk, (error) => (error ? reject(error) : undefined));
    if (ok) resolve();
    else out.once('drain', resolve);
  });
}

async function readColumns(file: string, textColumn: string, idColumn?: string): Promise<{ ids: string[]; texts: string[] }> {
  try {
    await access(file);
  } catch {
    throw new AppError('NotFound', `${file}: file not found`);
  }
  const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  const ids: string[] = [];
  const texts: string[] = [];
  let header: string[] | null = null;
  let textIndex = -1;
  let idIndex = -1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record.map((h) => h.trim());
        textIndex = header.indexOf(textColumn);
        idIndex = idColumn === undefined ? -1 : header.indexOf(idColumn);
        const missing = [textIndex < 0 ? textColumn : null, idColumn !== undefined && idIndex < 0 ? idColumn : null].filter(
          (c): c is string => c !== null,
        );
        if (missing.length > 0) {
          throw new AppError(
            'InvalidInput',
            `${file}: no column ${missing.map((c) => `"${c}"`).join(' or ')}; the header has: ${header.map((h) => `"${h}"`).join(', ')}`,
            { hint: 'Pass --text-column (and --id-column) with one of these names, exactly as written.' },
          );
        }
        continue;
      }
      texts.push(record[textIndex] ?? '');
      ids.push(idIndex >= 0 ? (record[idIndex] ?? '') : String(texts.length));
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('InvalidInput', `${file}: not a readable CSV file: ${(error as Error).message}`);
  }
  if (!header) throw new AppError('InvalidInput', `${file}: the file is empty (no header row)`);
  return { ids, texts };
}

/** Clusters the rows of a CSV file and writes `id,topic_id,topic_label` rows to `out`. */
export async function runClusterCommand(opts: ClusterCommandOptions, out: NodeJS.WritableStream): Promise<void> {
  if (opts.k !== undefined && (!Number.isInteger(opts.k) || opts.k < 1)) {
    throw new AppError('InvalidInput', `--k must be a positive whole number, got ${opts.k}`);
  }
  const { ids, texts } = await readColumns(opts.file, opts.textColumn, opts.idColumn);
  const result = discoverTopics({ ids, texts }, { k: opts.k, seed: opts.seed });
  const labelOf = new Map(result.model.topics.map((t) => [t.id, t.label]));
  const themeLabelOf = new Map((result.model.themes ?? []).map((t) => [t.id, t.label]));
  const themeOnly = opts.level === 'theme';
  let chunk = themeOnly ? 'id,theme_id,theme_label\n' : 'id,topic_id,topic_label,theme_id,theme_label\n';
  for (let i = 0; i < ids.length; i++) {
    const topic = result.topicIds[i];
    const theme = result.themeIds[i] ?? null;
    const themeCells = `${formatThemeForCli(asThemeId(theme))},${csvField(theme ? (themeLabelOf.get(theme) ?? '') : '')}`;
    chunk += themeOnly
      ? `${csvField(ids[i])},${themeCells}\n`
      : `${csvField(ids[i])},${formatTopicForCli(asTopicId(topic))},${csvField(topic ? (labelOf.get(topic) ?? '') : '')},${themeCells}\n`;
    if (chunk.length > 1 << 16) {
      await write(out, chunk);
      chunk = '';
    }
  }
  await write(out, chunk);
}

const flagsSchema = z.object({
  'text-column': z.string({ error: 'is required' }).min(1, 'is required'),
  'id-column': z.string().min(1).optional(),
  k: z.coerce.number().int().min(1).optional(),
  seed: z.coerce.number().int().min(0).optional(),
  level: z.enum(['topic', 'theme'], { error: 'must be topic or theme' }).default('topic'),
});

/** CLI entry: `support-trends cluster <file> --text-column …`. */
export async function clusterCommand(argv: string[], context: CommandContext): Promise<number> {
  const options = parseCommand(
    'cluster',
    argv,
    { 'text-column': { type: 'string' }, 'id-column': { type: 'string' }, k: { type: 'string' }, seed: { type: 'string' }, level: { type: 'string' } },
    flagsSchema,
    CLUSTER_HELP,
  );
  if (options.positionals.length !== 1) {
    throw new AppError('InvalidInput', 'cluster: give exactly one CSV file', { hint: CLUSTER_HELP });
  }
  await runClusterCommand(
    {
      file: options.positionals[0],
      textColumn: options['text-column'],
      idColumn: options['id-column'],
      k: options.k,
      seed: options.seed,
      level: options.level,
    },
    process.stdout,
  );
  return 0;
}
