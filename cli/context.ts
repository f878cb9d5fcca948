/**
 * The settings a command runs with, resolved once from the environment (lib/env.ts) and the
 * flags every command accepts, then passed down as a value: nothing below reads --data-dir
 * back from a global.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DatabaseTarget } from '@/db/client';
import { databaseTarget, getEnv } from '@/lib/env';
import { COMMON_FLAGS } from './args';

export interface CommandContext {
  /** The embedded database's directory (also where error logs and the demo export go). */
  dataDir: string;
  /** Where data lives: DATABASE_URL wins over the data directory. */
  database: DatabaseTarget;
}

/**
 * The context of `support-trends <command> <argv>`: `--data-dir` overrides
 * SUPPORT_TRENDS_DATA_DIR. Read leniently here (the command's own parse rejects bad flags), so
 * even a command that fails on its flags logs its errors into the right directory.
 */
export function commandContext(argv: string[]): CommandContext {
  const { values } = parseArgs({ args: argv, options: COMMON_FLAGS, allowPositionals: true, strict: false });
  const flag = values['data-dir'];
  const env = getEnv();
  const dataDir = typeof flag === 'string' ? path.resolve(flag) : env.dataDir;
  return { dataDir, database: databaseTarget(env, dataDir) };
}
