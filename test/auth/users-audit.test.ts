import { verifyPassword } from 'better-auth/crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/client';
import { authAccounts, authSessions, authUsers } from '@/db/schema-auth';
import { auditActorOf, insertAuditEvent, listAuditEvents } from '@/lib/auth/audit';
import { addLocalUser, listUsers, removeUser, setUserPassword, setUserRole } from '@/lib/auth/users';
import { AppError } from '@/db/errors';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

const PASSWORD = 'a long enough passphrase';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error.code;
}

describe.each(TEST_ENGINES)('users and audit log (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => database?.dispose());

  it('adds a local user with a scrypt hash, never the password itself', async () => {
    const { db } = database;
    const added = await addLocalUser(db, { email: ' Mia.Manager@Example.COM ', role: 'manager', password: PASSWORD, name: 'Mia' });
    expect(added).toMatchObject({ email: 'mia.manager@example.com', role: 'manager', methods: ['password'] });
    const [row] = await db
      .select({ password: authAccounts.password, provider: authAccounts.providerId, verified: authUsers.emailVerified })
      .from(authAccounts)
      .innerJoin(authUsers, eq(authUsers.id, authAccounts.userId))
      .where(eq(authUsers.email, 'mia.manager@example.com'));
    expect(row.provider).toBe('credential');
    expect(row.verified).toBe(true);
    expect(row.password).not.toContain(PASSWORD);
    expect(row.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/); // salt:scrypt key
    expect(await verifyPassword({ hash: row.password!, password: PASSWORD })).toBe(true);
    expect(await verifyPassword({ hash: row.password!, password: `${PASSWORD}!` })).toBe(false);
  });

  it('refuses duplicates (whatever the case), short passwords, bad addresses', async () => {
    const { db } = database;
    expect(await codeOf(addLocalUser(db, { email: 'MIA.manager@example.com', role: 'viewer', password: PASSWORD }))).toBe('Conflict');
    expect(await codeOf(addLocalUser(db, { email: 'new@example.com', role: 'viewer', password: 'short-pass' }))).toBe('InvalidInput');
    expect(await codeOf(addLocalUser(db, { email: 'not-an-address', role: 'viewer', password: PASSWORD }))).toBe('InvalidInput');
    expect((await listUsers(db)).map((u) => u.email)).toEqual(['mia.manager@example.com']);
  });

  it('changes roles; the database refuses a role that does not exist', async () => {
    const { db } = database;
    expect(await setUserRole(db, 'mia.manager@example.com', 'lead')).toEqual({ email: 'mia.manager@example.com', from: 'manager', to: 'lead' });
    expect((await listUsers(db))[0].role).toBe('lead');
    expect(await codeOf(setUserRole(db, 'nobody@example.com', 'admin'))).toBe('NotFound');
    await expect(db.execute(sql`update auth_users set role = 'superuser'`)).rejects.toThrow();
  });

  it('ends sessions on a new password and on removal', async () => {
    const { db } = database;
    const [user] = await db.select().from(authUsers).where(eq(authUsers.email, 'mia.manager@example.com'));
    const session = (token: string) => ({ id: token, token, userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) });
    await db.insert(authSessions).values([session('s1'), session('s2')]);
    expect((await listUsers(db))[0].activeSessions).toBe(2);
    expect(await setUserPassword(db, 'mia.manager@example.com', 'another long passphrase')).toEqual({ email: 'mia.manager@example.com', sessionsEnded: 2 });
    const [account] = await db.select({ password: authAccounts.password }).from(authAccounts).where(eq(authAccounts.userId, user.id));
    expect(await verifyPassword({ hash: account.password!, password: 'another long passphrase' })).toBe(true);

    await db.insert(authSessions).values(session('s3'));
    await removeUser(db, 'Mia.Manager@example.com');
    const left = await queryRows<{ n: number }>(db, sql`select (select count(*) from auth_sessions)::int + (select count(*) from auth_accounts)::int as n`);
    expect(left[0].n).toBe(0);
    expect(await codeOf(removeUser(db, 'mia.manager@example.com'))).toBe('NotFound');
  });

  it('appends audit events and lists the newest first', async () => {
    const { db } = database;
    const viewer = { name: 'Mia', role: 'manager' as const, authenticated: true, email: 'mia@example.com' };
    expect(auditActorOf(viewer)).toBe('mia@example.com');
    expect(auditActorOf({ name: 'local operator', role: 'admin', authenticated: false })).toBe('local operator');
    await insertAuditEvent(db, { actor: auditActorOf(viewer), role: 'manager', action: 'team.view_individuals', target: 'team', detail: { agents: 12 } });
    await insertAuditEvent(db, { actor: 'cli:ops', role: null, action: 'data.import', target: 'tickets.csv' });
    const events = await listAuditEvents(db, 10);
    expect(events.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['cli:ops', 'data.import', 'tickets.csv'],
      ['mia@example.com', 'team.view_individuals', 'team'],
    ]);
    expect(events[1]).toMatchObject({ role: 'manager', detail: { agents: 12 } });
    expect(events[0].occurredAt).toBeInstanceOf(Date);
    expect(await listAuditEvents(db, 1)).toHaveLength(1);
  });
});
