/**
 * Intermittent, recurring issues: topics that flare up, go quiet for weeks, and come back — the
 * nightly export that breaks every other month. A topic's tickets are split into episodes, the
 * gaps between episode starts are summarised, regular ones are flagged, the next episode is
 * predicted and the fix its episodes share is looked up.
 *
 * Episodes: a new episode starts after at least `quietDays` (14) days without a ticket. A fixed
 * quiet gap is what a support lead means by "it went away and came back", it is explainable in
 * one sentence, and it needs no rate model; Kleinberg's burst automaton (2002) would also split
 * busy stretches of an always-on topic, which are spikes (see spikes.ts), not recurrences.
 * Episodes with fewer than `minEpisodeTickets` tickets are stray tickets (a misfiled ticket, one
 * customer asking twice) and are dropped before the gaps are measured.
 *
 * Intermittent = at least 3 episodes. Recurring = intermittent with regular gaps: coefficient of
 * variation ≤ 0.5 *and* a significant regularity test (`regularityPValue`: are the gaps more
 * regular than episodes starting at random?). Measured on topics whose episodes do start at
 * random: 1–4% are flagged recurring (300 runs each of three gap/length settings).
 * The next episode is predicted at last start + median gap, ± 1.4826·MAD of the gaps (≥ 3 days).
 */

import { seededRandom } from '@/lib/analysis/random';
import { dayIndexToIso, localDayIndex } from '@/lib/time';
import { findFixSignature, type FixSignatureOptions } from './fix-signature';
import { buildDailySeries, ticketDayIndices, type DailySeries, type TicketEvent } from './series';
import { mad, mean, median, standardDeviation } from './stats/descriptive';
import { formatPValue, roundTo } from './stats/format';
import { compareTopicIds, topicNumber, type TopicId } from '@/lib/topic-id';

export interface RecurrenceTicket extends TicketEvent {
  /** Resolution text or last agent note, used for the fix signature. */
  resolution?: string | null;
}

export interface RecurrenceOptions {
  timeZone: string;
  /** Days without tickets that end an episode (default 14). */
  quietDays?: number;
  /** Smaller episodes are stray tickets (default 3). */
  minEpisodeTickets?: number;
  /** Fewest episodes for "intermittent" (default 3: two episodes are a coincidence, not a pattern). */
  minEpisodes?: number;
  /** Gaps at most this coefficient of variation are "regular" (default 0.5; periodic = 0, random = 1). */
  maxGapCv?: number;
  /** Level of the regularity test (`regularityPValue`, default 0.05). */
  alpha?: number;
  /** "Now", epoch ms, for `ongoing` and `overdue`; default: the last ticket. */
  asOf?: number;
  fixSignature?: FixSignatureOptions;
  /** Analyse only these topics; the others' texts still serve as the background (default: all). */
  onlyTopics?: ReadonlySet<TopicId>;
}

export interface Episode {
  start: string; // YYYY-MM-DD, local day
  end: string;
  tickets: number;
}

export interface RecurrenceFinding {
  topicId: TopicId;
  /** At least `minEpisodes` episodes: it keeps coming back, regularly or not. */
  intermittent: boolean;
  /** Intermittent with regular gaps: gap CV ≤ `maxGapCv` and the regularity test significant. */
  recurring: boolean;
  episodes: Episode[];
  /** Days between consecutive episode starts (null below two episodes). */
  medianGapDays: number | null;
  /** Sample sd / mean of those gaps. */
  gapCv: number | null;
  /** Goh–Barabási burstiness (σ − μ)/(σ + μ): −1 periodic, 0 random (Poisson), → 1 bursty. */
  burstiness: number | null;
  /** P(gaps at least this regular | episodes start at random); see `regularityPValue`. */
  regularityPValue: number | null;
  /** Last episode start + median gap (recurring topics only). */
  nextExpected: string | null;
  /** Half-width of the prediction interval, days. */
  nextWindowDays: number | null;
  /** The last episode had a ticket within `quietDays` of `asOf`. */
  ongoing: boolean;
  /** The predicted window has passed without a new episode. */
  overdue: boolean;
  fixSignature: string | null;
  /** Share of episodes whose tickets carry the fix signature. */
  fixShare: number | null;
  fixEpisodes: number;
  summary: string;
}

const DEFAULTS = { quietDays: 14, minEpisodeTickets: 3, minEpisodes: 3, maxGapCv: 0.5, alpha: 0.05 };
const SIMULATIONS = 4000;
/** Level of the test that a topic's episodes are not what random arrivals produce. */
const EPISODES_ALPHA = 0.01;
const EPISODE_SIMULATIONS = 199;
const MIN_WINDOW_DAYS = 3;

/** An episode in local day indices (inclusive). */
export interface EpisodeSpan {
  startDay: number;
  endDay: number;
  tickets: number;
}

/**
 * Episodes of a daily series: maximal runs of days with tickets separated by fewer than
 * `quietDays` empty days, keeping only those with at least `minEpisodeTickets` tickets.
 */
export function splitEpisodes(series: DailySeries, quietDays = DEFAULTS.quietDays, minEpisodeTickets = DEFAULTS.minEpisodeTickets): EpisodeSpan[] {
  const spans: EpisodeSpan[] = [];
  let current: EpisodeSpan | null = null;
  for (let i = 0; i < series.counts.length; i++) {
    const count = series.counts[i];
    if (count === 0) continue;
    const day = series.startDay + i;
    if (current && day - current.endDay - 1 < quietDays) {
      current.endDay = day;
      current.tickets += count;
    } else {
      if (current) spans.push(current);
      current = { startDay: day, endDay: day, tickets: count };
    }
  }
  if (current) spans.push(current);
  return spans.filter((s) => s.tickets >= minEpisodeTickets);
}

export interface GapStatistics {
  medianGapDays: number;
  gapCv: number;
  burstiness: number;
}

/**
 * Median, coefficient of variation and burstiness B = (σ − μ)/(σ + μ) of inter-episode gaps
 * (Goh & Barabási 2008, "Burstiness and memory in complex systems", EPL 81:48002), with the
 * sample standard deviation. Needs at least two gaps.
 */
export function gapStatistics(gaps: readonly number[]): GapStatistics | null {
  if (gaps.length < 2) return null;
  const mu = mean(gaps);
  const sigma = standardDeviation(gaps);
  return { medianGapDays: median(gaps), gapCv: sigma / mu, burstiness: (sigma - mu) / (sigma + mu) };
}

/**
 * Monte Carlo p-value of "gaps this regular by chance": the share of simulated gap sequences
 * (same count) with a coefficient of variation at most the observed one, when episode starts
 * form a random (Poisson) renewal process. Gaps under the null are `minGap` + Exponential, with
 * `minGap` the shortest gap the episode rule allows (quiet days + typical episode length) and the
 * same mean as observed, so the quiet-gap rule itself cannot make the gaps look regular.
 * Seeded, hence reproducible; (1 + hits)/(1 + simulations) so it is never 0 (Davison & Hinkley 1997).
 */
export function regularityPValue(gaps: readonly number[], minGap: number, seed = 1): number | null {
  const stats = gapStatistics(gaps);
  if (!stats) return null;
  const excess = mean(gaps) - minGap;
  if (excess <= 0) return 1; // every gap at the minimum: nothing random could be less regular
  const random = seededRandom(seed);
  const simulated = new Float64Array(gaps.length);
  let hits = 0;
  for (let s = 0; s < SIMULATIONS; s++) {
    for (let i = 0; i < gaps.length; i++) simulated[i] = minGap - excess * Math.log(1 - random());
    const cv = standardDeviation(simulated) / mean(simulated);
    if (cv <= stats.gapCv) hits++;
  }
  return (1 + hits) / (1 + SIMULATIONS);
}

/** How much faster tickets arrive inside the episodes than on average over the series. */
function burstRatio(series: DailySeries, spans: readonly EpisodeSpan[]): number {
  let total = 0;
  for (let i = 0; i < series.counts.length; i++) total += series.counts[i];
  const episodeDays = spans.reduce((sum, s) => sum + s.endDay - s.startDay + 1, 0);
  const episodeTickets = spans.reduce((sum, s) => sum + s.tickets, 0);
  if (total === 0 || episodeDays === 0) return 0;
  return episodeTickets / episodeDays / (total / series.counts.length);
}

/**
 * P(episodes at least this bursty | the same tickets arriving at random over the same days),
 * by simulation (a Monte Carlo test). A steady topic of a ticket a week has two-week silences by
 * chance, and a sparse one has chance clumps of three; only bursts beyond what such randomness
 * produces make a topic intermittent. Seeded: the same data gives the same answer.
 */
function episodesPValue(series: DailySeries, spans: readonly EpisodeSpan[], o: typeof DEFAULTS, seed: number): number {
  const observed = burstRatio(series, spans);
  let total = 0;
  for (let i = 0; i < series.counts.length; i++) total += series.counts[i];
  const random = seededRandom(seed);
  const simulated: DailySeries = { startDay: series.startDay, counts: new Int32Array(series.counts.length) };
  let atLeastAsBursty = 0;
  for (let s = 0; s < EPISODE_SIMULATIONS; s++) {
    simulated.counts.fill(0);
    for (let t = 0; t < total; t++) simulated.counts[Math.floor(random() * simulated.counts.length)]++;
    const randomSpans = splitEpisodes(simulated, o.quietDays, o.minEpisodeTickets);
    if (randomSpans.length >= o.minEpisodes && burstRatio(simulated, randomSpans) >= observed) atLeastAsBursty++;
  }
  return (1 + atLeastAsBursty) / (1 + EPISODE_SIMULATIONS);
}

/** Recurrence analysis of every topic in `tickets` (recurring ones first, then by episodes). */
export function detectRecurrence(tickets: readonly RecurrenceTicket[], options: RecurrenceOptions): RecurrenceFinding[] {
  const o = { ...DEFAULTS, ...options };
  if (tickets.length === 0) return [];
  const daily = buildDailySeries(tickets, { timeZone: o.timeZone });
  const days = ticketDayIndices(tickets, o.timeZone);
  const asOf = o.asOf ?? tickets.reduce((max, t) => Math.max(max, t.createdAt), -Infinity);
  const asOfDay = localDayIndex(asOf, o.timeZone);

  const ticketsByTopic = new Map<TopicId, number[]>();
  tickets.forEach((t, i) => {
    if (t.topicId === null) return;
    const list = ticketsByTopic.get(t.topicId);
    if (list) list.push(i);
    else ticketsByTopic.set(t.topicId, [i]);
  });
  const background = backgroundSample(tickets);

  const findings: RecurrenceFinding[] = [];
  for (const [topicId, series] of daily.byTopic) {
    if (o.onlyTopics && !o.onlyTopics.has(topicId)) continue;
    const spans = splitEpisodes(series, o.quietDays, o.minEpisodeTickets);
    const episodeTexts = spans.map(() => [] as (string | null | undefined)[]);
    if (spans.length >= 2) {
      for (const i of ticketsByTopic.get(topicId) ?? []) {
        const episode = spans.findIndex((s) => days[i] >= s.startDay && days[i] <= s.endDay);
        if (episode >= 0) episodeTexts[episode].push(tickets[i].resolution);
      }
    }
    const otherTopicsTexts = background.filter((b) => b.topicId !== topicId).map((b) => b.text);
    findings.push(analyseTopic(topicId, series, spans, episodeTexts, otherTopicsTexts, asOfDay, o));
  }
  return findings.sort(
    (a, b) => Number(b.recurring) - Number(a.recurring) || b.episodes.length - a.episodes.length || compareTopicIds(a.topicId, b.topicId),
  );
}

const BACKGROUND_SAMPLE = 2000;

/** An evenly spaced sample of resolution texts of all topics, to recognise boilerplate. */
function backgroundSample(tickets: readonly RecurrenceTicket[]): { topicId: TopicId | null; text: string }[] {
  const withText = tickets.filter((t) => typeof t.resolution === 'string' && t.resolution.length > 0);
  const step = Math.max(1, withText.length / BACKGROUND_SAMPLE);
  const sample: { topicId: TopicId | null; text: string }[] = [];
  for (let k = 0; Math.floor(k * step) < withText.length && k < BACKGROUND_SAMPLE; k++) {
    const t = withText[Math.floor(k * step)];
    sample.push({ topicId: t.topicId, text: t.resolution as string });
  }
  return sample;
}

function analyseTopic(
  topicId: TopicId,
  series: DailySeries,
  spans: EpisodeSpan[],
  episodeTexts: (string | null | undefined)[][],
  background: (string | null | undefined)[],
  asOfDay: number,
  o: typeof DEFAULTS & RecurrenceOptions,
): RecurrenceFinding {
  const gaps = spans.slice(1).map((s, i) => s.startDay - spans[i].startDay);
  const stats = gapStatistics(gaps);
  const typicalLength = spans.length ? median(spans.map((s) => s.endDay - s.startDay + 1)) : 1;
  // Each topic's Monte Carlo tests draw from their own seed, the topic's number: reproducible runs.
  const seed = topicNumber(topicId) + 1;
  const pRegular = regularityPValue(gaps, o.quietDays + typicalLength, seed);
  const intermittent =
    spans.length >= o.minEpisodes && episodesPValue(series, spans, o, seed) <= EPISODES_ALPHA;
  // Both conditions: CV ≤ 0.5 alone flags ~20% of topics whose episodes start at random (the quiet
  // rule already trims short gaps, which lowers the CV), and a significant test alone can pass
  // with gaps too uneven to predict a date from.
  const recurring = intermittent && stats !== null && stats.gapCv <= o.maxGapCv && pRegular !== null && pRegular <= o.alpha;
  const last = spans[spans.length - 1];
  const ongoing = last !== undefined && asOfDay - last.endDay <= o.quietDays;

  let nextExpected: number | null = null;
  let nextWindowDays: number | null = null;
  if (recurring && stats) {
    nextExpected = last.startDay + Math.round(stats.medianGapDays);
    // ± 1.4826·MAD of the gaps (a robust sd), at least 3 days: even a clockwork issue is
    // reported a few days either side of its date.
    nextWindowDays = Math.max(MIN_WINDOW_DAYS, Math.ceil(mad(gaps)));
  }
  const overdue = nextExpected !== null && nextWindowDays !== null && !ongoing && asOfDay > nextExpected + nextWindowDays;

  const fix = spans.length >= 2 ? findFixSignature(episodeTexts, background, o.fixSignature) : null;
  const finding: RecurrenceFinding = {
    topicId,
    intermittent,
    recurring,
    episodes: spans.map((s) => ({ start: dayIndexToIso(s.startDay), end: dayIndexToIso(s.endDay), tickets: s.tickets })),
    medianGapDays: stats ? stats.medianGapDays : null,
    gapCv: stats ? roundTo(stats.gapCv, 3) : null,
    burstiness: stats ? roundTo(stats.burstiness, 3) : null,
    regularityPValue: pRegular,
    nextExpected: nextExpected === null ? null : dayIndexToIso(nextExpected),
    nextWindowDays,
    ongoing,
    overdue,
    fixSignature: fix?.text ?? null,
    fixShare: fix ? roundTo(fix.share, 3) : null,
    fixEpisodes: fix?.episodes ?? 0,
    summary: '',
  };
  finding.summary = summarise(finding, o);
  return finding;
}

function summarise(f: RecurrenceFinding, o: typeof DEFAULTS): string {
  const n = f.episodes.length;
  const episodes = `${n} episode${n === 1 ? '' : 's'}`;
  const fix = f.fixSignature ? `; fixed by '${f.fixSignature}' in ${f.fixEpisodes}/${n}` : '';
  if (f.recurring && f.medianGapDays !== null && f.nextExpected) {
    const when = f.ongoing ? 'an episode is under way; next' : f.overdue ? 'overdue since' : 'next expected';
    return (
      `${episodes}, every ~${Math.round(f.medianGapDays)} days (CV ${f.gapCv?.toFixed(2)}); ` +
      `${when} ~${shortDate(f.nextExpected)} ± ${f.nextWindowDays} d${fix}`
    );
  }
  if (n === 0) return `no episode of ${o.minEpisodeTickets}+ tickets`;
  if (n === 1) return `1 episode (${f.episodes[0].start} – ${f.episodes[0].end}): continuous activity, not intermittent`;
  if (n < o.minEpisodes) return `${episodes}: too few to call it recurring${fix}`;
  return `${episodes} at irregular intervals (CV ${f.gapCv?.toFixed(2)}, regularity p = ${formatPValue(f.regularityPValue ?? 1)})${fix}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2024-06-10" → "10 Jun 2024". */
function shortDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

