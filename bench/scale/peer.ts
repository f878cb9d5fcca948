/**
 * The analysis peer: scikit-learn's TF-IDF + TruncatedSVD(100) + KMeans (bench/sklearn_peer.py,
 * Debian's python3-sklearn) on exactly the texts our topic stage clustered, with k = the number
 * of topics we found, both scored against the demo generator's truth. Our time is the topic
 * stage of the last full analysis (recorded in analysis_runs).
 *
 * Usage: tsx bench/scale/peer.ts <truth.csv>  (DATABASE_URL or SUPPORT_TRENDS_DATA_DIR says where)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { and, desc, eq } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { analysisRuns, tickets } from '@/db/schema';
import { databaseTarget, getEnv } from '@/lib/env';
import { scoreClustering } from '@/lib/analysis/cluster-metrics';
import { ticketText } from '@/lib/analysis/topics';
import { PROJECT_ROOT } from './measure';
import { PYTHON } from '../sklearn';

const truthFile = process.argv[2];
const truth = new Map((parse(readFileSync(truthFile, 'utf8'), { columns: true }) as { id: string; topic: string }[]).map((r) => [r.id, r.topic]));
const database = await openDatabase(databaseTarget(getEnv()));
const rows = await database.db
  .select({ id: tickets.externalId, subject: tickets.subject, description: tickets.description, resolution: tickets.resolution, topic: tickets.topicId })
  .from(tickets)
  .orderBy(tickets.externalId);
const [run] = await database.db
  .select({ stages: analysisRuns.stages, topics: analysisRuns.topics })
  .from(analysisRuns)
  .where(and(eq(analysisRuns.mode, 'full'), eq(analysisRuns.status, 'succeeded')))
  .orderBy(desc(analysisRuns.id))
  .limit(1);
await database.close();

const expected = rows.map((r) => truth.get(r.id) ?? 'unknown');
const ours = scoreClustering(expected, rows.map((r) => r.topic ?? 'unclustered'));
const k = run.topics;
const work = path.join(tmpdir(), `st-peer-${process.pid}`);
writeFileSync(`${work}.json`, JSON.stringify(rows.map((r) => ticketText(r))));
rows.length = 0; // free the texts before python needs the memory
const started = performance.now();
const python = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', PYTHON, path.join(PROJECT_ROOT, 'bench/sklearn_peer.py'), '--input', `${work}.json`, '--output', `${work}.out.json`, '--k', String(k), '--seed', '0'], {
  encoding: 'utf8',
});
const wall = (performance.now() - started) / 1000;
if (python.status !== 0) throw new Error(`scikit-learn peer failed: ${python.stderr.slice(-2000)}`);
const peakKb = Number(/__TIME__ [\d.]+ (\d+)/.exec(python.stderr)?.[1] ?? 0);
const peer = JSON.parse(readFileSync(`${work}.out.json`, 'utf8')) as { labels: number[]; seconds: Record<string, number> };
const peerScores = scoreClustering(expected, peer.labels);
rmSync(`${work}.json`);
rmSync(`${work}.out.json`);
console.log(
  JSON.stringify({
    k,
    ours: { seconds: (run.stages.topics ?? 0) / 1000, scores: ours },
    peer: { seconds: peer.seconds.total, wallSeconds: wall, peakRssMb: Math.round(peakKb / 1024), scores: peerScores },
  }),
);
