/**
 * `support-trends users <add|remove|list|set-role|set-password|audit> …`: local accounts, roles
 * and the audit log. Passwords are read from a hidden prompt on a terminal, or from stdin with
 * --password-stdin (for scripts: `printf %s "$PW" | support-trends users add …`); never from the
 * command line, where other users of the machine and the shell history would see them.
 */
import { userInfo } from 'node:os';
import { z } from 'zod';
import type { Db, DatabaseTarget } from '@/db/client';
import { insertAuditEvent, listAuditEvents, type AuditAction } from '@/lib/auth/audit';
import { ROLE_CAPABILITIES, ROLES } from '@/lib/auth/roles';
import {
  addLocalUser,
  checkPassword,
  listUsers,
  MIN_PASSWORD_LENGTH,
  normaliseEmail,
  parseRole,
  removeUser,
  setUserPassword,
  setUserRole,
} from '@/lib/auth/users';
import { AppError } from '@/db/errors';
import { parseCommand } from '../args';
import type { CommandContext } from '../context';
import { withDatabase } from '../database';

export const USERS_HELP = `Usage: support-trends users <subcommand> [options]

Manages who may sign in to the dashboard (sign-in is on when SUPPORT_TRENDS_AUTH_SECRET is set).

Subcommands:
  add <email> --role <role> [--name <name>]   create a local account (asks for a password)
  set-password <email>                        replace a password and end that user's sessions
  set-role <email> <role>                     change a role (SSO users start as viewer)
  remove <email>                              delete a user and end their sessions
  list [--json]                               everyone who can sign in, with role and method
  audit [--limit <n>] [--json]                the latest audit log entries (default 50)

Options:
  --password-stdin  read the password from stdin instead of a prompt (for scripts)
  --data-dir <dir>  embedded database directory (default ./.support-trends)

Roles (each includes the ones above it):
${ROLES.map((r) => `  ${r.padEnd(8)} ${ROLE_CAPABILITIES[r]}`).join('\n')}

Passwords: at least ${MIN_PASSWORD_LENGTH} characters. With the embedded database, stop the
dashboard first (it holds the data directory); with PostgreSQL this works while it runs.`;

const flagsSchema = z.object({
  role: z.string().optional(),
  name: z.string().max(200).optional(),
  'password-stdin': z.boolean().default(false),
  json: z.boolean().default(false),
  limit: z.coerce.number().int().min(1).max(10_000).default(50),
});
type Flags = z.infer<typeof flagsSchema> & { positionals: string[] };

/** Who ran the command, for the audit log. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

async function audit(db: Db, action: AuditAction, target: string, detail?: Record<string, unknown>): Promise<void> {
  await insertAuditEvent(db, { actor: cliActor(), role: null, action, target, detail });
}

export async function usersCommand(argv: string[], context: CommandContext): Promise<number> {
  const flags: Flags = parseCommand('users', argv, {
    role: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    json: { type: 'boolean' },
    limit: { type: 'string' },
  }, flagsSchema, USERS_HELP);
  const [subcommand, ...args] = flags.positionals;
  switch (subcommand) {
    case 'add':
      return add(context.database, flags, args);
    case 'remove':
      return remove(context.database, args);
    case 'list':
      return list(context.database, flags);
    case 'set-role':
      return changeRole(context.database, flags, args);
    case 'set-password':
      return changePassword(context.database, flags, args);
    case 'audit':
      return showAudit(context.database, flags);
    default:
      throw new AppError('InvalidInput', subcommand ? `users: unknown subcommand "${subcommand}".` : 'users: which subcommand?', {
        hint: 'One of add, remove, list, set-role, set-password, audit (see "support-trends users --help").',
      });
  }
}

function oneEmail(args: string[], usage: string): string {
  if (args.length !== 1) throw new AppError('InvalidInput', `users ${usage}`);
  return normaliseEmail(args[0]);
}

async function add(database: DatabaseTarget, flags: Flags, args: string[]): Promise<number> {
  const email = oneEmail(args, 'add <email> --role <role>: give exactly one e-mail address.');
  if (!flags.role) throw new AppError('InvalidInput', 'users add: --role is required.', { hint: `Roles: ${ROLES.join(', ')}.` });
  const role = parseRole(flags.role);
  const password = await readNewPassword(flags['password-stdin']);
  const user = await withDatabase(database, 'users', async ({ db }) => {
    const created = await addLocalUser(db, { email, role, password, name: flags.name });
    await audit(db, 'user.add', created.email, { role });
    return created;
  });
  console.error(`Added ${user.email} (${user.role}).`);
  return 0;
}

async function remove(database: DatabaseTarget, args: string[]): Promise<number> {
  const email = oneEmail(args, 'remove <email>: give exactly one e-mail address.');
  const removed = await withDatabase(database, 'users', async ({ db }) => {
    const result = await removeUser(db, email);
    await audit(db, 'user.remove', result.email, { role: result.role });
    return result;
  });
  console.error(`Removed ${removed.email}; their sessions have ended.`);
  return 0;
}

async function changeRole(database: DatabaseTarget, flags: Flags, args: string[]): Promise<number> {
  if (args.length !== 2 && !(args.length === 1 && flags.role)) {
    throw new AppError('InvalidInput', 'users set-role <email> <role>: give an e-mail address and a role.', { hint: `Roles: ${ROLES.join(', ')}.` });
  }
  const email = normaliseEmail(args[0]);
  const role = parseRole(args[1] ?? flags.role);
  const change = await withDatabase(database, 'users', async ({ db }) => {
    const result = await setUserRole(db, email, role);
    await audit(db, 'user.set_role', result.email, { from: result.from, to: result.to });
    return result;
  });
  console.error(`${change.email}: ${change.from} → ${change.to} (from their next request).`);
  return 0;
}

async function changePassword(database: DatabaseTarget, flags: Flags, args: string[]): Promise<number> {
  const email = oneEmail(args, 'set-password <email>: give exactly one e-mail address.');
  const password = await readNewPassword(flags['password-stdin']);
  const result = await withDatabase(database, 'users', async ({ db }) => {
    const changed = await setUserPassword(db, email, password);
    await audit(db, 'user.set_password', changed.email, { sessionsEnded: changed.sessionsEnded });
    return changed;
  });
  console.error(`Password of ${result.email} changed; ${result.sessionsEnded} session(s) ended.`);
  return 0;
}

async function list(database: DatabaseTarget, flags: Flags): Promise<number> {
  const users = await withDatabase(database, 'users', ({ db }) => listUsers(db));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
    return 0;
  }
  if (users.length === 0) {
    console.error('No users yet. Add one with "support-trends users add <email> --role admin".');
    return 0;
  }
  const rows = users.map((u) => [u.email, u.role, u.methods.join('+') || '-', String(u.activeSessions), u.name]);
  printTable(['email', 'role', 'sign-in', 'sessions', 'name'], rows);
  return 0;
}

async function showAudit(database: DatabaseTarget, flags: Flags): Promise<number> {
  const events = await withDatabase(database, 'users', ({ db }) => listAuditEvents(db, flags.limit));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(events, null, 2)}\n`);
    return 0;
  }
  if (events.length === 0) {
    console.error('The audit log is empty.');
    return 0;
  }
  const rows = events.map((e) => [
    e.occurredAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    e.actor,
    e.role ?? '-',
    e.action,
    e.target ?? '-',
    e.detail ? JSON.stringify(e.detail) : '',
  ]);
  printTable(['time', 'actor', 'role', 'action', 'target', 'detail'], rows);
  return 0;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
}

/** The new password: from stdin (one line, the trailing newline dropped) or a hidden prompt, asked twice. */
async function readNewPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    const text = await readAllStdin();
    const password = text.replace(/\r?\n$/, '');
    checkPassword(password);
    return password;
  }
  if (!process.stdin.isTTY) {
    throw new AppError('InvalidInput', 'No terminal to ask for the password.', {
      hint: 'Pipe it in with --password-stdin, e.g. printf %s "$PASSWORD" | support-trends users add … --password-stdin',
    });
  }
  const first = await promptHidden(`Password (at least ${MIN_PASSWORD_LENGTH} characters): `);
  checkPassword(first);
  const second = await promptHidden('Repeat the password: ');
  if (first !== second) throw new AppError('InvalidInput', 'The two passwords differ; nothing was changed.');
  return first;
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new AppError('InvalidInput', 'Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
