/** Shared pieces of the connector tests: a recording sleep, a config, table reads and resets. */
import { afterAll, beforeAll, expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { parsePullConfig, type PullConfig } from '@/ingest/connectors/config';
import type { HttpDeps } from '@/ingest/connectors/http';
import { AppError } from '@/db/errors';
import { resetEnvCache } from '@/lib/env';
import { createTestDatabase, type TestDatabase, type TestEngine } from '../helpers/database';
import { FakeServer, type FakeHandler } from './fake-server';

/** A sleep that returns at once and remembers what it was asked to wait. */
export function recordingDeps(now = Date.parse('2026-03-10T12:00:00Z')): Partial<HttpDeps> & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    now: () => now,
    random: () => 0.5,
  };
}

/** Tiny retry delays: faults are retried without slowing the suite. */
export const FAST_HTTP = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 4, maxRetryAfterSeconds: 30, timeoutSeconds: 5 };

export function configOf(source: Record<string, unknown>, file = 'support-trends.config.json'): PullConfig {
  return parsePullConfig({ http: FAST_HTTP, sources: [source] }, file);
}

export async function resetTables(db: Db): Promise<void> {
  await db.execute(sql`truncate ticket_events, tickets, releases, rejected_rows, ingest_runs, pull_sources, customers, agents, organizations restart identity cascade`);
}

export async function tableCounts(db: Db): Promise<{ tickets: number; events: number; releases: number }> {
  const [row] = await queryRows<{ tickets: number; events: number; releases: number }>(
    db,
    sql`select (select count(*)::int from tickets) as tickets, (select count(*)::int from ticket_events) as events,
               (select count(*)::int from releases) as releases`,
  );
  return row;
}

/** Everything a pull stores that a reader sees, in a stable order (for "equals a clean run"). */
export async function snapshot(db: Db): Promise<unknown[]> {
  return queryRows(
    db,
    sql`select t.source, t.external_id, t.subject, t.status, t.updated_at, t.resolved_at, t.first_response_at, t.tags,
               (select json_agg(json_build_object('id', e.external_id, 'body', e.body, 'role', e.author_role) order by e.external_id)
                  from ticket_events e where e.ticket_id = t.id) as events
        from tickets t order by t.source, t.external_id`,
  );
}

/**
 * Finishes an interrupted pull (the fake's faults cleared) and checks it stored exactly what one
 * uninterrupted pull into empty tables stores. Returns that snapshot.
 */
export async function expectResumedEqualsUninterrupted(db: Db, fake: FakeServer, pull: () => Promise<{ error: unknown }>): Promise<unknown[]> {
  fake.clearFaults();
  expect((await pull()).error).toBeNull();
  const resumed = await snapshot(db);
  await resetTables(db);
  expect((await pull()).error).toBeNull();
  expect(await snapshot(db)).toEqual(resumed);
  return resumed;
}

export async function storedState(db: Db, name: string): Promise<{ cursor: unknown; lastStatus: string | null; lastError: string | null } | undefined> {
  const [row] = await queryRows<{ cursor: unknown; lastStatus: string | null; lastError: string | null }>(
    db,
    sql`select cursor, last_status as "lastStatus", last_error as "lastError" from pull_sources where name = ${name}`,
  );
  return row;
}

/** The AppError a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with an AppError');
}

/**
 * Text compared between what a source holds and what was stored: line ends unified, trailing
 * spaces and blank lines dropped (wiki markup keeps blank lines, Atlassian Document Format has
 * paragraphs instead), so the same words in either shape compare equal.
 */
export function comparableText(text: unknown): string {
  if (typeof text !== 'string') return '';
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .filter((line) => line.trim() !== '')
    .join('\n')
    .trim();
}

export interface StoredTicket {
  id: string;
  subject: string;
  description: string;
  status: string | null;
  comments: number;
}

/** The tickets of one source as stored: id, text, status and the number of comments, by id. */
export async function storedTickets(db: Db, source: string): Promise<StoredTicket[]> {
  const rows = await queryRows<{ id: string; subject: string; description: string; status: string | null; comments: number }>(
    db,
    sql`select t.external_id as id, t.subject, t.description, t.status,
               (select count(*)::int from ticket_events e where e.ticket_id = t.id) as comments
        from tickets t where t.source = ${source} order by t.external_id`,
  );
  return rows.map((r) => ({ ...r, description: comparableText(r.description) }));
}

/** Runs `body` with PII redaction off, so stored text can be compared with the source word for word. */
export async function withoutRedaction<T>(body: () => Promise<T>): Promise<T> {
  const before = process.env.SUPPORT_TRENDS_REDACT;
  process.env.SUPPORT_TRENDS_REDACT = 'off';
  resetEnvCache();
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.SUPPORT_TRENDS_REDACT;
    else process.env.SUPPORT_TRENDS_REDACT = before;
    resetEnvCache();
  }
}

/**
 * A fresh database and a vendor's fake server for one describe block: opened before its tests,
 * closed after; `ready` receives both.
 */
export function useDatabaseAndFake(engine: TestEngine, handler: FakeHandler, ready: (database: TestDatabase, fake: FakeServer) => void): void {
  let database: TestDatabase | undefined;
  let fake: FakeServer | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    fake = await FakeServer.start(handler);
    ready(database, fake);
  });
  afterAll(async () => {
    await fake?.close();
    await database?.dispose();
  });
}
