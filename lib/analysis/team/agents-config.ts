/**
 * The agents config: who is in which team, in which zone, and when their shift is.
 *
 *   name,team,timezone,work_start,work_end,work_days
 *   Dana,Tier 1,Europe/Berlin,08:30,17:00,Mon-Fri
 *   Omar,Tier 1,Asia/Dubai,09:00,18:00,Sun-Thu
 *
 * Only `name` is required; an empty cell takes the defaults (team from the analysis options,
 * zone from SUPPORT_TRENDS_TZ, 09:00–18:00, Mon–Fri). Text in, typed rows out: this module reads
 * no files, so the CLI and the upload route share it.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { AppError } from '@/db/errors';
import { isValidTimeZone } from '@/lib/time';
import type { AgentConfig } from './types';
import { parseClock } from './working-hours';

const COLUMNS = ['name', 'team', 'timezone', 'work_start', 'work_end', 'work_days'] as const;
type Column = (typeof COLUMNS)[number];
const ALIASES: Record<string, Column> = { time_zone: 'timezone', tz: 'timezone', agent: 'name' };

const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** "Mon", "Tues", "Thursday" → weekday number; any prefix of at least three letters, so not "Monkey". */
function dayOfName(token: string): number | null {
  const t = token.trim().toLowerCase();
  if (t.length < 3) return null;
  const index = DAY_NAMES.findIndex((d) => d.startsWith(t));
  return index < 0 ? null : index;
}

/**
 * "Mon-Fri", "Mon,Tue,Thu", "Sun-Thu", "Fri-Mon" (ranges wrap over the weekend) → sorted
 * weekday numbers (0 = Sunday). Throws a plain Error with the reason; callers add file/line.
 */
export function parseWorkDays(text: string): number[] {
  const days = new Set<number>();
  for (const part of text.split(/[,;\s]+/).filter(Boolean)) {
    const range = part.split('-');
    if (range.length > 2) throw new Error(`"${part}" is not a day or a day range`);
    const from = dayOfName(range[0]);
    const to = range.length === 2 ? dayOfName(range[1]) : from;
    if (from === null || to === null) throw new Error(`"${part}" is not a day or a day range (use Mon, Tue… or Mon-Fri)`);
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  if (days.size === 0) throw new Error('no working day given');
  return [...days].sort((a, b) => a - b);
}

const emptyToUndefined = (s: string) => (s.trim() === '' ? undefined : s.trim());

const clockSchema = z
  .string()
  .transform(emptyToUndefined)
  .refine((s) => s === undefined || parseClock(s) !== null, { message: 'must be a time HH:MM (e.g. 09:00)' })
  .transform((s) => (s === undefined ? undefined : normaliseClock(s)));

function normaliseClock(s: string): string {
  const minutes = parseClock(s) ?? 0;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const rowSchema = z
  .object({
    name: z.string().trim().min(1, { message: 'is empty (every row needs an agent name)' }),
    team: z.string().transform(emptyToUndefined),
    timezone: z
      .string()
      .transform(emptyToUndefined)
      .refine((s) => s === undefined || isValidTimeZone(s), {
        message: 'is not a known IANA time zone (e.g. Europe/Berlin, America/New_York)',
      }),
    work_start: clockSchema,
    work_end: clockSchema,
    work_days: z
      .string()
      .transform(emptyToUndefined)
      .transform((s, ctx) => {
        if (s === undefined) return undefined;
        try {
          return parseWorkDays(s);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
  })
  .refine((row) => row.work_start === undefined || row.work_start !== row.work_end, {
    message: 'equals work_start: a shift needs a length',
    path: ['work_end'],
  });

function fail(fileName: string, line: number, field: string | null, message: string, value?: string): AppError {
  const where = field ? `${fileName} line ${line}, field "${field}"` : `${fileName} line ${line}`;
  const shown = value === undefined || message.includes(`"${value}"`) ? '' : ` (got "${value.slice(0, 80)}")`;
  return new AppError('InvalidInput', `${where}: ${message}${shown}`, {
    hint: `Expected columns ${COLUMNS.join(',')}; only name is required.`,
  });
}

/**
 * Parses and validates an agents CSV. Throws `AppError('InvalidInput')` naming the file, the line
 * and the field of the first bad row (unknown zone, bad hours, unknown day, duplicate name).
 */
export function parseAgentsCsv(text: string, fileName: string): AgentConfig[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw fail(fileName, line, null, `unreadable CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw fail(fileName, 1, null, 'the file is empty: expected a header row');

  const header = records[0].record.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const columns = header.map((h) => ALIASES[h] ?? h);
  const headerLine = records[0].info.lines;
  columns.forEach((c, i) => {
    if (!(COLUMNS as readonly string[]).includes(c)) throw fail(fileName, headerLine, header[i], 'unknown column');
  });
  if (!columns.includes('name')) throw fail(fileName, headerLine, 'name', 'missing column');

  const agents: AgentConfig[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const raw = Object.fromEntries(COLUMNS.map((c) => [c, ''])) as Record<Column, string>;
    columns.forEach((c, i) => (raw[c as Column] = record[i] ?? ''));
    const result = rowSchema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = String(issue.path[0] ?? 'name');
      throw fail(fileName, info.lines, field, issue.message, raw[field as Column]);
    }
    const row = result.data;
    const key = row.name.toLowerCase();
    const previous = seen.get(key);
    if (previous !== undefined) throw fail(fileName, info.lines, 'name', `duplicate of line ${previous}`, row.name);
    seen.set(key, info.lines);
    agents.push({
      name: row.name,
      ...(row.team !== undefined && { team: row.team }),
      ...(row.timezone !== undefined && { timeZone: row.timezone }),
      ...(row.work_start !== undefined && { workStart: row.work_start }),
      ...(row.work_end !== undefined && { workEnd: row.work_end }),
      ...(row.work_days !== undefined && { workDays: row.work_days }),
    });
  }
  return agents;
}
