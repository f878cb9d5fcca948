/**
 * The shape of the year: releases, the planted signals and the expected tickets per day and
 * topic. Everything here depends on the seed and the date range only (not on the ticket
 * count), so benchmarks at different sizes share the same plants.
 *
 * Volume model: topic weight × day weight (customer-zone business hours, weekends, holidays)
 * × a mild growth trend × plant factors; planted topics add their own expected counts in units
 * of the mean baseline day. The N tickets are then spread over days by a multinomial draw, so
 * the total is exact and each day's count is still random.
 */
import { AppError } from '@/db/errors';
import { DAY_MS, weekdayOfDayIndex } from '@/lib/time';
import { DayArrivals, localDayFactor } from '@/demo/arrivals';
import { multinomial, Rng } from '@/demo/prng';
import { type Release, assignVersions, planReleaseSlots, type ReleaseSlot } from '@/demo/releases';
import { RELEASE_NOTES } from '@/demo/phrasing';
import { Phrasebook } from '@/demo/template';
import { NOISE_TOPIC, PLANTED_TOPICS, TOPICS, type TopicSpec } from '@/demo/topics';
import type { ZoneClock } from '@/demo/zones';

/** Share of everyday volume that is off-topic noise. */
export const NOISE_SHARE = 0.05;
/** Volume at the end of the range relative to its start. */
export const YEARLY_GROWTH = 1.35;
export const TREND_WINDOW_DAYS = 56;
export const GROWING_FACTOR = 3.5;
export const SHRINKING_FACTOR = 0.2;
export const FIXED_FACTOR = 0.12;
export const REGRESSION_FACTOR = 2.5;
/** Extra outage-day tickets, in mean baseline days. */
export const OUTAGE_EXTRA_DAYS = 6;
/** Expected daily tickets of the new problem before its hotfix, in mean baseline days. */
const NEW_PROBLEM_DAILY = 0.15;
const EPISODE_DAILY = 0.11;
const EPISODE_SHAPE = [0.9, 1.2, 0.9, 0.6];
/** The overloaded agent has had no day off for this many days at the end of the range. */
export const NO_DAYS_OFF_DAYS = 21;

export interface Plants {
  newProblem: { topic: number; release: number; hotfix: number };
  fixed: { topic: number; release: number };
  regression: { topic: number; release: number };
  intermittent: { topic: number; episodes: { startDay: number; days: number }[] };
  outage: { topic: number; dayIndex: number; startMs: number; endMs: number };
  growing: number[];
  shrinking: number[];
  bursts: { topic: number; startDay: number; days: number; factor: number }[];
  niche: number;
}

export interface Timeline {
  firstDay: number;
  lastDay: number;
  days: number;
  exportMs: number;
  /** All generating topics; the last one is noise. */
  topics: TopicSpec[];
  noiseTopic: number;
  releases: Release[];
  plants: Plants;
  arrivals: DayArrivals[];
  /** Expected tickets (unscaled) per day × topic, row-major. */
  rates: Float64Array;
  /** Expected extra outage tickets (unscaled) on the outage day. */
  outageExtra: number;
  /** Tickets created on each day; sums to the requested total. */
  dayCounts: Int32Array;
  /** Minimum tickets per (day, topic) for planted signals, so they show even at small N. */
  floors: Map<number, { topic: number; min: number }[]>;
}

export interface TimelineInput {
  seed: number;
  firstDay: number;
  lastDay: number;
  tickets: number;
  zoneClocks: readonly ZoneClock[];
  zoneWeights: ArrayLike<number>;
  /** When the export is taken, if before the end of the last day (a demo ending today is exported now). */
  exportAtMs?: number;
}

export function planTimeline(input: TimelineInput): Timeline {
  const { seed, firstDay, lastDay } = input;
  const days = lastDay - firstDay + 1;
  const topics = [...TOPICS, NOISE_TOPIC];
  const noiseTopic = topics.length - 1;
  const topicIndex = (key: string) => {
    const i = topics.findIndex((t) => t.key === key);
    if (i < 0) throw new Error(`Unknown planted topic ${key}`);
    return i;
  };

  const arrivals: DayArrivals[] = [];
  for (let d = 0; d < days; d++) arrivals.push(new DayArrivals(firstDay + d, input.zoneClocks, input.zoneWeights));

  const plantRng = Rng.derive(seed, 'plants');
  const slots = planReleaseSlots(Rng.derive(seed, 'releases'), firstDay - 28, lastDay);
  const picked = pickPlantReleases(plantRng, slots, firstDay, lastDay);
  const releases = assignVersions(slots);
  const releaseAt = (slot: ReleaseSlot) => releases.findIndex((r) => r.dayIndex === slot.dayIndex && r.kind === slot.kind);
  const plants: Plants = {
    newProblem: { topic: topicIndex(PLANTED_TOPICS.newProblem), release: releaseAt(picked.newProblem), hotfix: releaseAt(picked.hotfix) },
    fixed: { topic: topicIndex(PLANTED_TOPICS.fixed), release: releaseAt(picked.fixed) },
    regression: { topic: topicIndex(PLANTED_TOPICS.regression), release: releaseAt(picked.regression) },
    intermittent: { topic: topicIndex(PLANTED_TOPICS.intermittent), episodes: planEpisodes(plantRng, firstDay, lastDay) },
    outage: planOutage(plantRng, topicIndex(PLANTED_TOPICS.outage), firstDay, lastDay, slots),
    growing: PLANTED_TOPICS.growing.map(topicIndex),
    shrinking: PLANTED_TOPICS.shrinking.map(topicIndex),
    bursts: [],
    niche: topicIndex(PLANTED_TOPICS.niche),
  };
  const plantedSet = new Set([
    plants.newProblem.topic,
    plants.fixed.topic,
    plants.regression.topic,
    plants.intermittent.topic,
    plants.outage.topic,
    ...plants.growing,
    ...plants.shrinking,
    noiseTopic,
  ]);
  const burstable = topics.map((_, i) => i).filter((i) => !plantedSet.has(i) && topics[i].weight > 0);
  const burstCount = Math.max(2, Math.round((8 * days) / 365));
  for (let b = 0; b < burstCount; b++) {
    plants.bursts.push({
      topic: plantRng.pick(burstable),
      startDay: firstDay + plantRng.int(0, days - 4),
      days: plantRng.int(1, 3),
      factor: Math.round(plantRng.range(2, 3.5) * 10) / 10,
    });
  }
  writeReleaseNotes(Rng.derive(seed, 'release-notes'), releases, plants);

  // Baseline weights, jittered per seed so two demos do not have identical topic sizes.
  const weightRng = Rng.derive(seed, 'topic-weights');
  const weights = topics.map((t) => t.weight * Math.exp(0.15 * weightRng.normal()));
  const regularSum = weights.reduce((a, b) => a + b, 0);
  weights[noiseTopic] = (NOISE_SHARE / (1 - NOISE_SHARE)) * regularSum;
  const weightSum = regularSum + weights[noiseTopic];

  const T = topics.length;
  const rates = new Float64Array(days * T);
  const growthRate = Math.log(YEARLY_GROWTH) / Math.max(1, days - 1);
  const dayBase = new Float64Array(days);
  let weekdayWeightSum = 0;
  let weekdayCount = 0;
  for (let d = 0; d < days; d++) {
    dayBase[d] = arrivals[d].weight * Math.exp(growthRate * d);
    const wd = weekdayOfDayIndex(firstDay + d);
    if (wd !== 0 && wd !== 6) {
      weekdayWeightSum += arrivals[d].weight;
      weekdayCount++;
    }
  }
  const meanDayBase = dayBase.reduce((a, b) => a + b, 0) / days;
  /** Expected tickets of a mean baseline day (unscaled). */
  const unit = meanDayBase * weightSum;
  const meanWeekday = weekdayWeightSum / Math.max(1, weekdayCount);

  const releaseDay = (r: number) => releases[r].dayIndex - firstDay;
  const fixDay = releaseDay(plants.fixed.release);
  const regressionDay = releaseDay(plants.regression.release);
  const newDay = releaseDay(plants.newProblem.release);
  const hotfixDay = releaseDay(plants.newProblem.hotfix);
  const trendStart = days - TREND_WINDOW_DAYS;
  const floors = new Map<number, { topic: number; min: number }[]>();
  const addFloor = (d: number, topic: number, min: number) => {
    if (d < 0 || d >= days) return;
    const list = floors.get(d) ?? [];
    list.push({ topic, min });
    floors.set(d, list);
  };

  for (let d = 0; d < days; d++) {
    const row = d * T;
    for (let t = 0; t < T; t++) rates[row + t] = weights[t] * dayBase[d];
    // (2) fixed: customers adopt the fix over about a week.
    if (d > fixDay) rates[row + plants.fixed.topic] *= 1 - (1 - FIXED_FACTOR) * Math.min(1, (d - fixDay) / 6);
    // (3) regression: worse as soon as customers take the release.
    if (d > regressionDay) rates[row + plants.regression.topic] *= 1 + (REGRESSION_FACTOR - 1) * Math.min(1, (d - regressionDay) / 3);
    // (6) trends over the last weeks.
    if (d >= trendStart) {
      const progress = (d - trendStart + 1) / TREND_WINDOW_DAYS;
      for (const t of plants.growing) rates[row + t] *= 1 + (GROWING_FACTOR - 1) * progress;
      for (const t of plants.shrinking) rates[row + t] *= 1 - (1 - SHRINKING_FACTOR) * progress;
    }
    // (1) the new problem: from the day after its release, a trickle after the hotfix.
    const relative = arrivals[d].weight / meanWeekday;
    if (d > newDay) {
      const level = d <= hotfixDay ? 1 : 0.2 * Math.exp(-(d - hotfixDay) / 6);
      if (level > 0.002) rates[row + plants.newProblem.topic] = unit * NEW_PROBLEM_DAILY * level * relative;
      if (d <= hotfixDay) addFloor(d, plants.newProblem.topic, d === newDay + 1 ? 2 : 1);
    }
  }
  // (4) intermittent episodes: the topic exists only inside them.
  for (const episode of plants.intermittent.episodes) {
    for (let k = 0; k < episode.days; k++) {
      const d = episode.startDay - firstDay + k;
      if (d < 0 || d >= days) continue;
      rates[d * T + plants.intermittent.topic] = unit * EPISODE_DAILY * EPISODE_SHAPE[k] * Math.max(0.5, arrivals[d].weight / meanWeekday);
      addFloor(d, plants.intermittent.topic, 2);
    }
  }
  for (const burst of plants.bursts) {
    for (let k = 0; k < burst.days; k++) {
      const d = burst.startDay - firstDay + k;
      if (d >= 0 && d < days) rates[d * T + burst.topic] *= burst.factor;
    }
  }
  // (5) the outage: extra tickets on one day, on top of that topic's usual ones.
  const outageExtra = unit * OUTAGE_EXTRA_DAYS;
  const outageDay = plants.outage.dayIndex - firstDay;

  const dayTotals = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    let sum = d === outageDay ? outageExtra : 0;
    for (let t = 0; t < T; t++) sum += rates[d * T + t];
    dayTotals[d] = sum;
  }
  const dayCounts = multinomial(Rng.derive(seed, 'volume'), input.tickets, dayTotals);

  return {
    firstDay,
    lastDay,
    days,
    exportMs: Math.min((lastDay + 1) * DAY_MS - 1000, input.exportAtMs ?? Infinity),
    topics,
    noiseTopic,
    releases,
    plants,
    arrivals,
    rates,
    outageExtra,
    dayCounts,
    floors,
  };
}

/**
 * How a day's tickets split over topics (plus the outage component, returned last). Planted
 * floors are met by taking tickets from the day's largest ordinary topic.
 */
export function splitDay(timeline: Timeline, rng: Rng, d: number): Int32Array {
  const T = timeline.topics.length;
  const weights = new Float64Array(T + 1);
  weights.set(timeline.rates.subarray(d * T, (d + 1) * T));
  if (timeline.firstDay + d === timeline.plants.outage.dayIndex) weights[T] = timeline.outageExtra;
  const counts = multinomial(rng, timeline.dayCounts[d], weights);
  const floors = timeline.floors.get(d);
  if (floors) {
    const floored = new Set(floors.map((f) => f.topic));
    for (const { topic, min } of floors) {
      while (counts[topic] < min) {
        let donor = -1;
        for (let t = 0; t < T; t++) if (!floored.has(t) && counts[t] > 0 && (donor < 0 || counts[t] > counts[donor])) donor = t;
        if (donor < 0) break;
        counts[donor]--;
        counts[topic]++;
      }
    }
  }
  return counts;
}

function pickPlantReleases(rng: Rng, slots: ReleaseSlot[], firstDay: number, lastDay: number) {
  const days = lastDay - firstDay + 1;
  const used = new Set<ReleaseSlot>();
  const minors = slots.filter((s) => s.kind === 'minor');
  /** The unused minor release nearest to a target day (with some jitter), at least two weeks in. */
  const near = (target: number): ReleaseSlot => {
    const jittered = target + rng.int(-10, 10);
    let best: ReleaseSlot | null = null;
    for (const s of minors) {
      if (used.has(s) || s.dayIndex < firstDay + 14 || s.dayIndex > lastDay - 21) continue;
      if (!best || Math.abs(s.dayIndex - jittered) < Math.abs(best.dayIndex - jittered)) best = s;
    }
    if (!best) throw new AppError('InvalidInput', 'The date range is too short to plant release signals', { hint: 'Use --days 180 or more' });
    used.add(best);
    return best;
  };
  const newProblem = near(lastDay - 75);
  const fixed = near(firstDay + Math.round(days * 0.38));
  const regression = near(firstDay + Math.round(days * 0.6));
  // The new problem gets its own hotfix 8–12 days later; other patches in between are dropped.
  for (let i = slots.length - 1; i >= 0; i--) {
    const s = slots[i];
    if (s.kind === 'patch' && s.dayIndex > newProblem.dayIndex && s.dayIndex <= newProblem.dayIndex + 13) slots.splice(i, 1);
  }
  let hotfixDay = newProblem.dayIndex + rng.int(8, 12);
  while (weekdayOfDayIndex(hotfixDay) === 0 || weekdayOfDayIndex(hotfixDay) === 6) hotfixDay++;
  const hotfix: ReleaseSlot = { dayIndex: hotfixDay, kind: 'patch' };
  slots.push(hotfix);
  return { newProblem, fixed, regression, hotfix };
}

/** Episodes of 2–4 days roughly every two months (55–65 days apart), starting early on. */
function planEpisodes(rng: Rng, firstDay: number, lastDay: number): { startDay: number; days: number }[] {
  const episodes: { startDay: number; days: number }[] = [];
  for (let start = firstDay + rng.int(5, 35); ; start += rng.int(55, 65)) {
    const length = rng.int(2, 4);
    if (start + length - 1 > lastDay) break;
    episodes.push({ startDay: start, days: length });
  }
  return episodes;
}

/** A weekday in the last 60 days, not a holiday nor a release day, in EU afternoon / US morning. */
function planOutage(rng: Rng, topic: number, firstDay: number, lastDay: number, slots: ReleaseSlot[]): Plants['outage'] {
  const candidates: number[] = [];
  for (let day = Math.max(firstDay + 7, lastDay - 55); day <= lastDay - 5; day++) {
    const wd = weekdayOfDayIndex(day);
    if (wd === 0 || wd === 6 || localDayFactor(day) < 1 || slots.some((s) => s.dayIndex === day)) continue;
    candidates.push(day);
  }
  const dayIndex = rng.pick(candidates);
  const startMs = dayIndex * DAY_MS + rng.int(13 * 60, 16 * 60) * 60_000;
  return { topic, dayIndex, startMs, endMs: startMs + rng.int(110, 200) * 60_000 };
}

function writeReleaseNotes(rng: Rng, releases: Release[], plants: Plants): void {
  const book = new Phrasebook({}, new Set());
  const feature = book.compileChoice(RELEASE_NOTES.features);
  const fix = book.compileChoice(RELEASE_NOTES.fixes);
  const hotfix = book.compileChoice(RELEASE_NOTES.hotfix);
  const scope = () => ({ vars: {}, memo: new Map<string, string>() });
  releases.forEach((release, i) => {
    const lines: string[] = [];
    if (i === plants.newProblem.release) lines.push('Redesigned custom fields editor');
    if (i === plants.regression.release) lines.push('New rendering engine for dashboard widgets');
    if (i === plants.fixed.release) lines.push('Fixed a crash in the mobile app when opening notifications or large lists');
    if (i === plants.newProblem.hotfix) {
      lines.push(`Fixed custom field values not showing after the ${releases[plants.newProblem.release].version} update`);
    } else if (release.kind === 'patch') {
      lines.push(hotfix(rng, scope()));
    } else {
      const features = new Set<string>();
      const n = rng.int(1, 3);
      for (let k = 0; k < n; k++) features.add(feature(rng, scope()));
      lines.push(...features, fix(rng, scope()));
    }
    release.notes = lines.join('; ');
  });
}
