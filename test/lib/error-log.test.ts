import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeErrorForPerson, errorDetails } from '@/lib/error-log';
import { resetEnvCache } from '@/lib/env';
import { AppError } from '@/db/errors';

/** What drizzle throws when the connection drops under a big statement: every parameter in the message. */
function failedBatch(): Error {
  const driver = Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' });
  const params = JSON.stringify(Array.from({ length: 5_000 }, (_, i) => ({ id: i, topic: `t${i % 40}` })));
  return new Error(`Failed query: update tickets t set topic_id = x.topic from json_to_recordset($1::json)\nparams: ${params}`, { cause: driver });
}

describe('error details', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-errlog-'));
    process.env.SUPPORT_TRENDS_DATA_DIR = dir;
    resetEnvCache();
  });
  afterEach(() => {
    delete process.env.SUPPORT_TRENDS_DATA_DIR;
    resetEnvCache();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keep each cause with its code and stack, and cut a parameter dump to its start', () => {
    const error = failedBatch();
    expect(error.message.length).toBeGreaterThan(100_000);
    const details = errorDetails(error);
    expect(details.length).toBeLessThan(8_000);
    expect(details).toMatch(/^Error: Failed query: update tickets/);
    expect(details).toMatch(/more characters cut\)/);
    expect(details).toMatch(/\ncaused by: Error \[CONNECTION_CLOSED\]: write CONNECTION_CLOSED/);
    expect(details).toMatch(/\n\s+at /);
  });

  it('a lost database is shown as its message, the details go to a log file named in it', () => {
    const lost = new AppError('Unavailable', 'Lost the connection to the database (CONNECTION_CLOSED) during the analysis.', {
      hint: 'Re-run the same command when the database is back.',
      cause: failedBatch(),
    });
    const shown = describeErrorForPerson('analyze', lost);
    const [sentence, hint, details] = shown.split('\n');
    expect(sentence).toBe('Lost the connection to the database (CONNECTION_CLOSED) during the analysis.');
    expect(hint).toBe('  → Re-run the same command when the database is back.');
    const file = /^ {2}Details: (.+)$/.exec(details)?.[1];
    expect(file).toMatch(new RegExp(`^${dir}/logs/analyze-.+-${process.pid}\\.log$`));
    expect(readFileSync(file!, 'utf8')).toContain('caused by: Error: Failed query: update tickets');
  });

  it('other errors are shown as before, without a log file', () => {
    expect(describeErrorForPerson('analyze', new AppError('InvalidInput', 'bad flag'))).toBe('bad flag');
  });
});
