/**
 * Local accounts and roles, for the `users` command. Passwords are hashed with better-auth's
 * scrypt (the same function its sign-in verifies with) and stored on a "credential" account,
 * exactly as better-auth's own sign-up would; the plain password is never stored or logged.
 * Works without SUPPORT_TRENDS_AUTH_SECRET, so accounts can be prepared before sign-in is on.
 */
import { generateId } from 'better-auth';
import { hashPassword } from 'better-auth/crypto';
import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { authAccounts, authSessions, authUsers } from '@/db/schema-auth';
import { AppError } from '@/db/errors';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-rules';
import { ROLES, type Role } from './roles';

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-rules';

/** better-auth's provider id for e-mail + password accounts. */
export const CREDENTIAL_PROVIDER = 'credential';

const emailSchema = z.email({ error: 'is not an e-mail address' }).max(254);

export function normaliseEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const parsed = emailSchema.safeParse(trimmed);
  if (!parsed.success) throw new AppError('InvalidInput', `"${email}" is not an e-mail address.`);
  return parsed.data;
}

export function parseRole(value: string | undefined): Role {
  if (value && (ROLES as readonly string[]).includes(value)) return value as Role;
  throw new AppError('InvalidInput', `Unknown role "${value ?? ''}".`, { hint: `Roles: ${ROLES.join(', ')}.` });
}

/** Refuses passwords too short to resist guessing, or too long for the hasher's limit. */
export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('InvalidInput', `The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`, {
      hint: 'A passphrase of several words is easy to type and hard to guess.',
    });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError('InvalidInput', `The password is too long: at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
}

export interface UserSummary {
  email: string;
  name: string;
  role: Role;
  /** How they sign in: "password", "sso" (or both). */
  methods: string[];
  activeSessions: number;
  createdAt: Date;
}

async function findUser(db: Db, email: string) {
  const [user] = await db.select().from(authUsers).where(eq(authUsers.email, normaliseEmail(email))).limit(1);
  return user ?? null;
}

async function requireUser(db: Db, email: string) {
  const user = await findUser(db, email);
  if (!user) throw new AppError('NotFound', `No user ${normaliseEmail(email)}.`, { hint: 'See who exists with "support-trends users list".' });
  return user;
}

export async function addLocalUser(
  db: Db,
  input: { email: string; role: Role; password: string; name?: string },
): Promise<UserSummary> {
  const email = normaliseEmail(input.email);
  checkPassword(input.password);
  if (await findUser(db, email)) {
    throw new AppError('Conflict', `${email} already exists.`, {
      hint: 'Change the role with "users set-role", the password with "users set-password".',
    });
  }
  const hash = await hashPassword(input.password);
  const now = new Date();
  const id = generateId();
  const name = input.name?.trim() || email.split('@')[0];
  await db.transaction(async (tx) => {
    // The address was given by an admin, so it counts as verified: an SSO sign-in with the
    // same verified address joins this account (and keeps its role).
    await tx.insert(authUsers).values({ id, email, name, role: input.role, emailVerified: true, createdAt: now, updatedAt: now });
    await tx.insert(authAccounts).values({
      id: generateId(),
      userId: id,
      accountId: id,
      providerId: CREDENTIAL_PROVIDER,
      password: hash,
      createdAt: now,
      updatedAt: now,
    });
  });
  return { email, name, role: input.role, methods: ['password'], activeSessions: 0, createdAt: now };
}

/** Deletes the user; their sessions and accounts go with them (foreign keys cascade). */
export async function removeUser(db: Db, email: string): Promise<{ email: string; role: Role }> {
  const user = await requireUser(db, email);
  await db.delete(authUsers).where(eq(authUsers.id, user.id));
  return { email: user.email, role: user.role };
}

export async function setUserRole(db: Db, email: string, role: Role): Promise<{ email: string; from: Role; to: Role }> {
  const user = await requireUser(db, email);
  await db.update(authUsers).set({ role, updatedAt: new Date() }).where(eq(authUsers.id, user.id));
  return { email: user.email, from: user.role, to: role };
}

/** Sets (or adds) the password and ends the user's sessions, so an old password's session stops too. */
export async function setUserPassword(db: Db, email: string, password: string): Promise<{ email: string; sessionsEnded: number }> {
  checkPassword(password);
  const user = await requireUser(db, email);
  const hash = await hashPassword(password);
  const now = new Date();
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(authAccounts)
      .set({ password: hash, updatedAt: now })
      .where(and(eq(authAccounts.userId, user.id), eq(authAccounts.providerId, CREDENTIAL_PROVIDER)))
      .returning({ id: authAccounts.id });
    if (updated.length === 0) {
      await tx.insert(authAccounts).values({
        id: generateId(),
        userId: user.id,
        accountId: user.id,
        providerId: CREDENTIAL_PROVIDER,
        password: hash,
        createdAt: now,
        updatedAt: now,
      });
    }
    const ended = await tx.delete(authSessions).where(eq(authSessions.userId, user.id)).returning({ id: authSessions.id });
    return { email: user.email, sessionsEnded: ended.length };
  });
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const users = await db.select().from(authUsers).orderBy(asc(authUsers.email));
  const methods = await db
    .select({ userId: authAccounts.userId, providers: sql<string[]>`array_agg(distinct ${authAccounts.providerId})` })
    .from(authAccounts)
    .groupBy(authAccounts.userId);
  const sessions = await db
    .select({ userId: authSessions.userId, n: count() })
    .from(authSessions)
    .where(gt(authSessions.expiresAt, new Date()))
    .groupBy(authSessions.userId);
  const methodsOf = new Map(methods.map((m) => [m.userId, m.providers]));
  const sessionsOf = new Map(sessions.map((s) => [s.userId, Number(s.n)]));
  return users.map((u) => ({
    email: u.email,
    name: u.name,
    role: u.role,
    methods: (methodsOf.get(u.id) ?? []).map((p) => (p === CREDENTIAL_PROVIDER ? 'password' : 'sso')).sort(),
    activeSessions: sessionsOf.get(u.id) ?? 0,
    createdAt: u.createdAt,
  }));
}
