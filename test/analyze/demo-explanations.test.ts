/**
 * The demo through the analysis job (issue 14): the planted regression and fix are each found
 * once, as release effects of their releases, while the one-day outage and the intermittent
 * export problem produce no release effect. The stored topics are matched to the generator's
 * true topics by majority (truth.csv); the demo's own seed and size, never tuned on.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { runAnalysis } from '@/analyze/run-analysis';
import { generateDemo, type DemoResult } from '@/demo/generate';
import { ingestFile } from '@/ingest/ingest-file';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const TZ = 'UTC';

describe('the demo, explained (pglite)', () => {
  let dir: string;
  let demo: DemoResult;
  let database: TestDatabase;
  /** Generating topic key → the stored topic holding most of its tickets. */
  const storedTopic = new Map<string, string>();
  let findings: { version: string; kind: string; topic_id: string }[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-demo-explain-'));
    demo = await generateDemo({ outDir: dir, tickets: 40_000, seed: 1, withTruth: true });
    database = await createTestDatabase('pglite');
    await ingestFile(database.db, demo.files.tickets, { timeZone: TZ });
    await ingestFile(database.db, demo.files.releases, { timeZone: TZ });
    await runAnalysis(database.db, { mode: 'full', timeZone: TZ, seed: 3 });
    const topicOf = new Map(
      (await queryRows<{ external_id: string; topic_id: string | null }>(database.db, sql`select external_id, topic_id from tickets`)).map((r) => [r.external_id, r.topic_id]),
    );
    const votes = new Map<string, Map<string, number>>();
    for (const line of readFileSync(demo.files.truth!, 'utf8').split('\n').slice(1)) {
      const [id, key] = line.split(',');
      const topic = topicOf.get(id);
      if (!key || !topic) continue;
      const tally = votes.get(key) ?? new Map<string, number>();
      tally.set(topic, (tally.get(topic) ?? 0) + 1);
      votes.set(key, tally);
    }
    for (const [key, tally] of votes) storedTopic.set(key, [...tally].sort((a, b) => b[1] - a[1])[0][0]);
    findings = await queryRows(
      database.db,
      sql`select r.version, f.kind, f.topic_id from release_findings f join releases r on r.id = f.release_id order by r.released_at`,
    );
  }, 480_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const effectsOf = (key: string) => findings.filter((f) => f.topic_id === storedTopic.get(key));

  it('finds the planted regression once, at its release', () => {
    const { topic, release } = demo.plants.regression;
    expect(effectsOf(topic).filter((f) => f.kind === 'regression')).toEqual([{ version: release, kind: 'regression', topic_id: storedTopic.get(topic) }]);
  });

  it('finds the planted fix once, at its release', () => {
    const { topic, release } = demo.plants.fixed;
    expect(effectsOf(topic).filter((f) => f.kind === 'improvement')).toEqual([{ version: release, kind: 'improvement', topic_id: storedTopic.get(topic) }]);
  });

  it('gives the outage and the recurring export problem no release effect', () => {
    expect(effectsOf(demo.plants.outage.topic)).toEqual([]);
    expect(effectsOf(demo.plants.intermittent.topic)).toEqual([]);
  });
});
