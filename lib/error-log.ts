/**
 * Details of a failure a person cannot act on line by line (a lost database connection carries
 * the driver's error, the failed statement and, from drizzle, every bound parameter — 129 KB for
 * one 5,000-row batch). The terminal gets the message; the details go to a log file in the data
 * directory, named in the message, for a bug report or an administrator.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { AppError, describeError } from '@/db/errors';

/** How a lost database connection is explained when it cut an analysis short (db/client.ts asDatabaseUnavailable). */
export const LOST_DURING_ANALYSIS = {
  during: 'the analysis',
  hint: 'Re-run the same command when the database is back: it redoes what this analysis had not finished.',
};

/** Longer messages (drizzle's "Failed query: … params: …") are cut: the start names the statement. */
const MESSAGE_LIMIT = 2_000;

const cut = (text: string) =>
  text.length <= MESSAGE_LIMIT ? text : `${text.slice(0, MESSAGE_LIMIT)}… (${(text.length - MESSAGE_LIMIT).toLocaleString('en-US')} more characters cut)`;

/** The error and its causes, each with its code and stack, long messages cut. */
export function errorDetails(error: unknown): string {
  const lines: string[] = [];
  let depth = 0;
  for (let e: unknown = error; e !== undefined && e !== null && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    if (!(e instanceof Error)) {
      lines.push(`${depth === 0 ? '' : 'caused by: '}${cut(String(e))}`);
      break;
    }
    const code = (e as { code?: unknown }).code;
    lines.push(`${depth === 0 ? '' : 'caused by: '}${e.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${cut(e.message)}`);
    const frames = (e.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    lines.push(...frames);
  }
  return lines.join('\n');
}

/** The error's first line, long messages cut: what a run record keeps (the Imports page shows it). */
export function summarizeError(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return error instanceof Error ? `${error.name}: ${cut(error.message)}` : cut(String(error));
}

/** Writes the details of `error` to <data dir>/logs/<command>-<time>-<pid>.log; null if that failed. */
export function writeErrorLog(command: string, error: unknown, dataDir = getEnv().dataDir, now = new Date()): string | null {
  try {
    const dir = path.join(dataDir, 'logs');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${command}-${now.toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
    writeFileSync(file, `support-trends ${command}, ${now.toISOString()}, pid ${process.pid}\n\n${errorDetails(error)}\n`);
    return file;
  } catch {
    return null; // a read-only or missing directory must not hide the message itself
  }
}

/**
 * The message for a person. For a lost or refused database, whose cause is a driver error, the
 * cause goes to a log file and the message says where.
 */
export function describeErrorForPerson(command: string, error: unknown, dataDir?: string): string {
  const message = describeError(error);
  if (!(error instanceof AppError) || error.code !== 'Unavailable' || error.cause === undefined) return message;
  const file = writeErrorLog(command, error, dataDir);
  if (!file) return message;
  const relative = path.relative(process.cwd(), file);
  return `${message}\n  Details: ${relative.startsWith('..') ? file : relative}`;
}
