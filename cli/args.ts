/**
 * Flag parsing for every command: node's parseArgs for the syntax, zod for the meaning, and a
 * message that names the command and the flag when either fails.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { AppError } from '@/db/errors';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** Flags every command accepts. */
export const COMMON_FLAGS: FlagSpec = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export function parseCommand<S extends z.ZodType>(
  command: string,
  argv: string[],
  flags: FlagSpec,
  schema: S,
  help: string,
): z.infer<S> & { positionals: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON_FLAGS, ...flags }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AppError('InvalidInput', `${command}: ${(error as Error).message}`, {
      hint: `Run "support-trends ${command} --help" for the accepted flags.`,
    });
  }
  if (parsed.values.help) {
    console.log(help);
    process.exit(0);
  }
  const result = schema.safeParse(parsed.values);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('InvalidInput', `${command}: ${problems}`);
  }
  return { ...(result.data as object), positionals: parsed.positionals } as z.infer<S> & { positionals: string[] };
}

/** A positive integer flag given as text ("100000" or "100k" / "1m"). */
export const countFlag = z
  .string()
  .regex(/^\d+(\.\d+)?[kKmM]?$/, 'must be a number such as 5000, 100k or 1m')
  .transform((v) => {
    const unit = v.slice(-1).toLowerCase();
    const base = Number.parseFloat(v);
    return Math.round(unit === 'k' ? base * 1e3 : unit === 'm' ? base * 1e6 : base);
  });
