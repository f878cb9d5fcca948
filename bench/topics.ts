/**
 * Topic discovery benchmark: clustering quality on public labelled data, against scikit-learn,
 * and speed / memory at 100k and 1M demo tickets. Prints a Markdown table and writes JSON to
 * bench/results/topics-<date>.json.
 *
 *   npx tsx bench/topics.ts              everything (the 1M run needs ~3 GB free and a few minutes)
 *   npx tsx bench/topics.ts --skip-1m    without the million-ticket run
 *   npx tsx bench/topics.ts --quality    quality only
 *
 * Data: /work/shared/data (read-only; each section says when its files are absent). Demo
 * tickets come from ingest/demo/generate.ts and are cached under the OS temp directory.
 * Speed runs happen in child processes so each one's peak RSS is its own.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { scoreClustering, type ClusterScores } from '@/lib/analysis/cluster-metrics';
import { TopicAssigner } from '@/lib/analysis/topics/assign';
import { ticketText } from '@/lib/analysis/topics/clean';
import { discoverTopics, type DiscoverOptions, type TopicDiscovery } from '@/lib/analysis/topics/discover';
import { sphericalKMeans } from '@/lib/analysis/topics/kmeans';
import { deserializeTopicModel, serializeTopicModel } from '@/lib/analysis/topics/model';
import { seededRandom } from '@/lib/analysis/random';
import { fitVocabulary, indexVocabulary, vectorizeCorpus } from '@/lib/analysis/topics/tfidf';
import { tokenizeCorpus } from '@/lib/analysis/topics/text';
import { PYTHON, pythonHasSklearn, SKLEARN_INSTALL_HINT } from './sklearn';

const DATA = '/work/shared/data';
const HERE = dirname(fileURLToPath(import.meta.url));
const DEMO_CACHE = join(tmpdir(), 'support-trends-bench');
const DEMO_SEED = 7;
const SEEDS = [1, 2, 3];

type Scores = ClusterScores & { unclustered: number; topics: number };

interface QualityRow {
  dataset: string;
  method: string;
  config: string;
  seeds: number[];
  /** Mean over seeds. */
  mean: Scores;
  /** Worst seed by ARI. */
  worst: Scores;
  target?: string;
  met?: boolean;
}

interface SpeedResult {
  tickets: number;
  readSeconds: number;
  discoverSeconds: number;
  peakRssMb: number;
  topics: number;
  unclustered: number;
  timings: Record<string, number>;
  scores: ClusterScores;
  /** Same tickets with k = the demo's true topic count (100k run only), to compare with the peer. */
  fixedK?: { k: number; seconds: number; topics: number; unclustered: number; scores: ClusterScores };
  /** Assigning 1,000 new tickets with the saved model (1M run only). */
  assign?: { tickets: number; loadSeconds: number; assignSeconds: number; modelJsonMb: number };
  modelJsonMb: number;
}

const log = (message: string) => process.stderr.write(`${message}\n`);
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
/** The same record with every number rounded to 4 digits. */
const roundAll = <T extends object>(record: T): T =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'number' ? round(v, 4) : v])) as unknown as T;

// ---------------------------------------------------------------------------------------------
// Quality

function scoresOf(truth: readonly string[], discovery: TopicDiscovery): Scores {
  // The unclustered bucket counts as one more cluster, as a user would see it.
  const predicted = discovery.topicIds.map((id) => id ?? 'unclustered');
  return { ...scoreClustering(truth, predicted), unclustered: discovery.stats.unclustered, topics: discovery.stats.topics };
}

function summarize(runs: Scores[]): { mean: Scores; worst: Scores } {
  const mean = {} as Record<keyof Scores, number>;
  for (const key of Object.keys(runs[0]) as (keyof Scores)[]) mean[key] = round(runs.reduce((s, r) => s + r[key], 0) / runs.length, 4);
  const worst = runs.reduce((w, r) => (r.ari < w.ari ? r : w));
  return { mean: mean as Scores, worst: roundAll(worst) };
}

function runOurs(dataset: string, texts: string[], truth: string[], options: DiscoverOptions, config: string): QualityRow {
  const ids = texts.map((_, i) => String(i + 1));
  const runs = SEEDS.map((seed) => scoresOf(truth, discoverTopics({ ids, texts }, { ...options, seed })));
  return { dataset, method: 'support-trends', config, seeds: SEEDS, ...summarize(runs) };
}

/** Baseline: spherical k-means++ on the very same TF-IDF, to show what the graph step adds. */
function runKMeansBaseline(dataset: string, texts: string[], truth: string[], k: number): QualityRow {
  const corpus = tokenizeCorpus(texts);
  const matrix = vectorizeCorpus(corpus, indexVocabulary(fitVocabulary(corpus), corpus.analyzer));
  const runs = SEEDS.map((seed) => {
    const { assignment } = sphericalKMeans(matrix, { k, seed });
    const predicted = Array.from(assignment, (c) => (c < 0 ? 'unclustered' : String(c)));
    return { ...scoreClustering(truth, predicted), unclustered: predicted.filter((p) => p === 'unclustered').length, topics: k };
  });
  return { dataset, method: 'baseline', config: `same TF-IDF, spherical k-means++ (k=${k})`, seeds: SEEDS, ...summarize(runs) };
}

interface PeerRun {
  labels: number[];
  seconds: { tfidf: number; svd: number; kmeans: number; total: number };
  wallSeconds: number;
}

function runPeer(texts: readonly string[], k: number, seed: number): PeerRun {
  const dir = join(DEMO_CACHE, 'peer');
  mkdirSync(dir, { recursive: true });
  const input = join(dir, `texts-${process.pid}.json`);
  const output = join(dir, `labels-${process.pid}.json`);
  writeFileSync(input, JSON.stringify(texts));
  const started = performance.now();
  const child = spawnSync(
    PYTHON,
    [join(HERE, 'sklearn_peer.py'), '--input', input, '--output', output, '--k', String(k), '--seed', String(seed)],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const wallSeconds = (performance.now() - started) / 1000;
  rmSync(input, { force: true });
  if (child.status !== 0) throw new Error(`sklearn peer failed: ${child.stderr}`);
  const result = JSON.parse(readFileSync(output, 'utf8')) as Omit<PeerRun, 'wallSeconds'>;
  rmSync(output, { force: true });
  return { ...result, wallSeconds };
}

function runPeerQuality(dataset: string, texts: string[], truth: string[], k: number): QualityRow {
  const runs = SEEDS.map((seed) => {
    const { labels } = runPeer(texts, k, seed);
    return { ...scoreClustering(truth, labels), unclustered: 0, topics: k };
  });
  return {
    dataset,
    method: 'scikit-learn',
    config: `TF-IDF + TruncatedSVD(100) + KMeans(k=${k}, n_init=5)`,
    seeds: SEEDS,
    ...summarize(runs),
  };
}

function loadBanking77(): { texts: string[]; truth: string[] } | null {
  const file = join(DATA, 'banking77/test.csv');
  if (!existsSync(file)) return null;
  const rows = parseSync(readFileSync(file), { columns: true }) as { text: string; category: string }[];
  return { texts: rows.map((r) => r.text), truth: rows.map((r) => r.category) };
}

function loadClinc150(): { texts: string[]; truth: string[] } | null {
  const file = join(DATA, 'clinc150/data_full.json');
  if (!existsSync(file)) return null;
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, [string, string][]>;
  return { texts: data.test.map((r) => r[0]), truth: data.test.map((r) => r[1]) };
}

function target(row: QualityRow, rule: string, met: boolean): QualityRow {
  return { ...row, target: rule, met };
}

function qualityBenchmarks(peer: boolean): { rows: QualityRow[]; notes: string[]; hadoop: unknown } {
  const rows: QualityRow[] = [];
  const notes: string[] = [];

  const banking = loadBanking77();
  if (!banking) notes.push(`Banking77 skipped: ${DATA}/banking77/test.csv is absent.`);
  else {
    log('Banking77 …');
    const auto = runOurs('Banking77 test (3,080 / 77)', banking.texts, banking.truth, {}, 'k found automatically');
    rows.push(
      target(
        auto,
        'NMI ≥ 0.66, ARI ≥ 0.32, 40–150 topics',
        auto.mean.nmi >= 0.66 && auto.mean.ari >= 0.32 && auto.mean.topics >= 40 && auto.mean.topics <= 150,
      ),
    );
    const fixed = runOurs('Banking77 test (3,080 / 77)', banking.texts, banking.truth, { k: 77 }, 'k = 77');
    rows.push(target(fixed, 'NMI ≥ 0.67, ARI ≥ 0.33', fixed.mean.nmi >= 0.67 && fixed.mean.ari >= 0.33));
    rows.push(runKMeansBaseline('Banking77 test (3,080 / 77)', banking.texts, banking.truth, 77));
    if (peer) rows.push(runPeerQuality('Banking77 test (3,080 / 77)', banking.texts, banking.truth, 77));
  }

  const clinc = loadClinc150();
  if (!clinc) notes.push(`CLINC150 skipped: ${DATA}/clinc150/data_full.json is absent.`);
  else {
    log('CLINC150 …');
    rows.push(runOurs('CLINC150 test (4,500 / 150)', clinc.texts, clinc.truth, {}, 'k found automatically'));
    const fixed = runOurs('CLINC150 test (4,500 / 150)', clinc.texts, clinc.truth, { k: 150 }, 'k = 150');
    const baseline = runKMeansBaseline('CLINC150 test (4,500 / 150)', clinc.texts, clinc.truth, 150);
    if (peer) {
      const sk = runPeerQuality('CLINC150 test (4,500 / 150)', clinc.texts, clinc.truth, 150);
      rows.push(target(fixed, `ARI > scikit-learn (${sk.mean.ari.toFixed(3)})`, fixed.mean.ari > sk.mean.ari), baseline, sk);
    } else rows.push(fixed, baseline);
  }

  log('Hadoop duplicates …');
  const hadoop = hadoopDuplicates(notes);
  return { rows, notes, hadoop };
}

/** Share of known duplicate pairs placed in one topic, against random pairs. */
function hadoopDuplicates(notes: string[]) {
  const bugsFile = join(DATA, 'hadoop-jira-bugs/hadoop_bugs.csv');
  const pairsFile = join(DATA, 'hadoop-jira-bugs/hadoop_bugs-combined.csv');
  if (!existsSync(bugsFile) || !existsSync(pairsFile)) {
    notes.push(`Hadoop duplicates skipped: ${bugsFile} or ${pairsFile} is absent.`);
    return null;
  }
  const bugs = parseSync(readFileSync(bugsFile), { columns: true, relax_column_count: true }) as Record<string, string>[];
  const pairs = parseSync(readFileSync(pairsFile), { columns: true }) as Record<string, string>[];
  const ids = bugs.map((b) => b['Issue id']);
  const texts = bugs.map((b) => ticketText({ subject: b.Summary, description: b.Description }));
  const index = new Map(ids.map((id, i) => [id, i]));
  // One row lists two duplicates in one cell ("13547000, 13396667"): a pair for each.
  const listed = pairs.flatMap((p) =>
    p['Duplicate id'].split(',').map((duplicate) => [index.get(p['Issue id']), index.get(duplicate.trim())] as const),
  );
  const known = listed.filter((p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined);
  const unknown = listed.length - known.length;
  if (unknown > 0) notes.push(`Hadoop duplicates: ${unknown} pair(s) name an issue missing from the export.`);
  const results = SEEDS.map((seed) => {
    const discovery = discoverTopics({ ids, texts }, { seed });
    const same = (a: number, b: number) => discovery.topicIds[a] !== null && discovery.topicIds[a] === discovery.topicIds[b];
    const duplicateShare = known.filter(([a, b]) => same(a, b)).length / known.length;
    const random = seededRandom(seed * 7919);
    let randomSame = 0;
    const randomPairs = 100_000;
    for (let i = 0; i < randomPairs; i++) {
      const a = Math.floor(random() * ids.length);
      let b = Math.floor(random() * (ids.length - 1));
      if (b >= a) b++;
      if (same(a, b)) randomSame++;
    }
    return {
      seed,
      topics: discovery.stats.topics,
      unclustered: discovery.stats.unclustered,
      duplicateShare: round(duplicateShare, 4),
      randomShare: round(randomSame / randomPairs, 4),
    };
  });
  const mean = (key: 'duplicateShare' | 'randomShare' | 'topics' | 'unclustered') =>
    round(results.reduce((s, r) => s + r[key], 0) / results.length, 4);
  return {
    tickets: ids.length,
    knownPairs: known.length,
    duplicateShare: mean('duplicateShare'),
    randomShare: mean('randomShare'),
    lift: round(mean('duplicateShare') / Math.max(1e-9, mean('randomShare')), 1),
    topics: mean('topics'),
    unclustered: mean('unclustered'),
    perSeed: results,
  };
}

// ---------------------------------------------------------------------------------------------
// Speed (child processes)

async function ensureDemo(tickets: number, seed = DEMO_SEED): Promise<string> {
  const dir = join(DEMO_CACHE, `demo-${tickets}-s${seed}`);
  if (existsSync(join(dir, 'truth.csv'))) return dir;
  let generateDemo: (typeof import('@/ingest/demo/generate'))['generateDemo'];
  try {
    ({ generateDemo } = await import('@/ingest/demo/generate'));
  } catch (error) {
    throw new Error(`the demo generator (ingest/demo/generate.ts) cannot be loaded: ${(error as Error).message}`);
  }
  log(`generating ${tickets.toLocaleString('en')} demo tickets in ${dir} …`);
  await generateDemo({ outDir: dir, tickets, seed, withTruth: true });
  return dir;
}

interface DemoTexts {
  ids: string[];
  texts: string[];
  customers: string[];
  truth: string[];
}

/** Streams tickets.csv keeping only what topic discovery reads. */
async function readDemo(dir: string): Promise<DemoTexts> {
  const truthOf = new Map<string, string>();
  for await (const row of createReadStream(join(dir, 'truth.csv')).pipe(parse({ columns: true })) as AsyncIterable<Record<string, string>>) {
    truthOf.set(row.id, row.topic);
  }
  const out: DemoTexts = { ids: [], texts: [], customers: [], truth: [] };
  const rows = createReadStream(join(dir, 'tickets.csv')).pipe(parse({ columns: true, bom: true }));
  for await (const row of rows as AsyncIterable<Record<string, string>>) {
    out.ids.push(row.id);
    out.texts.push(ticketText({ subject: row.subject, description: row.description, resolution: row.resolution }));
    out.customers.push(row.organization || row.requester || '');
    out.truth.push(truthOf.get(row.id) ?? 'unknown');
  }
  return out;
}

async function speedChild(tickets: number, withAssign: boolean, withFixedK: boolean): Promise<SpeedResult> {
  const dir = await ensureDemo(tickets);
  let clock = performance.now();
  const demo = await readDemo(dir);
  const readSeconds = (performance.now() - clock) / 1000;
  clock = performance.now();
  const discovery = discoverTopics({ ids: demo.ids, texts: demo.texts, customers: demo.customers });
  const discoverSeconds = (performance.now() - clock) / 1000;
  const scores = scoreClustering(demo.truth, discovery.topicIds.map((id) => id ?? 'unclustered'));
  const json = JSON.stringify(serializeTopicModel(discovery.model));
  const result: SpeedResult = {
    tickets,
    readSeconds: round(readSeconds, 2),
    discoverSeconds: round(discoverSeconds, 2),
    peakRssMb: 0,
    topics: discovery.stats.topics,
    unclustered: discovery.stats.unclustered,
    timings: discovery.stats.timings,
    scores: roundAll(scores),
    modelJsonMb: round(json.length / 1e6, 1),
  };
  if (withFixedK) {
    const k = new Set(demo.truth).size;
    clock = performance.now();
    const fixed = discoverTopics({ ids: demo.ids, texts: demo.texts, customers: demo.customers }, { k });
    result.fixedK = {
      k,
      seconds: round((performance.now() - clock) / 1000, 2),
      topics: fixed.stats.topics,
      unclustered: fixed.stats.unclustered,
      scores: roundAll(scoreClustering(demo.truth, fixed.topicIds.map((id) => id ?? 'unclustered'))),
    };
  }
  if (withAssign) {
    // 1,000 new tickets from another demo seed, assigned with the model as stored (JSON).
    const fresh = await readDemo(await ensureDemo(1_000, DEMO_SEED + 1));
    clock = performance.now();
    const assigner = new TopicAssigner(deserializeTopicModel(JSON.parse(json)));
    const loadSeconds = (performance.now() - clock) / 1000;
    clock = performance.now();
    assigner.assign(fresh.texts);
    const assignSeconds = (performance.now() - clock) / 1000;
    result.assign = { tickets: fresh.texts.length, loadSeconds: round(loadSeconds, 3), assignSeconds: round(assignSeconds, 3), modelJsonMb: result.modelJsonMb };
  }
  result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return result;
}

function runChild(args: string[]): SpeedResult {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`speed run ${args.join(' ')} failed (exit ${child.status})`);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as SpeedResult;
}

async function peerSpeed(tickets: number): Promise<{ seconds: number; wallSeconds: number; scores: ClusterScores; k: number } | null> {
  const demo = await readDemo(await ensureDemo(tickets));
  const k = new Set(demo.truth).size;
  const run = runPeer(demo.texts, k, 0);
  return {
    seconds: round(run.seconds.total, 2),
    wallSeconds: round(run.wallSeconds, 2),
    k,
    scores: roundAll(scoreClustering(demo.truth, run.labels)),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function fmt(x: number | undefined, digits = 3): string {
  return x === undefined ? '–' : x.toFixed(digits);
}

function qualityTable(rows: QualityRow[]): string {
  const lines = [
    '| dataset | method | config | NMI | ARI | AMI | ACC | topics | unclustered | worst-seed NMI/ARI | target | met |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.dataset} | ${r.method} | ${r.config} | ${fmt(r.mean.nmi)} | ${fmt(r.mean.ari)} | ${fmt(r.mean.ami)} | ${fmt(r.mean.accuracy)} | ${fmt(r.mean.topics, 1)} | ${fmt(r.mean.unclustered, 1)} | ${fmt(r.worst.nmi)}/${fmt(r.worst.ari)} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const tickets = Number(argv[1]);
    const result = await speedChild(tickets, argv.includes('--assign'), argv.includes('--fixed-k'));
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const qualityOnly = argv.includes('--quality');
  const skip1m = argv.includes('--skip-1m');
  const peer = pythonHasSklearn();
  const notes: string[] = [];
  if (!peer) notes.push(`scikit-learn peer skipped: "${PYTHON} -c 'import sklearn'" fails (${SKLEARN_INSTALL_HINT}).`);

  const quality = qualityBenchmarks(peer);
  notes.push(...quality.notes);

  const speed: Record<string, unknown> = {};
  if (!qualityOnly) {
    for (const tickets of skip1m ? [100_000] : [100_000, 1_000_000]) {
      log(`speed: ${tickets.toLocaleString('en')} demo tickets …`);
      await ensureDemo(tickets); // generated here so generation is not timed in the child
      if (tickets === 1_000_000) await ensureDemo(1_000, DEMO_SEED + 1);
      speed[String(tickets)] = runChild([String(tickets), tickets === 1_000_000 ? '--assign' : '--fixed-k']);
    }
    if (peer) {
      log('speed: scikit-learn peer on the same 100k texts …');
      speed.peer100k = await peerSpeed(100_000);
    }
  }

  const date = new Date().toISOString().slice(0, 10);
  const file = join(HERE, 'results', `topics-${date}.json`);
  // A quality-only run keeps the speed figures of an earlier full run of the same day.
  if (qualityOnly && existsSync(file)) Object.assign(speed, (JSON.parse(readFileSync(file, 'utf8')) as { speed?: object }).speed ?? {});
  const report = {
    date,
    node: process.version,
    machine: { cpus: (await import('node:os')).cpus().length },
    seeds: SEEDS,
    quality: quality.rows,
    hadoopDuplicates: quality.hadoop,
    speed,
    notes,
  };
  mkdirSync(join(HERE, 'results'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

  const out: string[] = ['## Topic discovery benchmark', '', `Node ${process.version}, seeds ${SEEDS.join(', ')} (mean; worst seed by ARI shown too). The unclustered bucket counts as one cluster.`, ''];
  out.push(qualityTable(quality.rows), '');
  const h = quality.hadoop as { knownPairs: number; duplicateShare: number; randomShare: number; lift: number; topics: number; unclustered: number } | null;
  if (h) {
    out.push(
      `**Hadoop Jira duplicates** (${h.knownPairs} known pairs, ${fmt(h.topics, 0)} topics, ${fmt(h.unclustered, 0)} unclustered): ` +
        `${(h.duplicateShare * 100).toFixed(1)}% of duplicate pairs share a topic vs ${(h.randomShare * 100).toFixed(2)}% of random pairs (×${h.lift}).`,
      '',
    );
  }
  if (!qualityOnly) {
    out.push('| demo tickets | read CSV s | text → topics s | peak RSS MB | topics | unclustered | NMI / ARI vs demo truth | target |', '|---|---|---|---|---|---|---|---|');
    for (const key of ['100000', '1000000']) {
      const s = speed[key] as SpeedResult | undefined;
      if (!s) continue;
      const goal = s.tickets === 100_000 ? '≤ 15 s, ≤ 1 GB' : '≤ 180 s, ≤ 3 GB';
      const met = s.tickets === 100_000 ? s.discoverSeconds <= 15 && s.peakRssMb <= 1024 : s.discoverSeconds <= 180 && s.peakRssMb <= 3072;
      out.push(
        `| ${s.tickets.toLocaleString('en')} | ${s.readSeconds} | ${s.discoverSeconds} | ${s.peakRssMb} | ${s.topics} | ${s.unclustered} | ${fmt(s.scores.nmi)} / ${fmt(s.scores.ari)} | ${goal}: ${met ? 'met' : '**not met**'} |`,
      );
    }
    const million = speed['1000000'] as SpeedResult | undefined;
    if (million?.assign) {
      const a = million.assign;
      out.push(
        '',
        `Assigning ${a.tickets} new tickets to the 1M model (${a.modelJsonMb} MB as JSON): load + index ${a.loadSeconds} s, assign ${a.assignSeconds} s ` +
          `(target ≤ 2 s: ${a.loadSeconds + a.assignSeconds <= 2 ? 'met' : '**not met**'}).`,
      );
    }
    const p = speed.peer100k as Awaited<ReturnType<typeof peerSpeed>> | undefined;
    const ours = speed['100000'] as SpeedResult | undefined;
    if (p && ours) {
      out.push(
        '',
        `scikit-learn peer on the same 100k texts (k = ${p.k} true topics): ${p.seconds} s fit (${p.wallSeconds} s with Python start-up and JSON), ` +
          `NMI/ARI ${fmt(p.scores.nmi)}/${fmt(p.scores.ari)}; ours ${ours.discoverSeconds} s → ratio ${(ours.discoverSeconds / p.seconds).toFixed(2)}× the peer's time.`,
      );
      if (ours.fixedK) {
        const f = ours.fixedK;
        out.push(
          '',
          `Ours with k = ${f.k} on the same texts: ${f.seconds} s, NMI/ARI ${fmt(f.scores.nmi)}/${fmt(f.scores.ari)} (${f.unclustered} unclustered).`,
        );
      }
    }
  }
  if (notes.length > 0) out.push('', ...notes.map((n) => `- ${n}`));
  out.push('', `JSON: ${file}`);
  console.log(out.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
