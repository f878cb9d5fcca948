/**
 * A small but realistic database for query and service tests: the demo generator's export
 * (planted spikes, a recurring topic, releases, a team) ingested and analysed exactly as the CLI
 * does, into a fresh test database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDemo } from '@/demo/generate';
import { ingestFile } from '@/ingest/ingest-file';
import { ingestAgentsFile } from '@/ingest/load/upsert-agents';
import { runAnalysis } from '@/analyze/run-analysis';
import { createTestDatabase, type TestDatabase, type TestEngine } from '../../helpers/database';

export const DEMO_END = '2026-06-30';
export const TIME_ZONE = 'UTC';

export interface SeededDatabase extends TestDatabase {
  exportDir: string;
}

export async function seedDemoDatabase(engine: TestEngine, options: { tickets?: number; days?: number; seed?: number } = {}): Promise<SeededDatabase> {
  const database = await createTestDatabase(engine);
  const exportDir = mkdtempSync(path.join(tmpdir(), 'st-queries-'));
  const demo = await generateDemo({ outDir: exportDir, tickets: options.tickets ?? 3_000, days: options.days ?? 180, seed: options.seed ?? 7, end: DEMO_END });
  await ingestAgentsFile(database.db, demo.files.agents);
  for (const file of [demo.files.tickets, demo.files.comments, demo.files.releases]) {
    await ingestFile(database.db, file, { timeZone: TIME_ZONE });
  }
  await runAnalysis(database.db, { mode: 'full', timeZone: TIME_ZONE });
  return {
    ...database,
    exportDir,
    dispose: async () => {
      rmSync(exportDir, { recursive: true, force: true });
      await database.dispose();
    },
  };
}
