/**
 * Topic discovery benchmark: clustering quality on public labelled data, against scikit-learn;
 * themes, labels and the miscellaneous bucket on data with a known answer (issue 15: CLINC150
 * domains, Hadoop duplicate pairs, Twitter care conversations against the article sent, the demo's
 * planted problems); speed / memory at 100k and 1M demo tickets, and what the theme step adds.
 * Prints Markdown and writes JSON to bench/results/topics-<date>.json.
 *
 *   npx tsx bench/topics.ts              everything (the 1M run needs ~3 GB free and a few minutes)
 *   npx tsx bench/topics.ts --skip-1m    without the million-ticket run
 *   npx tsx bench/topics.ts --quality    quality only (themes and labels included; --no-levels skips them)
 *
 * Data: /work/shared/data (read-only; each section says when its files are absent). Demo
 * tickets come from demo/generate.ts and are cached under the OS temp directory.
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
import { reanalyzeTopics } from '@/lib/analysis/topics/reanalyze';
import { seededRandom } from '@/lib/analysis/random';
import { fitVocabulary, indexVocabulary, vectorizeCorpus } from '@/lib/analysis/topics/tfidf';
import { tokenizeCorpus } from '@/lib/analysis/topics/text';
import { DATA, loadBanking77, loadClinc150, loadHadoop, loadTwitter } from './datasets';
import { PYTHON, pythonHasSklearn, SKLEARN_INSTALL_HINT } from './sklearn';
import { clincDomains, demoLevels, hadoopLevels, hadoopResolutionSweep, levelsOf, sampleLabels, twitterLevels } from './topic-levels';

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
  /** CPU time of the same call: on a machine shared with other work, the steadier figure. */
  discoverCpuSeconds: number;
  /** 1-minute load average when the run ended (2 cores: above 2, other processes were competing). */
  loadAverage: number;
  peakRssMb: number;
  topics: number;
  unclustered: number;
  timings: Record<string, number>;
  scores: ClusterScores;
  /** Same tickets with k = the demo's true topic count (100k run only), to compare with the peer. */
  fixedK?: { k: number; seconds: number; topics: number; unclustered: number; scores: ClusterScores };
  /**
   * The analysis job's topic stage (reanalyzeTopics, first analysis) with themes, its theme step,
   * and the same stage without themes; CPU seconds, best of two runs each (100k run only).
   */
  themeStep?: { stageCpuSeconds: number; themeCpuSeconds: number; withoutThemesCpuSeconds: number; themes: number };
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

function target(row: QualityRow, rule: string, met: boolean): QualityRow {
  return { ...row, target: rule, met };
}

function qualityBenchmarks(peer: boolean): { rows: QualityRow[]; notes: string[] } {
  const rows: QualityRow[] = [];
  const notes: string[] = [];

  const banking = loadBanking77('test');
  if (!banking) notes.push(`Banking77 skipped: ${DATA}/banking77/test.csv is absent.`);
  else {
    log('Banking77 …');
    const auto = runOurs('Banking77 test (3,080 / 77)', banking.texts, banking.truth, {}, 'k found automatically');
    rows.push(
      target(
        auto,
        'NMI ≥ 0.68, ARI ≥ 0.32, 40–150 topics',
        auto.mean.nmi >= 0.68 && auto.mean.ari >= 0.32 && auto.mean.topics >= 40 && auto.mean.topics <= 150,
      ),
    );
    const fixed = runOurs('Banking77 test (3,080 / 77)', banking.texts, banking.truth, { k: 77 }, 'k = 77');
    rows.push(target(fixed, 'NMI ≥ 0.67, ARI ≥ 0.33', fixed.mean.nmi >= 0.67 && fixed.mean.ari >= 0.33));
    rows.push(runKMeansBaseline('Banking77 test (3,080 / 77)', banking.texts, banking.truth, 77));
    if (peer) rows.push(runPeerQuality('Banking77 test (3,080 / 77)', banking.texts, banking.truth, 77));
  }

  const clinc = loadClinc150('test');
  if (!clinc) notes.push(`CLINC150 skipped: ${DATA}/clinc150/data_full.json or domains.json is absent.`);
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

  return { rows, notes };
}

// ---------------------------------------------------------------------------------------------
// Themes, labels, the miscellaneous bucket (issue 15)

const DEMO_DEFAULT = { tickets: 40_000, seed: 42 }; // what `support-trends demo` generates

async function levelBenchmarks(notes: string[]) {
  const out: Record<string, unknown> = {};
  const banking = loadBanking77('test');
  if (banking) {
    log('levels: Banking77 …');
    out.banking77 = strip(levelsOf('Banking77 test', banking));
  }
  const clinc = loadClinc150('test');
  if (clinc) {
    log('levels: CLINC150 themes vs domains …');
    out.clinc150 = strip(clincDomains(clinc));
  }
  const hadoop = loadHadoop();
  if (!hadoop) notes.push(`Hadoop duplicates skipped: ${DATA}/hadoop-jira-bugs/hadoop_bugs.csv or hadoop_bugs-combined.csv is absent.`);
  else {
    log('levels: Hadoop duplicates …');
    if (hadoop.unknownPairs > 0) notes.push(`Hadoop duplicates: ${hadoop.unknownPairs} pair(s) name an issue missing from the export.`);
    const levels = hadoopLevels(hadoop);
    out.hadoop = { ...strip(levels), resolutionSweep: hadoopResolutionSweep(hadoop), readLabels: sampleLabels(levels.first, 15) };
  }
  const twitter = loadTwitter();
  if (!twitter) notes.push(`Twitter care skipped: ${DATA}/ibm-twitter-customer-care/{dev,test}.json are absent.`);
  else {
    log('levels: Twitter customer care …');
    const levels = twitterLevels(twitter);
    out.twitter = { ...strip(levels), readLabels: sampleLabels(levels.first, 15) };
  }
  log(`levels: demo (${DEMO_DEFAULT.tickets.toLocaleString('en')} tickets, seed ${DEMO_DEFAULT.seed}) …`);
  const demo = await readDemo(await ensureDemo(DEMO_DEFAULT.tickets, DEMO_DEFAULT.seed));
  const levels = demoLevels(demo);
  out.demo = { ...strip(levels), readLabels: sampleLabels(levels.first, 35) };
  return out;
}

/** A level result without the discovery it kept for reading labels. */
function strip<T extends { first: unknown }>(result: T): Omit<T, 'first'> {
  const { first: _first, ...rest } = result;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Speed (child processes)

async function ensureDemo(tickets: number, seed = DEMO_SEED): Promise<string> {
  const dir = join(DEMO_CACHE, `demo-${tickets}-s${seed}`);
  if (existsSync(join(dir, 'truth.csv'))) return dir;
  let generateDemo: (typeof import('@/demo/generate'))['generateDemo'];
  try {
    ({ generateDemo } = await import('@/demo/generate'));
  } catch (error) {
    throw new Error(`the demo generator (demo/generate.ts) cannot be loaded: ${(error as Error).message}`);
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
  const cpuStarted = process.cpuUsage();
  const discovery = discoverTopics({ ids: demo.ids, texts: demo.texts, customers: demo.customers });
  const discoverSeconds = (performance.now() - clock) / 1000;
  const cpuUsed = process.cpuUsage(cpuStarted);
  const scores = scoreClustering(demo.truth, discovery.topicIds.map((id) => id ?? 'unclustered'));
  const json = JSON.stringify(serializeTopicModel(discovery.model));
  const result: SpeedResult = {
    tickets,
    readSeconds: round(readSeconds, 2),
    discoverSeconds: round(discoverSeconds, 2),
    discoverCpuSeconds: round((cpuUsed.user + cpuUsed.system) / 1e6, 2),
    loadAverage: round((await import('node:os')).loadavg()[0], 1),
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
  if (withFixedK) {
    const cpuOf = (themes: boolean) => {
      const started = process.cpuUsage();
      const analysis = reanalyzeTopics({ ids: demo.ids, texts: demo.texts, customers: demo.customers }, null, [], { themes });
      const used = process.cpuUsage(started);
      return { seconds: (used.user + used.system) / 1e6, themeSeconds: (analysis.stats.cpu.themes ?? 0) / 1000, themes: analysis.model.themes?.length ?? 0 };
    };
    const withThemes = [cpuOf(true), cpuOf(true)].sort((a, b) => a.seconds - b.seconds)[0];
    const without = Math.min(cpuOf(false).seconds, cpuOf(false).seconds);
    result.themeStep = {
      stageCpuSeconds: round(withThemes.seconds, 2),
      themeCpuSeconds: round(withThemes.themeSeconds, 3),
      withoutThemesCpuSeconds: round(without, 2),
      themes: withThemes.themes,
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

const pct = (x: number | undefined, digits = 1) => (x === undefined ? '–' : `${(x * 100).toFixed(digits)}%`);
const yes = (met: boolean) => (met ? 'met' : '**not met**');

/** The issue-15 figures as Markdown (every target next to its measured value). */
function levelReport(levels: Record<string, unknown>): string[] {
  type Level = {
    dataset: string;
    topics: number;
    themes: number;
    unclustered: number;
    labels: { topicAnyWord: number; topicAllWords: number; themeAnyWord: number; themeAllWords: number };
    extra: Record<string, number>;
    readLabels?: { topics: string[]; themes: string[] };
  };
  const out: string[] = [];
  const entries = Object.entries(levels) as [string, Level][];
  if (entries.length === 0) return out;
  out.push(
    '### Themes and labels (issue 15)',
    '',
    'Means over seeds 1–3. Label support = share of a topic\'s tickets containing a word of its label (median over topics; target ≥ 0.6); "all words" requires every label word (what the topic page says: "in 41 of 52 tickets").',
    '',
    '| data set | topics | themes | miscellaneous | label support: topics (all words) | themes (all words) | target ≥ 0.6 |',
    '|---|---|---|---|---|---|---|',
  );
  for (const [, l] of entries) {
    out.push(
      `| ${l.dataset} | ${l.topics} | ${l.themes} | ${l.unclustered} | ${fmt(l.labels.topicAnyWord, 2)} (${fmt(l.labels.topicAllWords, 2)}) | ${fmt(l.labels.themeAnyWord, 2)} (${fmt(l.labels.themeAllWords, 2)}) | ${yes(l.labels.topicAnyWord >= 0.6)} |`,
    );
  }
  out.push('');
  const clinc = levels.clinc150 as Level | undefined;
  if (clinc) {
    out.push(
      `**CLINC150 test**: topics vs 150 intents NMI/ARI ${fmt(clinc.extra.topicNmi)}/${fmt(clinc.extra.topicAri)}; themes vs the 10 domains NMI/ARI ${fmt(clinc.extra.themeDomainNmi)}/${fmt(clinc.extra.themeDomainAri)} (${clinc.themes} themes).`,
      '',
    );
  }
  const hadoop = levels.hadoop as
    | (Level & { knownPairs: number; resolutionSweep: { resolution: number; themes: number; duplicateShare: number; randomShare: number }[] })
    | undefined;
  if (hadoop) {
    const e = hadoop.extra;
    out.push(
      `**Hadoop Jira duplicates** (${hadoop.knownPairs} known pairs): same topic ${pct(e.topicDuplicateShare)} vs random pairs ${pct(e.topicRandomShare, 2)}; ` +
        `same theme ${pct(e.themeDuplicateShare)} vs random ${pct(e.themeRandomShare, 2)}. Target same theme ≥ 85% with random ≤ 5%: ` +
        `${yes(e.themeDuplicateShare >= 0.85 && e.themeRandomShare <= 0.05)}. ` +
        `Theme resolution trade-off (seed 1): ` +
        hadoop.resolutionSweep.map((r) => `γ ${r.resolution}: ${r.themes} themes, ${pct(r.duplicateShare)} / ${pct(r.randomShare, 1)}`).join('; ') +
        ' (the default is 1.2).',
      '',
    );
  }
  const twitter = levels.twitter as (Level & { conversations: number; articles: number; handles: number }) | undefined;
  if (twitter) {
    const e = twitter.extra;
    out.push(
      `**Twitter customer care** (${twitter.conversations} conversations, ${twitter.articles} distinct articles, ${twitter.handles} support accounts): ` +
        `NMI vs article — topics ${fmt(e.topicNmi)} (ARI ${fmt(e.topicAri)}), themes ${fmt(e.themeNmi)}; labels containing an account handle — topics ${pct(e.topicLabelsWithHandle)}, themes ${pct(e.themeLabelsWithHandle)}. ` +
        `Target topic NMI ≥ 0.66: ${yes(e.topicNmi >= 0.66)}; handles ≤ 10%: ${yes(e.topicLabelsWithHandle <= 0.1)}.`,
      '',
    );
  }
  const demo = levels.demo as (Level & { plantedProblems: number; spans: { problem: string; tickets: number; themes: number; mainShare: number }[] }) | undefined;
  if (demo) {
    const e = demo.extra;
    out.push(
      `**Demo** (${demo.plantedProblems} planted problems + noise): ${demo.themes} themes over ${demo.topics} topics (target 20–35: ${yes(demo.themes >= 20 && demo.themes <= 35)}); ` +
        `theme-level NMI/ARI vs the generator's truth ${fmt(e.themeNmi)}/${fmt(e.themeAri)} (topics ${fmt(e.topicNmi)}/${fmt(e.topicAri)}); ` +
        `planted problems in exactly one theme: ${e.problemsInOneTheme} of ${demo.plantedProblems} (mean over seeds), at most ${e.maxThemesPerProblem} themes for one problem.`,
      '',
      'Seed 1, themes holding ≥ 5% of each planted problem (main theme\'s share): ' +
        demo.spans.map((sp) => `${sp.problem} ${sp.themes} (${pct(sp.mainShare, 0)})`).join(', ') +
        '.',
      '',
    );
  }
  for (const [name, l] of entries) {
    if (!l.readLabels) continue;
    out.push(`Labels as a planner reads them — ${l.dataset} (seed 1), largest themes:`, '', ...l.readLabels.themes.map((t) => `- ${t}`), '');
    if (name !== 'demo') out.push('Largest topics:', '', ...l.readLabels.topics.map((t) => `- ${t}`), '');
  }
  return out;
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
  const levels = argv.includes('--no-levels') ? {} : await levelBenchmarks(notes);

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
    levels,
    speed,
    notes,
  };
  mkdirSync(join(HERE, 'results'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

  const out: string[] = ['## Topic discovery benchmark', '', `Node ${process.version}, seeds ${SEEDS.join(', ')} (mean; worst seed by ARI shown too). The unclustered bucket counts as one cluster.`, ''];
  out.push(qualityTable(quality.rows), '');
  out.push(...levelReport(levels));
  if (!qualityOnly) {
    out.push(
      '| demo tickets | read CSV s | text → topics s (CPU s, load avg) | peak RSS MB | topics | unclustered | NMI / ARI vs demo truth | target |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const key of ['100000', '1000000']) {
      const s = speed[key] as SpeedResult | undefined;
      if (!s) continue;
      const goal = s.tickets === 100_000 ? '≤ 15 s, ≤ 1 GB' : '≤ 180 s, ≤ 3 GB';
      const met = s.tickets === 100_000 ? s.discoverSeconds <= 15 && s.peakRssMb <= 1024 : s.discoverSeconds <= 180 && s.peakRssMb <= 3072;
      out.push(
        `| ${s.tickets.toLocaleString('en')} | ${s.readSeconds} | ${s.discoverSeconds} (${s.discoverCpuSeconds ?? '–'}, ${s.loadAverage ?? '–'}) | ${s.peakRssMb} | ${s.topics} | ${s.unclustered} | ${fmt(s.scores.nmi)} / ${fmt(s.scores.ari)} | ${goal}: ${met ? 'met' : '**not met**'} |`,
      );
    }
    const step = (speed['100000'] as SpeedResult | undefined)?.themeStep;
    if (step) {
      const share = step.themeCpuSeconds / Math.max(1e-9, step.stageCpuSeconds - step.themeCpuSeconds);
      const added = (step.stageCpuSeconds - step.withoutThemesCpuSeconds) / Math.max(1e-9, step.withoutThemesCpuSeconds);
      out.push(
        '',
        `**Theme step at 100k tickets** (the analysis job's topic stage, reanalyzeTopics, CPU time, best of two): ${step.stageCpuSeconds} s with ${step.themes} themes, ` +
          `of which the theme step ${step.themeCpuSeconds} s = ${(share * 100).toFixed(1)}% of the rest; the same stage without themes ${step.withoutThemesCpuSeconds} s ` +
          `(difference ${(added * 100).toFixed(1)}%, run-to-run noise included). Target ≤ 10%: ${share <= 0.1 ? 'met' : '**not met**'}.`,
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
