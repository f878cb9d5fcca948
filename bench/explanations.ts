/**
 * The explanation step on real exports (issue 14), read as a planner would: which spikes are
 * bulk filings, what each release closed, whether a release of one product is blamed for
 * another's tickets, and what a report can and cannot claim without reporters or fix versions.
 *
 *   npx tsx bench/explanations.ts              Alloy, Hadoop and the demo
 *   npx tsx bench/explanations.ts --skip-demo  real data only
 *
 * Data (read-only, each section says when it is absent):
 * - /work/shared/data/alloy-jira: 1,499 Jira REST issue files (ALOY/**) and alloy_releases.csv,
 *   whose `product` column separates Alloy from Titanium SDK/CLI releases and sprints. The JSON
 *   is mapped by the Jira connector's own converter (ingest/sources/jira-json.ts).
 * - /work/shared/data/hadoop-jira-bugs: hadoop_bugs.csv (Jira CSV, no reporters, no fix
 *   versions) and hadoop_releases.csv.
 * - the demo generator (demo/), with its true topics, as a check of the planted events.
 * Topics are found by the product's own clustering (discoverTopics) on the real data, and are
 * the generator's true topics on the demo. Writes bench/results/explanations-<date>.json.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertJiraIssue } from '@/ingest/sources/jira-json';
import { generateDemo } from '@/demo/generate';
import { parseFileWithSummary } from '@/ingest/sources';
import type { FileKind, ReleaseRecord, TicketRecord } from '@/ingest/sources/types';
import {
  detectAndExplain,
  detectFindings,
  explainAnomalies,
  ticketProducts,
  TopicKeys,
  type ExplainedRelease,
  type ExplainRelease,
  type ExplainTicket,
  type Explanations,
} from '@/lib/analysis/explanations';
import { detectReleaseImpact } from '@/lib/analysis/release-impact';
import { ticketText } from '@/lib/analysis/topics/clean';
import { discoverTopics } from '@/lib/analysis/topics/discover';
import { median } from '@/lib/analysis/stats/descriptive';
import { dayIndexToIso, localDayIndex } from '@/lib/time';

const DATA = '/work/shared/data';
const ALLOY = join(DATA, 'alloy-jira');
const HADOOP = join(DATA, 'hadoop-jira-bugs');
const HERE = dirname(fileURLToPath(import.meta.url));
const TZ = 'UTC';

const out = (line = '') => process.stdout.write(`${line}\n`);
const log = (message: string) => process.stderr.write(`${message}\n`);
const pct = (a: number, b: number) => (b === 0 ? '–' : `${Math.round((100 * a) / b)}%`);

interface Loaded {
  tickets: TicketRecord[];
  releases: ReleaseRecord[];
  rejected: number;
}

async function parseFile(kind: FileKind, path: string): Promise<Loaded> {
  const { items } = parseFileWithSummary(kind, createReadStream(path), { fileName: path, timeZone: TZ });
  const loaded: Loaded = { tickets: [], releases: [], rejected: 0 };
  for await (const item of items) {
    if (item.kind === 'ticket') loaded.tickets.push(item.record);
    else if (item.kind === 'release') loaded.releases.push(item.record);
    else if (item.kind === 'rejected') loaded.rejected++;
  }
  return loaded;
}

/** Topics by the product's clustering; labels by topic id. */
function clusterTopics(tickets: readonly TicketRecord[]): { topicOf: (string | null)[]; labels: Map<string, string>; seconds: number } {
  const started = performance.now();
  const discovery = discoverTopics({
    ids: tickets.map((t) => t.externalId),
    texts: tickets.map((t) => ticketText({ subject: t.subject, description: t.description, resolution: t.resolution })),
    customers: tickets.map((t) => t.requester),
  });
  return {
    topicOf: discovery.topicIds,
    labels: new Map(discovery.model.topics.map((t) => [t.id, t.label])),
    seconds: (performance.now() - started) / 1000,
  };
}

function toExplainTickets(tickets: readonly TicketRecord[], topicOf: readonly (string | null)[]): ExplainTicket[] {
  return tickets.map((t, i) => ({
    createdAt: t.createdAt.getTime(),
    topic: topicOf[i],
    requester: t.requester,
    products: ticketProducts(t.product, t.tags),
    fixVersions: t.fixVersions,
    productVersion: t.productVersion,
    resolved: t.resolvedAt !== null,
  }));
}

const toExplainRelease = (r: ReleaseRecord): ExplainRelease => ({ version: r.version, releasedAt: r.releasedAt.getTime(), product: r.product });

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const EXPLANATION_ORDER = ['bulk_filing', 'incident', 'recurring_episode', 'release', 'unexplained'];

function spikeSummary(explanations: Explanations): Record<string, number> {
  const counts = countBy(explanations.spikes, (s) => s.explanation);
  return Object.fromEntries(EXPLANATION_ORDER.map((e) => [e, counts.get(e) ?? 0]));
}

function printSpikes(explanations: Explanations, limit: number): void {
  const { spikes, events } = explanations;
  const byExplanation = spikeSummary(explanations);
  const spikeEvents = new Set(spikes.map((s) => s.eventId));
  out(`${spikes.length} spike days (overall and per topic) → ${spikeEvents.size} events. By explanation:`);
  for (const [e, n] of Object.entries(byExplanation)) out(`- ${e}: ${n} spikes (${pct(n, spikes.length)})`);
  out();
  const shown = events.filter((e) => spikeEvents.has(e.id)).sort((a, b) => b.tickets - a.tickets).slice(0, limit);
  out(`The ${shown.length} largest spike events, as a planner reads them:`);
  for (const e of shown) out(`- [${e.explanation}] ${e.sentence}`);
  out();
}

function releaseLine(r: ExplainedRelease): string {
  return `- ${r.version} (${r.day}, ${r.scoped ? `${r.scopeTickets} ${r.product} tickets` : `all ${r.scopeTickets} tickets`}): ${r.sentence}`;
}

function writeResults(name: string, results: unknown): void {
  const dir = join(HERE, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${file}`);
}

// ---------------------------------------------------------------------------------------------
// Alloy (Appcelerator Jira, REST JSON)

async function alloy(): Promise<Record<string, unknown> | null> {
  out('## Alloy (Appcelerator Jira ALOY, REST JSON + alloy_releases.csv)');
  out();
  if (!existsSync(join(ALLOY, 'alloy_releases.csv')) || !existsSync(join(ALLOY, 'ALOY'))) {
    out(`Absent: ${ALLOY} (needs ALOY/ and alloy_releases.csv). Section skipped.`);
    out();
    return null;
  }
  const started = performance.now();
  const files: string[] = [];
  for (const dir of readdirSync(join(ALLOY, 'ALOY'), { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(ALLOY, 'ALOY', dir.name))) if (/^ALOY-\d+\.json$/.test(f)) files.push(join(ALLOY, 'ALOY', dir.name, f));
  }
  const tickets: TicketRecord[] = [];
  let rejected = 0;
  for (const file of files) {
    const converted = convertJiraIssue({ value: JSON.parse(readFileSync(file, 'utf8')) as unknown, line: 1 }, TZ);
    if ('ticket' in converted) tickets.push(converted.ticket);
    else rejected++;
  }
  const releaseFile = await parseFile('releases-csv', join(ALLOY, 'alloy_releases.csv'));
  const releases = releaseFile.releases.map(toExplainRelease);
  const { topicOf, labels, seconds: clusterSeconds } = clusterTopics(tickets);
  const explainTickets = toExplainTickets(tickets, topicOf);
  const detectStarted = performance.now();
  const result = detectAndExplain(explainTickets, releases, { timeZone: TZ, labels });
  const detectSeconds = (performance.now() - detectStarted) / 1000;
  const { explanations } = result;

  const reporters = new Set(tickets.map((t) => t.requester).filter((r) => r !== null)).size;
  const withFix = tickets.filter((t) => t.fixVersions.length > 0).length;
  const sdkScoped = explainTickets.filter((t) => t.products?.includes('Titanium SDK')).length;
  const byProduct = countBy(releaseFile.releases, (r) => r.product ?? '(none)');
  out(
    `${tickets.length} issues read from ${files.length} files (${rejected} rejected), ${reporters} distinct reporters, ` +
      `${labels.size} topics found by clustering (${topicOf.filter((t) => t === null).length} issues unclustered) in ${clusterSeconds.toFixed(1)} s; ` +
      `${withFix} issues name a fix version; ${sdkScoped} carry the component "Titanium SDK" (scoped to Titanium SDK releases as well as Alloy's).`,
  );
  out(`${releaseFile.releases.length} releases: ${[...byProduct].map(([p, n]) => `${p} ${n}`).join(', ')}. Detection + explanation: ${detectSeconds.toFixed(1)} s.`);
  out();

  out('### Spikes');
  printSpikes(explanations, 12);

  // What each Alloy release closed.
  const alloyReleases = explanations.releases.filter((r) => r.product === 'alloy' || r.product === 'alloy-loader');
  const closing = alloyReleases.filter((r) => (r.fixedTickets ?? 0) > 0);
  out('### What each Alloy release closed');
  out(
    `${closing.length} of ${alloyReleases.length} Alloy (and alloy-loader) releases are named as the fix version of at least one issue; ` +
      `${closing.reduce((s, r) => s + (r.fixedTickets ?? 0), 0)} fixed issues in all. The 15 that closed most:`,
  );
  for (const r of [...closing].sort((a, b) => (b.fixedTickets ?? 0) - (a.fixedTickets ?? 0)).slice(0, 15)) out(releaseLine(r));
  out();

  // Alloy release effects and what was explained otherwise.
  const effects = alloyReleases.flatMap((r) => [...r.regressions, ...r.improvements, ...r.newTopics]);
  const coinciding = alloyReleases.flatMap((r) => r.coinciding);
  out('### Alloy releases: changes in their windows');
  out(
    `${effects.length} release effects; ${coinciding.length} changes in release windows explained otherwise (` +
      `${[...countBy(coinciding, (c) => c.explanation)].map(([e, n]) => `${e} ${n}`).join(', ') || 'none'}).`,
  );
  for (const c of [...effects, ...coinciding].slice(0, 20)) out(`- ${c.release} [${c.explanation}] ${c.sentence}`);
  const ratios = alloyReleases.map((r) => r.minDetectableRatio).filter((x): x is number => x !== null);
  const silent = alloyReleases.filter((r) => r.regressions.length + r.improvements.length + r.newTopics.length === 0);
  out(
    `Power: ${silent.length} Alloy releases show no release effect; ${ratios.length} of all ${alloyReleases.length} have enough tickets around them for a power statement, ` +
      `median smallest detectable rise ${ratios.length ? `×${median(ratios).toFixed(1)}` : '–'} (range ${ratios.length ? `×${Math.min(...ratios).toFixed(1)}–×${Math.max(...ratios).toFixed(1)}` : '–'}).`,
  );
  const example = silent.find((r) => r.minDetectableRatio !== null);
  if (example) out(`Example: ${releaseLine(example).slice(2)}`);
  out();

  // Titanium SDK releases: scoped to the tickets about the Titanium SDK only.
  const sdk = explanations.releases.filter((r) => r.product === 'titanium-sdk');
  const sdkChanges = sdk.flatMap((r) => [...r.regressions, ...r.improvements, ...r.newTopics, ...r.coinciding]);
  const sdkTopics = new Set(explainTickets.filter((t) => t.products?.includes('Titanium SDK')).map((t) => t.topic));
  out('### Titanium SDK releases');
  out(
    `${sdk.length} Titanium SDK releases, each compared with the ${sdk[0]?.scopeTickets ?? 0} issues scoped to the Titanium SDK only ` +
      `(the other ${tickets.length - sdkScoped} Alloy issues are never in their windows). Changes attributed to them: ${sdkChanges.length}` +
      `${sdkChanges.length ? `, all on topics present among the SDK-scoped issues: ${sdkChanges.every((c) => sdkTopics.has(c.topic)) ? 'yes' : 'NO'}` : ''}.`,
  );
  for (const r of sdk) out(releaseLine(r));
  // The same data without products: what the SDK releases would have been blamed for.
  const keys = new TopicKeys();
  const unscopedImpacts = detectReleaseImpact(
    explainTickets.map((t) => ({ createdAt: t.createdAt, topicId: keys.topicId(t.topic), productVersion: t.productVersion ?? null })),
    releases.map((r) => ({ version: r.version, releasedAt: r.releasedAt })),
    { timeZone: TZ },
  );
  const sdkVersions = new Set(sdk.map((r) => r.version));
  const unscopedSdk = unscopedImpacts.filter((i) => sdkVersions.has(i.version));
  const unscopedSdkChanges = unscopedSdk.reduce((s, i) => s + i.regressions.length + i.improvements.length + i.newTopics.length, 0);
  const unscopedAll = unscopedImpacts.reduce((s, i) => s + i.regressions.length + i.improvements.length + i.newTopics.length, 0);
  const scopedRaw = result.releaseImpacts.reduce((s, r) => s + r.changes.length, 0);
  out(
    `Without products (every release, sprints included, against all Alloy issues, before explanation): ${unscopedAll} release findings, ` +
      `${unscopedSdkChanges} of them on Titanium SDK releases. Scoped to products, the release test finds ${scopedRaw}; after explanation ` +
      `${explanations.releases.reduce((s, r) => s + r.regressions.length + r.improvements.length + r.newTopics.length, 0)} remain release effects.`,
  );
  out();

  return {
    seconds: (performance.now() - started) / 1000,
    tickets: tickets.length,
    rejected,
    reporters,
    topics: labels.size,
    releases: Object.fromEntries(byProduct),
    spikes: explanations.spikes.length,
    spikeEvents: new Set(explanations.spikes.map((s) => s.eventId)).size,
    spikesByExplanation: spikeSummary(explanations),
    alloyReleases: alloyReleases.length,
    alloyReleasesClosing: closing.length,
    alloyFixedTickets: closing.reduce((s, r) => s + (r.fixedTickets ?? 0), 0),
    alloyReleaseEffects: effects.length,
    alloyCoinciding: Object.fromEntries(countBy(coinciding, (c) => c.explanation)),
    alloyMedianMinDetectableRatio: ratios.length ? median(ratios) : null,
    sdkReleases: sdk.length,
    sdkScopeTickets: sdkScoped,
    sdkChanges: sdkChanges.length,
    unscopedFindings: unscopedAll,
    unscopedSdkFindings: unscopedSdkChanges,
    scopedFindingsBeforeExplanation: scopedRaw,
  };
}

// ---------------------------------------------------------------------------------------------
// Hadoop (Apache Jira CSV: no reporters, no fix versions)

async function hadoop(): Promise<Record<string, unknown> | null> {
  out('## Hadoop (Apache Jira CSV, 2020–2024, hadoop_releases.csv)');
  out();
  const bugs = join(HADOOP, 'hadoop_bugs.csv');
  const releasesFile = join(HADOOP, 'hadoop_releases.csv');
  if (!existsSync(bugs) || !existsSync(releasesFile)) {
    out(`Absent: ${HADOOP} (needs hadoop_bugs.csv and hadoop_releases.csv). Section skipped.`);
    out();
    return null;
  }
  const started = performance.now();
  const { tickets, rejected } = await parseFile('jira-csv', bugs);
  const releases = (await parseFile('releases-csv', releasesFile)).releases.map(toExplainRelease);
  const { topicOf, labels } = clusterTopics(tickets);
  const explainTickets = toExplainTickets(tickets, topicOf);
  const result = detectAndExplain(explainTickets, releases, { timeZone: TZ, labels });
  const { explanations } = result;
  const withRequester = tickets.filter((t) => t.requester !== null).length;
  const withFix = tickets.filter((t) => t.fixVersions.length > 0).length;
  const withProduct = tickets.filter((t) => t.product !== null).length;
  out(
    `${tickets.length} bugs (${rejected} rejected rows), ${labels.size} topics; reporters on ${withRequester}, fix versions on ${withFix}, ` +
      `a product on ${withProduct}; ${releases.length} releases.`,
  );
  out();
  out('### Spikes');
  printSpikes(explanations, 8);
  const effects = explanations.releases.flatMap((r) => [...r.regressions, ...r.improvements, ...r.newTopics]);
  const coinciding = explanations.releases.flatMap((r) => r.coinciding);
  out('### Releases');
  out(
    `${effects.length} release effects, ${coinciding.length} changes in release windows explained otherwise ` +
      `(${[...countBy(coinciding, (c) => c.explanation)].map(([e, n]) => `${e} ${n}`).join(', ') || 'none'}).`,
  );
  const first = localDayIndex(Math.min(...explainTickets.map((t) => t.createdAt)), TZ);
  for (const r of explanations.releases.filter((r) => r.day >= dayIndexToIso(first))) out(releaseLine(r));
  for (const c of [...effects, ...coinciding]) out(`  - ${c.release} [${c.explanation}] ${c.sentence}`);
  out();
  const ratios = explanations.releases.map((r) => r.minDetectableRatio).filter((x): x is number => x !== null);
  out('### What the Hadoop report can and cannot claim');
  out(
    `- Spikes: the export has no reporter column, so no spike can be called a bulk filing or an incident; ` +
      `${spikeSummary(explanations).unexplained} of ${explanations.spikes.length} spike days stay "unexplained" and say why ` +
      `(a burst that returned to normal cannot be told from one person filing in bulk).`,
  );
  out(`- Releases: no fix versions, so "release X closed N tickets" cannot be said for any release (fixed_tickets is null, not 0).`);
  out(
    `- One product: every release is compared with every bug. Quiet releases state their power: median smallest detectable rise ` +
      `${ratios.length ? `×${median(ratios).toFixed(1)}` : '–'} over ${ratios.length} releases with data around them.`,
  );
  out(`- It can claim: release effects that survive the checks, recurring episodes (from dates alone), and the power of each quiet release.`);
  out();
  return {
    seconds: (performance.now() - started) / 1000,
    tickets: tickets.length,
    topics: labels.size,
    releases: releases.length,
    spikes: explanations.spikes.length,
    spikesByExplanation: spikeSummary(explanations),
    releaseEffects: effects.length,
    coinciding: Object.fromEntries(countBy(coinciding, (c) => c.explanation)),
    medianMinDetectableRatio: ratios.length ? median(ratios) : null,
    withRequester,
    withFix,
  };
}

// ---------------------------------------------------------------------------------------------
// Demo (planted truth)

async function demo(): Promise<Record<string, unknown> | null> {
  out('## Demo (40,000 tickets, seed 1, the generator\'s true topics)');
  out();
  const dir = join(tmpdir(), `support-trends-explanations-${process.pid}`);
  try {
    const generated = await generateDemo({ outDir: dir, tickets: 40_000, seed: 1, withTruth: true });
    const plants = generated.plants;
    const { tickets } = await parseFile('csv-tickets', generated.files.tickets);
    const releases = (await parseFile('releases-csv', generated.files.releases)).releases.map(toExplainRelease);
    const truth = new Map<string, string>();
    for (const line of readFileSync(generated.files.truth!, 'utf8').split('\n').slice(1)) {
      const [id, topic] = line.split(',');
      if (id) truth.set(id, topic);
    }
    const labels = new Map(plants.topics.map((t) => [t.key, t.label]));
    const topicOf = tickets.map((t) => {
      const key = truth.get(t.externalId) ?? null;
      return key === plants.noiseKey ? null : key;
    });
    const explainTickets = toExplainTickets(tickets, topicOf);
    const detectStarted = performance.now();
    const detections = detectFindings(explainTickets, releases, { timeZone: TZ });
    const explainStarted = performance.now();
    const explanations = explainAnomalies({ tickets: explainTickets, releases, ...detections }, { timeZone: TZ, labels });
    const timings = { detectSeconds: (explainStarted - detectStarted) / 1000, explainSeconds: (performance.now() - explainStarted) / 1000 };
    const result = { ...detections, explanations };
    const changesOf = (topic: string) =>
      explanations.releases.flatMap((r) => [...r.regressions, ...r.improvements, ...r.newTopics, ...r.coinciding]).filter((c) => c.topic === topic);
    const describe = (topic: string) =>
      changesOf(topic)
        .map((c) => {
          const other = c.related.find((r): r is { release: string } => 'release' in r && r.release !== c.release);
          return `${c.release} ${c.kind} → ${c.explanation}${c.explanation === 'release' && other ? ` of ${other.release}` : ''}`;
        })
        .join('; ') || 'none';
    const outageSpikes = explanations.spikes.filter((s) => s.day === plants.outage.date);
    const lines = {
      outage: `outage ${plants.outage.date} (${labels.get(plants.outage.topic)}): spikes that day → ${[...new Set(outageSpikes.map((s) => s.explanation))].join(', ') || 'none'} in ${new Set(outageSpikes.map((s) => s.eventId)).size} event(s); release-window changes of its topic: ${describe(plants.outage.topic)}`,
      intermittent: `intermittent ${labels.get(plants.intermittent.topic)} (${plants.intermittent.episodes.length} episodes): release-window changes: ${describe(plants.intermittent.topic)}; its spikes → ${[...new Set(explanations.spikes.filter((s) => s.topic === plants.intermittent.topic).map((s) => s.explanation))].join(', ') || 'none'}`,
      regression: `planted regression ${labels.get(plants.regression.topic)} at ${plants.regression.release}: ${describe(plants.regression.topic)}`,
      fixed: `planted fix ${labels.get(plants.fixed.topic)} at ${plants.fixed.release}: ${describe(plants.fixed.topic)}`,
      newProblem: `planted new problem ${labels.get(plants.newProblem.topic)} at ${plants.newProblem.release}, hotfix ${plants.newProblem.hotfixRelease}: ${describe(plants.newProblem.topic)}`,
      trends: `trending over the last ${plants.trends.windowDays} days: ${[...plants.trends.growing, ...plants.trends.shrinking].map((t) => `${labels.get(t.topic)} (×${t.factor}): ${describe(t.topic)}`).join(' | ')}`,
    };
    for (const line of Object.values(lines)) out(`- ${line}`);
    const effects = explanations.releases.flatMap((r) => [...r.regressions, ...r.improvements, ...r.newTopics]);
    const coinciding = explanations.releases.flatMap((r) => r.coinciding);
    const raw = result.releaseImpacts.reduce((s, r) => s + r.changes.length, 0);
    out(
      `- all releases: ${raw} changes found by the release test → ${effects.length} release effects, ${coinciding.length} explained otherwise ` +
        `(${[...countBy(coinciding, (c) => c.explanation)].map(([e, n]) => `${e} ${n}`).join(', ') || 'none'})`,
    );
    out(`- spikes: ${Object.entries(spikeSummary(explanations)).map(([e, n]) => `${e} ${n}`).join(', ')}`);
    for (const c of effects) out(`  - ${c.sentence}`);
    out(`- time on ${tickets.length} tickets: detection ${timings.detectSeconds.toFixed(1)} s, explanation ${timings.explainSeconds.toFixed(1)} s`);
    out();
    return { ...lines, ...timings, releaseTestChanges: raw, releaseEffects: effects.length, spikesByExplanation: spikeSummary(explanations) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const skipDemo = process.argv.includes('--skip-demo');
  out('# Explanations on real exports (bench/explanations.ts)');
  out();
  const results = {
    generatedAt: new Date().toISOString(),
    alloy: await alloy(),
    hadoop: await hadoop(),
    demo: skipDemo ? null : await demo(),
  };
  writeResults('explanations', results);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
