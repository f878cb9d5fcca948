/**
 * Issue 24 end to end, through `support-trends ingest` as a user runs it: the one-row export
 * that used to stall an import for hours loads in under a second, and a ticket with a 1 MB
 * description (a pasted log full of addresses, keys and card numbers) in under two, redacted.
 * The times are the ingest runs' own (`ingest_runs.duration_ms`: parsing in the worker,
 * redaction, writing), the bounds the ones the issue sets — on top of what an ordinary one-row
 * file takes at the same moment (~0.1 s on an idle machine), since the machine is shared.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '@/db/client';
import { runCli } from '../helpers/cli';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';
import { FAMILIES, sampleOf } from '../linear-time/adversarial';

const HEADER = 'id,created_at,subject,description\n';
const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;
const REPRODUCTION = `${HEADER}X-1,2025-01-01T00:00:00Z,Signing fails,"signature: abCd3Ef4Gh5Ij6Kl7Mn8Op9Qr0St1Uv2Wx3Yz4Ab5Cd+x/Rs2Tu3Vw4Xy5Za6Bc7De8Fg9Hi0Jk1Lm2No3Pq4"\n`;
const LOG = sampleOf(FAMILIES.find((f) => f.name === 'logs')!, 1 << 20, 24).text;

describe.each(TEST_ENGINES)('support-trends ingest of the texts that stalled imports (%s)', (engine) => {
  let dir: string;
  let server: TestDatabase | undefined;
  let env: Record<string, string>;
  const open = (): Promise<Database> =>
    engine === 'pglite' ? openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'data') }) : openDatabase({ kind: 'postgres', url: server!.url! });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-long-text-'));
    if (engine === 'postgres') server = await createTestDatabase('postgres');
    env = engine === 'pglite' ? { SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'data') } : { DATABASE_URL: server!.url! };
  });
  afterAll(async () => {
    await server?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ingest(name: string, content: string): Promise<{ durationMs: number; description: string; conservative: number }> {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    const result = await runCli(['ingest', file, '--no-analyze'], env, 180_000);
    expect(result.stderr).toMatch(new RegExp(`${name.replace('.', '\\.')} \\(csv-tickets\\): 1 rows read · 1 new`));
    expect(result.code).toBe(0);
    const database = await open();
    try {
      const [run] = await queryRows<{ durationMs: number; conservative: number }>(
        database.db,
        sql`select duration_ms as "durationMs", conservative_records as conservative from ingest_runs where file = ${file} order by id desc limit 1`,
      );
      const [ticket] = await queryRows<{ description: string }>(database.db, sql`select description from tickets where external_id = ${name}`);
      return { ...run, description: ticket.description };
    } finally {
      await database.close();
    }
  }

  let ordinaryMs = 0;

  it('loads an ordinary one-row file (the reference for the times below)', async () => {
    const { durationMs, description } = await ingest('plain.csv', `${HEADER}plain.csv,2025-01-01T00:00:00Z,Export fails,Nightly export hangs\n`);
    expect(description).toBe('Nightly export hangs');
    ordinaryMs = durationMs;
  });

  it('loads the reproduction row of issue 24 in under a second', async () => {
    const { durationMs, description } = await ingest('repro.csv', REPRODUCTION.replace('X-1', 'repro.csv'));
    expect(description).toBe('signature: [secret]');
    expect(durationMs).toBeLessThan(1_000 + ordinaryMs);
  });

  it('loads a ticket with a 1 MB description in under two seconds, redacted', async () => {
    const { durationMs, description, conservative } = await ingest('log.csv', `${HEADER}log.csv,2025-01-01T00:00:00Z,Sync fails,${csvCell(LOG)}\n`);
    expect(LOG.length).toBeGreaterThanOrEqual(1 << 20);
    expect(conservative).toBe(0);
    expect(description).not.toMatch(/@example\.com|4111 1111 1111 1111|\+44 20 7946 0958/);
    expect(description).toContain('[email]');
    expect(description).toContain('[card]');
    expect(durationMs).toBeLessThan(2_000 + ordinaryMs);
  });
});
