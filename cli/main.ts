/**
 * The command line: `support-trends <command> [options]`. Each command lives in
 * cli/commands/<name>.ts; this file only dispatches and turns errors into messages and
 * exit codes (one place, see db/errors.ts).
 */
import type { CommandContext } from './context';

type Command = { summary: string; load: () => Promise<(argv: string[], context: CommandContext) => Promise<number>> };

const COMMANDS: Record<string, Command> = {
  demo: {
    summary: 'generate a realistic sample export, ingest it, analyze it and open the dashboard',
    load: async () => (await import('./commands/demo')).demoCommand,
  },
  ingest: {
    summary: 'load ticket exports, comments, releases and agents (idempotent)',
    load: async () => (await import('./commands/ingest')).ingestCommand,
  },
  pull: {
    summary: 'fetch new and changed tickets from helpdesk APIs (support-trends.config.json)',
    load: async () => (await import('./commands/pull')).pullCommand,
  },
  analyze: {
    summary: 'find topics, spikes, recurring issues, release impact and team load',
    load: async () => (await import('./commands/analyze')).analyzeCommand,
  },
  cluster: {
    summary: "group a CSV's rows into topics, no database (prints id,topic_id,topic_label)",
    load: async () => (await import('./commands/cluster')).clusterCommand,
  },
  export: {
    summary: 'write tickets, topics, releases, spikes, intermittent issues or team load as CSV/JSON',
    load: async () => (await import('./commands/export')).exportCommand,
  },
  report: {
    summary: 'print the planning summary (Markdown, or --json)',
    load: async () => (await import('./commands/report')).reportCommand,
  },
  serve: {
    summary: 'start the dashboard on http://127.0.0.1:3000',
    load: async () => (await import('./commands/serve')).serveCommand,
  },
  users: {
    summary: 'manage who may sign in (add, remove, list, set-role, set-password) and show the audit log',
    load: async () => (await import('./commands/users')).usersCommand,
  },
};

const USAGE = () => `Usage: support-trends <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}

Run "support-trends <command> --help" for a command's options.
Settings: DATABASE_URL (use PostgreSQL instead of the embedded database),
SUPPORT_TRENDS_DATA_DIR (default ./.support-trends), SUPPORT_TRENDS_TZ (default UTC).`;

/**
 * The postgres driver can throw outside any promise when the server vanishes mid-write
 * (TypeError in its socket writer). Committed batches are safe either way; the person gets the
 * same message as for any lost connection instead of a driver stack trace.
 */
async function exitOnDriverCrash(command: string, dataDir: string): Promise<void> {
  const { AppError, exitCodeOf } = await import('@/db/errors');
  const { describeErrorForPerson, LOST_DURING_ANALYSIS } = await import('@/lib/error-log');
  process.on('uncaughtException', (error) => {
    if (error instanceof Error && /node_modules[\\/]postgres[\\/]/.test(error.stack ?? '')) {
      // `analyze` explains it as any other lost analysis (db/client.ts asDatabaseUnavailable).
      const analysing = command === 'analyze';
      const lost = new AppError('Unavailable', `Lost the connection to the database (the server closed it)${analysing ? ` during ${LOST_DURING_ANALYSIS.during}` : ''}.`, {
        hint: analysing
          ? LOST_DURING_ANALYSIS.hint
          : 'Work committed before the failure is kept. Re-run the same command when the database is back: it completes the work without duplicates.',
        cause: error,
      });
      console.error(`support-trends ${command}: ${describeErrorForPerson(command, lost, dataDir)}`);
      process.exit(exitCodeOf(lost));
    }
    throw error;
  });
}

export async function main(argv: string[]): Promise<number> {
  // `support-trends report | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE()}`);
    return 2;
  }
  // Loaded only once a command runs: `--help` stays a fraction of a second (zod alone doubles a
  // bare Node start).
  const [{ exitCodeOf }, { describeErrorForPerson }, { commandContext }] = await Promise.all([
    import('@/db/errors'),
    import('@/lib/error-log'),
    import('./context'),
  ]);
  let context: CommandContext | undefined;
  try {
    context = commandContext(rest);
    await exitOnDriverCrash(name, context.dataDir);
    const run = await command.load();
    return await run(rest, context);
  } catch (error) {
    console.error(`support-trends ${name}: ${describeErrorForPerson(name, error, context?.dataDir)}`);
    return exitCodeOf(error);
  }
}
