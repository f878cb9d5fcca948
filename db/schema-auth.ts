/**
 * Sign-in (better-auth) and the audit log. The four auth tables have the columns better-auth's
 * drizzle adapter addresses by property name (user, session, account, verification — see
 * lib/auth/better-auth.ts, which maps them); SQL names stay snake_case like the rest of the schema.
 * Re-exported from db/schema.ts so one migration history covers everything.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** People who may sign in: local accounts (users command) and company SSO users alike. */
export const authUsers = pgTable(
  'auth_users',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** Lower-cased by better-auth and by the users command, so one person is one row. */
    email: text('email').notNull().unique(),
    emailVerified: boolean('email_verified').notNull().default(false),
    image: text('image'),
    /** viewer | lead | manager | admin (lib/auth/viewer.ts ROLES); SSO users start as viewer. */
    role: text('role', { enum: ['viewer', 'lead', 'manager', 'admin'] }).notNull().default('viewer'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  // The role decides what a person sees: a typo written by hand into the table must not pass.
  (t) => [check('auth_users_role_check', sql`${t.role} in ('viewer', 'lead', 'manager', 'admin')`)],
);

/** Signed-in sessions; the cookie holds the signed token. Deleting a user ends their sessions. */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    token: text('token').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    expiresAt: timestamptz('expires_at').notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

/**
 * How a user signs in: provider "credential" holds the scrypt password hash (local accounts),
 * provider "oidc" the company SSO subject and tokens.
 */
export const authAccounts = pgTable(
  'auth_accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamptz('access_token_expires_at'),
    refreshTokenExpiresAt: timestamptz('refresh_token_expires_at'),
    scope: text('scope'),
    password: text('password'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('auth_accounts_user_idx').on(t.userId)],
);

/** Short-lived values of the SSO round trip (state, PKCE verifier). */
export const authVerifications = pgTable(
  'auth_verifications',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('auth_verifications_identifier_idx').on(t.identifier)],
);

/**
 * Who looked at or changed what: views and exports of individual team data, topic curation,
 * imports, sign-ins and user changes. Append-only from the application.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: serial('id').primaryKey(),
    occurredAt: timestamptz('occurred_at').notNull().defaultNow(),
    /** E-mail of a signed-in person, "local operator", "cli:<os user>", or "anonymous" (failed sign-in). */
    actor: text('actor').notNull(),
    /** The actor's role at the time; null when unknown (a failed sign-in). */
    role: text('role'),
    action: text('action').notNull(),
    /** What was acted on: a topic id, a file, a user's e-mail, "team". */
    target: text('target'),
    detail: jsonb('detail'),
  },
  (t) => [index('audit_events_occurred_idx').on(t.occurredAt)],
);

export type AuthUserRow = typeof authUsers.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
