/**
 * One event, one explanation (issue 14). After detection, every anomaly — a spike day, a
 * release-window change, an episode of an intermittent topic — gets exactly one explanation:
 *
 * - bulk_filing: a handful of requesters filed most of the burst, and without them the day
 *   would not be a spike (bursts.ts);
 * - recurring_episode: the burst is one of the topic's own episodes (recurrence.ts), so a
 *   release is never credited or blamed for a topic's cycle;
 * - incident: a burst of one or two days from many requesters that returns to baseline; one
 *   that starts within 48 h after a release of the same product points to it ("check whether X
 *   caused it") instead of being a regression of X;
 * - release: a change that survives leaving out the days explained above and the topic's two
 *   busiest days (release-checks.ts), and is a step at this release — not a trend, not the
 *   continuation of an earlier release's change (step-test.ts);
 * - unexplained: none of these — shown, and said so.
 *
 * Anomalies that are one real event (the overall spike and the topic spikes of an outage day,
 * the regression it causes in one release's windows and the "improvement" in the next's) share
 * one event, reported once with links (`related`) to the topics, releases and incidents it touches.
 * A change's checks leave out, in turn, batch-filing days, the topic's own episodes, incident
 * days and its two busiest days; when it stops being significant, the check that took the most
 * evidence away names its cause.
 */
import { dayIndexToIso, isoToDayIndex, localDayIndex } from '@/lib/time';
import type { Episode } from '../recurrence';
import { median } from '../stats/descriptive';
import { formatPValue, formatRatio, roundTo } from '../stats/format';
import { BURST_DEFAULTS, burstPersistence, requesterVerdict, type BurstOptions, type PersistenceVerdict, type RequesterVerdict } from './bursts';
import { fixedByRelease } from './fixed-tickets';
import { inReleaseScope, productKey, ticketsCarryProducts } from './products';
import { RELEASE_CHECK_DEFAULTS, retestChange, type CheckSubject, type ReleaseCheckOptions, type Retest } from './release-checks';
import { releaseEffectSentence, summariseRelease } from './release-summary';
import { testStepAtRelease, testTrendBefore, type StepTest } from './step-test';
import { dayRange, daysAfterWords, perDay, plural, shortDate, shortDay, withinHours } from './sentences';
import { buildTicketTable, dailyCounts, ticketsOfDay } from './ticket-table';
import type {
  ExplainedChange,
  ExplainedEpisode,
  ExplainedEvent,
  ExplainedRelease,
  ExplainedSpike,
  ExplainRecurrence,
  ExplainRelease,
  ExplainSpike,
  ExplainTicket,
  Explanation,
  Explanations,
  KeyedChange,
  Related,
  ScopedReleaseImpact,
} from './types';

export interface ExplanationInput {
  tickets: readonly ExplainTicket[];
  releases: readonly ExplainRelease[];
  spikes: readonly ExplainSpike[];
  recurrence: readonly ExplainRecurrence[];
  releaseImpacts: readonly ScopedReleaseImpact[];
}

export interface ExplanationOptions {
  timeZone: string;
  /** Topic labels for the sentences (the key is shown otherwise). */
  labels?: ReadonlyMap<string, string>;
  /** The release test's windows, FDR and smallest ratio: those the release impact used. */
  beforeDays?: number;
  afterDays?: number;
  fdr?: number;
  minRateRatio?: number;
  burst?: Partial<BurstOptions>;
  checks?: Partial<Pick<ReleaseCheckOptions, 'alpha' | 'dropDays'>>;
  /** An incident starting within this many hours after a release points to it (48). */
  incidentAfterReleaseHours?: number;
  /** Power at which the smallest detectable change is stated (0.8). */
  power?: number;
}

interface Settings {
  timeZone: string;
  label: (topic: string) => string;
  fdr: number;
  burst: BurstOptions;
  checks: ReleaseCheckOptions;
  incidentAfterReleaseHours: number;
  power: number;
}

type SpikeNote = 'transient-unknown' | 'lasting' | 'too-recent' | 'no-tickets' | null;

interface SpikeState {
  spike: ExplainSpike;
  day: number;
  /** Table topic number; null = the overall series; −1 = a topic with no tickets in the input. */
  topic: number | null;
  explanation: Explanation;
  eventId: string;
  requesters: RequesterVerdict | null;
  persistence: PersistenceVerdict | null;
  episode: Episode | null;
  /** An overall spike that is mostly one topic spike's excess follows that spike. */
  follows: SpikeState | null;
  release: string | null;
  note: SpikeNote;
}

interface EventDraft {
  id: string;
  explanation: Explanation;
  startDay: number;
  endDay: number;
  topics: Set<string>;
  overall: boolean;
  related: Map<string, Related>;
  /** Tickets and requesters, when not counted from the days (episodes, release changes). */
  tickets?: number;
  requesters?: number | null;
  sentence: string;
  howWeKnow: string;
}

const relatedKey = (r: Related) => JSON.stringify(r);

export function explainAnomalies(input: ExplanationInput, options: ExplanationOptions): Explanations {
  const s: Settings = {
    timeZone: options.timeZone,
    label: (topic) => options.labels?.get(topic) ?? topic,
    fdr: options.fdr ?? 0.05,
    burst: { ...BURST_DEFAULTS, ...options.burst },
    checks: {
      ...RELEASE_CHECK_DEFAULTS,
      ...options.checks,
      beforeDays: options.beforeDays ?? RELEASE_CHECK_DEFAULTS.beforeDays,
      afterDays: options.afterDays ?? RELEASE_CHECK_DEFAULTS.afterDays,
      minRateRatio: options.minRateRatio ?? RELEASE_CHECK_DEFAULTS.minRateRatio,
    },
    incidentAfterReleaseHours: options.incidentAfterReleaseHours ?? 48,
    power: options.power ?? 0.8,
  };
  const table = buildTicketTable(input.tickets, s.timeZone);
  const scoping = ticketsCarryProducts(input.tickets);
  const recurrence = new Map(input.recurrence.filter((r) => r.intermittent).map((r) => [r.topic, r]));

  const countsCache = new Map<number, Int32Array>();
  const countsOf = (topic: number | null) => {
    const key = topic ?? -1;
    let counts = countsCache.get(key);
    if (!counts) {
      counts = dailyCounts(table, topic);
      countsCache.set(key, counts);
    }
    return counts;
  };
  const masks = new Map<string | null, Uint8Array | null>();
  const maskOf = (product: string | null) => {
    if (!scoping || product === null) return null;
    const key = productKey(product);
    let mask = masks.get(key);
    if (mask === undefined) {
      mask = new Uint8Array(table.tickets.length);
      for (let i = 0; i < mask.length; i++) mask[i] = inReleaseScope(table.tickets[i], { product }, true) ? 1 : 0;
      masks.set(key, mask);
    }
    return mask;
  };

  // ── 1. Spikes: bulk filing, episode, incident or not yet known ────────────────────────────
  const spikeDays = new Map<number | null, Set<number>>();
  const states: SpikeState[] = input.spikes.map((spike) => {
    const topic = spike.topic === null ? null : (table.topicIndex.get(spike.topic) ?? -1);
    const day = isoToDayIndex(spike.day);
    let set = spikeDays.get(topic);
    if (!set) spikeDays.set(topic, (set = new Set()));
    set.add(day);
    return { spike, day, topic, explanation: 'unexplained', eventId: '', requesters: null, persistence: null, episode: null, follows: null, release: null, note: null };
  });
  const topicStates = states.filter((st) => st.topic !== null);
  const overallStates = states.filter((st) => st.topic === null);
  for (const st of topicStates) classifyTopicSpike(st);
  for (const st of overallStates) classifyOverallSpike(st);

  function classifyTopicSpike(st: SpikeState): void {
    if (st.topic === -1) {
      st.note = 'no-tickets';
      return;
    }
    const topic = st.topic as number;
    const tickets = ticketsOfDay(table, st.day, topic).map((i) => table.tickets[i]);
    st.requesters = requesterVerdict(tickets, st.spike.expected, s.burst);
    if (st.requesters?.bulk) {
      st.explanation = 'bulk_filing';
      return;
    }
    const episode = episodeContaining(recurrence.get(st.spike.topic as string), st.day);
    if (episode) {
      st.explanation = 'recurring_episode';
      st.episode = episode;
      return;
    }
    classifyByPersistence(st, countsOf(topic), spikeDays.get(topic)!);
  }

  function classifyByPersistence(st: SpikeState, counts: Int32Array, days: Set<number>): void {
    st.persistence = burstPersistence(counts, table.firstDay, st.day, days, s.burst);
    if (st.persistence.persistence === 'transient') {
      if (st.requesters !== null) st.explanation = 'incident';
      else st.note = 'transient-unknown';
    } else {
      st.note = st.persistence.persistence === 'lasting' ? 'lasting' : 'too-recent';
    }
  }

  function classifyOverallSpike(st: SpikeState): void {
    const tickets = ticketsOfDay(table, st.day, null).map((i) => table.tickets[i]);
    st.requesters = requesterVerdict(tickets, st.spike.expected, s.burst);
    if (st.requesters?.bulk) {
      st.explanation = 'bulk_filing';
      return;
    }
    // An overall spike that is mostly one or more topic spikes of the same day is the same event.
    const sameDay = topicStates.filter((t) => t.day === st.day);
    const excess = (x: ExplainSpike) => Math.max(0, x.count - x.expected);
    const covered = sameDay.reduce((sum, t) => sum + excess(t.spike), 0);
    if (sameDay.length > 0 && covered * 2 >= excess(st.spike)) {
      st.follows = sameDay.reduce((a, b) => (excess(b.spike) > excess(a.spike) ? b : a));
      return;
    }
    classifyByPersistence(st, countsOf(null), spikeDays.get(null)!);
  }

  // ── 2. Events of the spikes ───────────────────────────────────────────────────────────────
  const events = new Map<string, EventDraft>();
  const leaders = (st: SpikeState): SpikeState => (st.follows ? leaders(st.follows) : st);

  // Incidents: spike days of any series within a day of each other are one incident.
  const incidentSpikes = states.filter((st) => leaders(st).explanation === 'incident').sort((a, b) => a.day - b.day);
  let incidentStart = -Infinity;
  let incidentEnd = -Infinity;
  for (const st of incidentSpikes) {
    if (st.day > incidentEnd + 1) incidentStart = st.day;
    incidentEnd = Math.max(incidentEnd, st.day);
    st.eventId = `incident:${dayIndexToIso(incidentStart)}`;
  }
  for (const st of states) {
    const lead = leaders(st);
    if (st.eventId !== '') continue;
    if (lead.explanation === 'bulk_filing') {
      st.eventId = `bulk:${dayIndexToIso(lead.day)}`;
    } else if (lead.explanation === 'recurring_episode' && lead.episode) {
      st.eventId = `episode:${lead.spike.topic}:${lead.episode.start}`;
    } else {
      st.eventId = `spike:${lead.spike.day}:${lead.spike.topic ?? 'all'}`;
    }
  }

  /** Incident and bulk-filing spike days, with their tickets (to check a release's product). */
  const burstSpikes = states
    .filter((st) => leaders(st).explanation === 'incident' || leaders(st).explanation === 'bulk_filing')
    .map((st) => ({
      kind: leaders(st).explanation as 'incident' | 'bulk_filing',
      day: st.day,
      topic: st.topic === -1 ? null : st.topic,
      state: st,
      indices: st.topic === -1 ? [] : ticketsOfDay(table, st.day, st.topic),
    }));

  // Episodes of intermittent topics, each an event of its own (or a batch filing).
  const explainedEpisodes: ExplainedEpisode[] = [];
  /** Episodes that are batch filings, by "topic:start", with who filed them. */
  const bulkEpisodes = new Map<string, RequesterVerdict>();
  for (const pattern of recurrence.values()) {
    const topic = table.topicIndex.get(pattern.topic);
    for (const episode of pattern.episodes) {
      const from = isoToDayIndex(episode.start);
      const to = isoToDayIndex(episode.end);
      const indices: number[] = [];
      if (topic !== undefined) for (let d = from; d <= to; d++) indices.push(...ticketsOfDay(table, d, topic));
      // Without the handful it would not be an episode (fewer than 3 tickets), filed within a day.
      const verdict = requesterVerdict(indices.map((i) => table.tickets[i]), 0, { ...s.burst, minCount: 3, minRatio: 0 });
      const bulk = verdict !== null && verdict.bulk && (verdict.handfulHours ?? Infinity) <= 24;
      const related: Related[] = [{ topicId: pattern.topic }];
      for (const impact of input.releaseImpacts) {
        const releaseDay = localDayIndex(impact.releasedAt, s.timeZone);
        if (from < releaseDay || from > releaseDay + s.checks.afterDays) continue;
        if (impact.scoped && !indices.some((i) => maskOf(impact.product)![i] === 1)) continue;
        related.push({ release: impact.version });
      }
      let eventId: string;
      let sentence: string;
      if (bulk) {
        bulkEpisodes.set(`${pattern.topic}:${episode.start}`, verdict);
        eventId = `bulk:${episode.start}:${pattern.topic}`;
        sentence = `${s.label(pattern.topic)}: ${verdict.handfulTickets} of the ${episode.tickets} tickets of ${dayRange(episode.start, episode.end)} came from ${plural(verdict.handful, 'reporter')} ${withinHours(verdict.handfulHours)} — a batch filing, not the problem coming back.`;
        addEvent({
          id: eventId,
          explanation: 'bulk_filing',
          startDay: from,
          endDay: to,
          topics: new Set([pattern.topic]),
          overall: false,
          related: new Map(related.map((r) => [relatedKey(r), r])),
          tickets: episode.tickets,
          sentence,
          howWeKnow: pattern.summary,
        });
      } else {
        eventId = ensureEpisodeEvent(pattern.topic, pattern, episode);
        for (const r of related) events.get(eventId)!.related.set(relatedKey(r), r);
        sentence = events.get(eventId)!.sentence;
      }
      explainedEpisodes.push({
        topic: pattern.topic,
        start: episode.start,
        end: episode.end,
        tickets: episode.tickets,
        explanation: bulk ? 'bulk_filing' : 'recurring_episode',
        requesters: verdict?.distinct ?? null,
        eventId,
        related,
        sentence,
      });
    }
  }

  const pendingRelated: [string, Related][] = [];
  /** Release effects confirmed so far (releases are explained in time order). */
  const confirmed: { version: string; topic: string; rising: boolean; versionShows: boolean; productKey: string | null; releaseDay: number; eventId: string }[] = [];
  const productKeyOf = (impact: ScopedReleaseImpact) => (impact.product === null ? null : productKey(impact.product));

  // ── 3. Release-window changes ─────────────────────────────────────────────────────────────
  const fixed = fixedByRelease(input.tickets, input.releases);
  const releaseByVersion = new Map(input.releaseImpacts.map((r) => [r.version, r]));
  const explainedReleases: ExplainedRelease[] = [];
  const allChanges: ExplainedChange[] = [];
  for (const impact of input.releaseImpacts) {
    const mask = impact.scoped ? maskOf(impact.product) : null;
    const changed = new Set(impact.changes.map((c) => table.topicIndex.get(c.topic)).filter((k): k is number => k !== undefined));
    const changes = impact.changes.map((c) => explainChange(impact, c, mask, changed));
    allChanges.push(...changes);
    explainedReleases.push(
      summariseRelease(impact, changes, {
        table,
        mask,
        fixed: fixed.get(impact.version) ?? { tickets: null, topics: [] },
        label: s.label,
        beforeDays: s.checks.beforeDays,
        afterDays: s.checks.afterDays,
        fdr: s.fdr,
        minRateRatio: s.checks.minRateRatio,
        power: s.power,
      }),
    );
  }

  function explainChange(impact: ScopedReleaseImpact, c: KeyedChange, mask: Uint8Array | null, changed: Set<number>): ExplainedChange {
    const topic = table.topicIndex.get(c.topic);
    const beforePerDay = impact.beforeDaysObserved > 0 ? c.before / impact.beforeDaysObserved : 0;
    const afterPerDay = impact.afterDaysObserved > 0 ? c.after / impact.afterDaysObserved : 0;
    const base: Omit<ExplainedChange, 'explanation' | 'eventId' | 'related' | 'sentence' | 'howWeKnow'> = {
      release: impact.version,
      topic: c.topic,
      kind: c.kind,
      beforePerDay: roundTo(beforePerDay, 2),
      afterPerDay: roundTo(afterPerDay, 2),
      before: c.before,
      after: c.after,
      rateRatio: c.rateRatio,
      pValue: c.pValue,
      qValue: c.qValue,
      robustRatio: null,
      robustPValue: null,
    };
    const releaseDay = localDayIndex(impact.releasedAt, s.timeZone);
    const windowFrom = releaseDay - s.checks.beforeDays;
    const windowTo = releaseDay + s.checks.afterDays;
    const inWindow = (day: number) => day >= windowFrom && day <= windowTo;
    const others = new Set([...changed].filter((k) => k !== topic));
    const subject: CheckSubject | null =
      topic === undefined ? null : { table, mask, releasedAt: impact.releasedAt, topic, kind: c.kind, excludedTopics: others };
    // The before/after ratio over time, for the sentence that quotes the daily rates (the
    // release test reports the version split's ratio when that one carries the change).
    const timeRatio = subject === null ? null : retestChange(subject, new Set(), false, s.checks).ratio;
    const asRelease = (retest: Retest | null, note: string) => {
      const eventId = `release:${impact.version}:${c.topic}`;
      confirmed.push({
        version: impact.version,
        topic: c.topic,
        rising: c.kind !== 'improvement',
        versionShows: c.versionPValue !== null && c.versionPValue <= s.checks.alpha,
        productKey: productKeyOf(impact),
        releaseDay,
        eventId,
      });
      const change: ExplainedChange = {
        ...base,
        robustRatio: retest && Number.isFinite(retest.ratio) ? roundTo(retest.ratio) : null,
        robustPValue: retest ? retest.pValue : null,
        explanation: 'release',
        eventId,
        related: [{ release: impact.version }],
        sentence: releaseEffectSentence(impact, c, beforePerDay, afterPerDay, s.label(c.topic), s.checks.afterDays, timeRatio),
        howWeKnow: `${c.evidence}${note}`,
      };
      addEvent({
        id: eventId,
        explanation: 'release',
        startDay: releaseDay,
        endDay: Math.min(table.lastDay, windowTo),
        topics: new Set([c.topic]),
        overall: false,
        related: new Map([[relatedKey({ release: impact.version }), { release: impact.version }]]),
        tickets: c.after,
        requesters: null,
        sentence: change.sentence,
        howWeKnow: change.howWeKnow,
      });
      return change;
    };
    if (subject === null) return asRelease(null, '');

    const excluded = new Set<number>();
    const baseRetest = retestChange(subject, excluded, false, s.checks);
    // A change carried by the version split (tickets on the new version vs the ones it replaces)
    // is not a matter of days, which time cannot confound.
    if (!baseRetest.significant) {
      // Carried by the version split (tickets on the new version vs the ones it replaces), which
      // a burst of days cannot fake — unless the topic is in one of its episodes, whose customers
      // run whatever version they ran.
      const pattern = recurrence.get(c.topic);
      const episode = pattern ? patternEpisodes(pattern).find((e) => overlaps(e, windowFrom, windowTo)) : undefined;
      if (pattern && episode) {
        pendingRelated.push([`episode:${c.topic}:${episode.start}`, { release: impact.version }]);
        return {
          ...base,
          explanation: 'recurring_episode',
          eventId: `episode:${c.topic}:${episode.start}`,
          related: [{ topicId: c.topic }],
          sentence: `Coincides with an episode of ${s.label(c.topic)} (${dayRange(episode.start, episode.end)}), not ${impact.version}: ${pattern.summary}.`,
          howWeKnow: `${c.evidence}; carried by the version split while the topic was in an episode, whose tickets come from whatever versions its customers run`,
        };
      }
      return asRelease(null, '; carried by the version split, which a burst of days cannot fake');
    }
    const v = impact.version;
    const label = s.label(c.topic);

    /**
     * A check that left days out. When the change stops being significant, the check that took
     * the most evidence away (the largest rise of its p-value, on a log scale) names the cause:
     * an outage plus a little noise is the outage, even when the noise fails a later check.
     */
    interface Step {
      explanation: Explanation;
      eventId: string;
      sentence: string;
      why: string;
      related: Related[];
      retest: Retest;
      /** How much evidence the step removed: log10(p after) − log10(p before). */
      loss: number;
      /** Called when this step is the cause and its event does not exist yet. */
      makeEvent?: () => void;
    }
    const steps: Step[] = [];
    let previous = baseRetest;
    const record = (step: Omit<Step, 'loss'>): boolean => {
      steps.push({ ...step, loss: Math.log10(Math.max(step.retest.pValue, 1e-300)) - Math.log10(Math.max(previous.pValue, 1e-300)) });
      previous = step.retest;
      return step.retest.significant;
    };
    const explainedOtherwise = (): ExplainedChange => {
      const cause = steps.reduce((a, b) => (b.loss > a.loss ? b : a));
      const last = steps[steps.length - 1];
      cause.makeEvent?.();
      const retest = last.retest;
      // The event touches this release too (linked once every event exists).
      pendingRelated.push([cause.eventId, { release: v }]);
      return {
        ...base,
        robustRatio: Number.isFinite(retest.ratio) ? roundTo(retest.ratio) : null,
        robustPValue: retest.pValue,
        explanation: cause.explanation,
        eventId: cause.eventId,
        related: cause.related,
        sentence: cause.sentence,
        howWeKnow:
          `${c.evidence}; ${steps.map((st) => st.why).join(', then ')}: ${retest.after} vs ${retest.before} tickets, ` +
          `${Number.isFinite(retest.ratio) ? formatRatio(retest.ratio) : 'no ratio'}, p = ${formatPValue(retest.pValue)} (not significant)`,
      };
    };
    const inScope = (indices: number[]) => mask === null || indices.filter((i) => mask[i] === 1).length * 2 >= indices.length;

    // (a) bulk filings of this topic, or across all tickets, among the release's own product (first:
    // who filed is the most direct evidence, and a batch can look like an episode)
    const bulk = [
      ...burstSpikes
        .filter((b) => b.kind === 'bulk_filing' && (b.topic === topic || b.topic === null) && inWindow(b.day) && inScope(b.indices))
        .map((b) => ({ days: [b.day], tickets: b.indices.length, eventId: b.state.eventId, requesters: leaders(b.state).requesters! })),
      ...explainedEpisodes
        .filter((e) => e.topic === c.topic && e.explanation === 'bulk_filing' && overlaps(e, windowFrom, windowTo))
        .map((e) => ({ days: dayList(e.start, e.end), tickets: e.tickets, eventId: e.eventId, requesters: bulkEpisodes.get(`${e.topic}:${e.start}`)! })),
    ];
    if (bulk.length > 0) {
      for (const b of bulk) for (const d of b.days) excluded.add(d);
      const main = bulk.reduce((a, b) => (b.tickets > a.tickets ? b : a));
      const req = main.requesters;
      const ok = record({
        explanation: 'bulk_filing',
        eventId: main.eventId,
        sentence: `A batch filing on ${shortDay(main.days[0])} (${req.handfulTickets} tickets from ${plural(req.handful, 'reporter')}), not ${v}.`,
        why: 'without the batch-filing days',
        related: [],
        retest: retestChange(subject, excluded, false, s.checks),
      });
      if (!ok) return explainedOtherwise();
    }
    // (b) the topic's own episodes (those that are not batch filings)
    const pattern = recurrence.get(c.topic);
    const episodes = pattern
      ? patternEpisodes(pattern).filter((e) => overlaps(e, windowFrom, windowTo) && !bulkEpisodes.has(`${c.topic}:${e.start}`))
      : [];
    if (pattern && episodes.length > 0) {
      for (const e of episodes) for (let d = isoToDayIndex(e.start); d <= isoToDayIndex(e.end); d++) excluded.add(d);
      const episode = episodes.reduce((a, b) => (b.tickets > a.tickets ? b : a));
      const ok = record({
        explanation: 'recurring_episode',
        eventId: `episode:${c.topic}:${episode.start}`,
        sentence: pattern.recurring
          ? `Coincides with the recurring ${label} problem (episode ${dayRange(episode.start, episode.end)}), not ${v}: ${pattern.summary}.`
          : `Coincides with an episode of ${label}, a problem that comes and goes (${dayRange(episode.start, episode.end)}), not ${v}: ${pattern.summary}.`,
        why: 'without the days of its episodes',
        related: [{ topicId: c.topic }],
        retest: retestChange(subject, excluded, false, s.checks),
        makeEvent: () => ensureEpisodeEvent(c.topic, pattern, episode),
      });
      if (!ok) return explainedOtherwise();
    }
    // (c) incidents among the release's own product's tickets
    const incidents = burstSpikes.filter((b) => b.kind === 'incident' && inWindow(b.day) && inScope(b.indices));
    if (incidents.length > 0) {
      for (const b of incidents) excluded.add(b.day);
      const withTopic = incidents.filter((b) => ticketsOfDay(table, b.day, topic!).length > 0);
      const main = (withTopic.length > 0 ? withTopic : incidents).reduce((a, b) => (b.day < a.day ? b : a));
      const eventStart = main.state.eventId.slice('incident:'.length);
      const ok = record({
        explanation: 'incident',
        eventId: main.state.eventId,
        sentence: `The ${shortDate(eventStart)} incident, not ${v}: without it ${label} shows no lasting change.`,
        why: 'without the incident days',
        related: [{ incidentDate: eventStart }],
        retest: retestChange(subject, excluded, false, s.checks),
      });
      if (!ok) return explainedOtherwise();
    }
    // (d) sustained over the window: survives losing its two busiest days
    const sustained = retestChange(subject, excluded, true, s.checks);
    {
      const lead = sustained.dropped
        .map((d) => states.find((x) => x.day === d && (x.topic === topic || x.topic === null)))
        .find((x): x is SpikeState => x !== undefined);
      const dates = [...sustained.dropped].sort((a, b) => a - b).map(shortDay).join(' and ');
      const explanation: Explanation = lead ? leaders(lead).explanation : 'unexplained';
      const eventId = lead ? lead.eventId : `change:${v}:${c.topic}`;
      const ok = record({
        explanation,
        eventId,
        sentence: `Rests on ${sustained.dropped.length === 1 ? 'one busy day' : `${sustained.dropped.length} busy days`} (${dates}), not a lasting change after ${v}.`,
        why: `without its ${plural(sustained.dropped.length, 'busiest day')}`,
        related:
          explanation === 'recurring_episode' ? [{ topicId: c.topic }] : explanation === 'incident' && lead ? [{ incidentDate: lead.eventId.slice('incident:'.length) }] : [],
        retest: sustained,
        makeEvent: lead
          ? undefined
          : () =>
              addEvent({
                id: eventId,
                explanation,
                startDay: Math.min(...sustained.dropped),
                endDay: Math.max(...sustained.dropped),
                topics: new Set([c.topic]),
                overall: false,
                related: new Map([[relatedKey({ release: v }), { release: v }]]),
                sentence: `${label}: a short burst on ${dates}, not a lasting change after ${v}.`,
                howWeKnow: c.evidence,
              }),
      });
      if (!ok) return explainedOtherwise();
    }
    // (e) a step at this release, not the continuation of an earlier release's change or of a
    // trend — unless the version split shows it: tickets on the new version vs the versions it
    // replaces, at the same time, which neither a trend nor an earlier release can produce.
    const versionShows = c.versionPValue !== null && c.versionPValue <= s.checks.alpha;
    if (c.kind !== 'new_topic' && !versionShows) {
      const rising = c.kind === 'regression';
      const direction = rising ? 'rising' : 'falling';
      const stepDays = new Set([...excluded, ...sustained.dropped]);
      const stepInput = {
        table,
        mask,
        topic: topic!,
        excludedTopics: others,
        excludedDays: stepDays,
        releaseDay,
        fromDay: windowFrom,
        toDay: Math.min(table.lastDay, windowTo),
      };
      const stepHolds = (test: StepTest | null) => test === null || (test.pValue <= s.checks.alpha && (rising ? test.stepRatio > 1 : test.stepRatio < 1));
      const stepWords = (test: StepTest | null, given: string): string =>
        test === null ? '' : `; step at ${v} given ${given}: ${formatRatio(test.stepRatio)}, likelihood-ratio p = ${formatPValue(test.pValue)}`;
      const earlier = confirmed
        .filter((x) => x.topic === c.topic && x.rising === rising && x.productKey === productKeyOf(impact) && x.releaseDay < releaseDay && x.releaseDay >= windowFrom)
        .sort((a, b) => b.releaseDay - a.releaseDay);
      const earlierSteps = earlier.map((x) => x.releaseDay);
      if (earlier.length > 0) {
        // With a trend: after a fix, tickets fade as customers upgrade, and the next release
        // inherits part of that fading. When the version split pinned the earlier change to its
        // release and shows nothing for this one, the earlier release keeps it.
        const test = testStepAtRelease({ ...stepInput, trend: true, earlierSteps });
        const pinnedEarlier = earlier[0].versionShows;
        if (pinnedEarlier || !stepHolds(test)) {
          const first = earlier[0];
          pendingRelated.push([first.eventId, { release: v }]);
          return {
            ...base,
            robustRatio: Number.isFinite(sustained.ratio) ? roundTo(sustained.ratio) : null,
            robustPValue: sustained.pValue,
            explanation: 'release',
            eventId: first.eventId,
            related: [{ release: first.version }],
            sentence: `Continues the ${rising ? 'rise' : 'fall'} after ${first.version} (${plural(releaseDay - first.releaseDay, 'day')} before), not ${v}.`,
            howWeKnow: pinnedEarlier
              ? `${c.evidence}; the version split shows the change at ${first.version} and not at ${v}`
              : `${c.evidence}${stepWords(test, `a trend and the step at ${first.version}`)} (not significant)`,
          };
        }
      }
      // Only when the topic was already moving the same way before the release is the step
      // tested against that trend.
      const before = testTrendBefore({ ...stepInput, earlierSteps });
      const trending = before !== null && before.pValue <= s.checks.alpha && (rising ? before.stepRatio > 1 : before.stepRatio < 1);
      const trend = trending ? testStepAtRelease({ ...stepInput, trend: true, earlierSteps }) : null;
      if (trending && !stepHolds(trend)) {
        const eventId = `change:${v}:${c.topic}`;
        const sentence = `${label} was already ${direction} before ${v}: a trend, not the release.`;
        addEvent({
          id: eventId,
          explanation: 'unexplained',
          startDay: windowFrom,
          endDay: Math.min(table.lastDay, windowTo),
          topics: new Set([c.topic]),
          overall: false,
          related: new Map([[relatedKey({ release: v }), { release: v }]]),
          sentence,
          howWeKnow: `${c.evidence}${stepWords(trend, 'a linear trend')} (not significant)`,
        });
        pendingRelated.push([eventId, { release: v }]);
        return {
          ...base,
          robustRatio: Number.isFinite(sustained.ratio) ? roundTo(sustained.ratio) : null,
          robustPValue: sustained.pValue,
          explanation: 'unexplained',
          eventId,
          related: [{ release: v }],
          sentence,
          howWeKnow: events.get(eventId)!.howWeKnow,
        };
      }
      const kept = excluded.size > 0 ? ` and without the ${plural(excluded.size, 'day')} explained otherwise` : '';
      return asRelease(
        sustained,
        `; still ${formatRatio(sustained.ratio)} (p = ${formatPValue(sustained.pValue)}) without its ${plural(sustained.dropped.length, 'busiest day')}${kept}` +
          (trend ? stepWords(trend, earlier.length ? `a trend and the step at ${earlier[0].version}` : 'the trend before it') : ''),
      );
    }
    const kept = excluded.size > 0 ? ` and without the ${plural(excluded.size, 'day')} explained otherwise` : '';
    const still = c.kind === 'new_topic' ? 'all after the release' : formatRatio(sustained.ratio);
    return asRelease(
      sustained,
      `; still ${still} (p = ${formatPValue(sustained.pValue)}) without its ${plural(sustained.dropped.length, 'busiest day')}${kept}` +
        (versionShows && c.kind !== 'new_topic' ? '; shown by the version split as well, which no trend can fake' : ''),
    );
  }

  // ── 4. Spikes inside a release's lasting change are that release ─────────────────────────
  // Also a topic spike first taken for an incident: the change held without that day, so the
  // day is the opening of the release's shift, not a separate event.
  for (const change of allChanges) {
    if (change.explanation !== 'release' || change.kind === 'improvement') continue;
    const impact = releaseByVersion.get(change.release)!;
    const releaseDay = localDayIndex(impact.releasedAt, s.timeZone);
    for (const st of topicStates) {
      if (st.spike.topic !== change.topic || (st.explanation !== 'unexplained' && st.explanation !== 'incident') || st.follows) continue;
      if (st.day < releaseDay || st.day > releaseDay + s.checks.afterDays) continue;
      st.explanation = 'release';
      st.release = change.release;
      st.eventId = change.eventId;
    }
  }
  for (const st of overallStates) if (st.follows) st.eventId = leaders(st).eventId;

  // ── 5. Links, sentences, events ─────────────────────────────────────────────────────────────
  /** Releases of the burst's product shipped on the burst's day or up to 48 h (two days) before it, latest first. */
  const releasesAfter = (day: number, tickets: number[]) => {
    const maxDays = Math.floor(s.incidentAfterReleaseHours / 24);
    const found: ScopedReleaseImpact[] = [];
    for (const impact of input.releaseImpacts) {
      const after = day - localDayIndex(impact.releasedAt, s.timeZone);
      if (after < 0 || after > maxDays) continue;
      if (impact.scoped) {
        const mask = maskOf(impact.product)!;
        const inScope = tickets.filter((i) => mask[i] === 1).length;
        if (inScope * 2 < tickets.length) continue;
      }
      found.push(impact);
    }
    return found.sort((a, b) => b.releasedAt - a.releasedAt);
  };

  const explainedSpikes: ExplainedSpike[] = states.map((st) => {
    const lead = leaders(st);
    const explanation = lead.explanation;
    const related: Related[] = [];
    const who = st.topic === null ? 'All tickets' : s.label(st.spike.topic as string);
    const indices = st.topic === -1 ? [] : ticketsOfDay(table, st.day, st.topic);
    const requesters = st.requesters ?? requesterVerdict(indices.map((i) => table.tickets[i]), st.spike.expected, s.burst);
    let sentence: string;
    const usual = `${st.spike.count} tickets vs ~${perDay(st.spike.expected)} usual on ${shortDay(st.day)}`;
    if (explanation === 'bulk_filing') {
      const r = lead.requesters!;
      sentence = `${who}: ${r.handfulTickets} of ${lead.spike.count} tickets on ${shortDay(lead.day)} came from ${plural(r.handful, 'reporter')} ${withinHours(r.handfulHours)} — a batch filing (an import, a triage session, a test run), not a rise in demand.`;
    } else if (explanation === 'recurring_episode') {
      const topic = lead.spike.topic as string;
      related.push({ topicId: topic });
      const pattern = recurrence.get(topic);
      sentence = `${who}: part of ${pattern?.recurring ? 'a recurring episode' : 'an episode'} of ${s.label(topic)} (${dayRange(lead.episode!.start, lead.episode!.end)}); ${pattern?.summary ?? ''}.`;
    } else if (explanation === 'incident') {
      const start = st.eventId.slice('incident:'.length);
      related.push({ incidentDate: start });
      const near = releasesAfter(isoToDayIndex(start), indices)[0];
      if (near) related.push({ release: near.version });
      sentence = `${who}: ${usual}, from ${plural(requesters?.distinct ?? 0, 'reporter')}, back to normal within days — part of the ${shortDate(start)} incident${
        near ? `, ${daysAfterWords(isoToDayIndex(start) - localDayIndex(near.releasedAt, s.timeZone))} ${near.version}; check whether ${near.version} caused it` : ''
      }.`;
    } else if (explanation === 'release') {
      related.push({ release: lead.release! });
      sentence = `${who}: ${usual}, part of the lasting rise after ${lead.release}.`;
    } else {
      sentence = `${who}: ${usual}; ${unexplainedReason(lead)}.`;
    }
    if (explanation !== 'recurring_episode' && st.topic !== null && st.topic !== -1) {
      const ep = episodeContaining(recurrence.get(st.spike.topic as string), st.day);
      if (ep) related.push({ topicId: st.spike.topic as string });
    }
    const how = [st.spike.evidence];
    if (requesters) {
      how.push(
        requesters.bulk
          ? `${requesters.handfulTickets} of ${st.spike.count} from ${plural(requesters.handful, 'requester')} (${plural(requesters.distinct, 'distinct requester')}); without them fewer than the spike thresholds (${s.burst.minCount} tickets, ×${s.burst.minRatio} expected)`
          : `${plural(requesters.distinct, 'distinct requester')}`,
      );
    } else how.push('requesters unknown');
    const p = lead.persistence;
    if (p && p.afterPerDay !== null) {
      how.push(`${perDay(p.afterPerDay)} a day in the ${s.burst.afterDays} days after vs ${perDay(p.baselinePerDay)} in the ${s.burst.baselineDays} before (${plural(p.burstDays, 'spike day')})`);
    }
    const out: ExplainedSpike = {
      day: st.spike.day,
      topic: st.spike.topic,
      count: st.spike.count,
      expected: st.spike.expected,
      explanation,
      requesters: requesters?.distinct ?? null,
      eventId: st.eventId,
      related: dedupe(related),
      sentence,
      howWeKnow: how.join('; '),
    };
    addSpikeToEvent(out, st);
    return out;
  });

  function unexplainedReason(st: SpikeState): string {
    if (st.note === 'transient-unknown') {
      return 'back to normal within days, but the data does not say who filed the tickets, so an outage cannot be told from one person filing in bulk';
    }
    if (st.note === 'lasting') return 'the level stayed up afterwards, and no release of its product explains it';
    if (st.note === 'too-recent') return 'too recent to tell whether it lasts';
    if (st.note === 'no-tickets') return 'its tickets were not part of this analysis';
    return 'no batch filing, recurring episode, incident or release explains it';
  }

  function addSpikeToEvent(out: ExplainedSpike, st: SpikeState): void {
    const existing = events.get(out.eventId);
    if (existing) {
      existing.startDay = Math.min(existing.startDay, st.day);
      existing.endDay = Math.max(existing.endDay, st.day);
      if (out.topic === null) existing.overall = true;
      else existing.topics.add(out.topic);
      for (const r of out.related) existing.related.set(relatedKey(r), r);
      return;
    }
    addEvent({
      id: out.eventId,
      explanation: out.explanation,
      startDay: st.day,
      endDay: st.day,
      topics: new Set(out.topic === null ? [] : [out.topic]),
      overall: out.topic === null,
      related: new Map(out.related.map((r) => [relatedKey(r), r])),
      sentence: out.sentence,
      howWeKnow: out.howWeKnow,
    });
  }

  function addEvent(draft: EventDraft): void {
    const existing = events.get(draft.id);
    if (!existing) {
      events.set(draft.id, draft);
      return;
    }
    for (const t of draft.topics) existing.topics.add(t);
    for (const [k, r] of draft.related) existing.related.set(k, r);
  }

  function ensureEpisodeEvent(topic: string, pattern: ExplainRecurrence, episode: Episode): string {
    const id = `episode:${topic}:${episode.start}`;
    if (!events.has(id)) {
      addEvent({
        id,
        explanation: 'recurring_episode',
        startDay: isoToDayIndex(episode.start),
        endDay: isoToDayIndex(episode.end),
        topics: new Set([topic]),
        overall: false,
        related: new Map([[relatedKey({ topicId: topic }), { topicId: topic }]]),
        tickets: episode.tickets,
        sentence: `${s.label(topic)}: ${pattern.recurring ? 'recurring ' : ''}episode ${dayRange(episode.start, episode.end)} (${plural(episode.tickets, 'ticket')}); ${pattern.summary}.`,
        howWeKnow: pattern.summary,
      });
    }
    return id;
  }

  // Incident events: the plain sentence of the whole event, and the release before it.
  for (const event of events.values()) {
    if (event.explanation !== 'incident' || !event.id.startsWith('incident:')) continue;
    const indices: number[] = [];
    for (let d = event.startDay; d <= event.endDay; d++) indices.push(...ticketsOfDay(table, d, null));
    const inEvent = indices.filter((i) => event.overall || (table.topicOf[i] >= 0 && event.topics.has(table.topicKeys[table.topicOf[i]])));
    const near = releasesAfter(event.startDay, inEvent)[0];
    if (near) event.related.set(relatedKey({ release: near.version }), { release: near.version });
    const distinct = distinctRequesters(inEvent);
    const topTopics = topTopicsOf(inEvent);
    const days = event.endDay - event.startDay + 1;
    event.sentence =
      `Incident on ${dayRange(dayIndexToIso(event.startDay), dayIndexToIso(event.endDay))}: ${plural(inEvent.length, 'ticket')}` +
      `${distinct === null ? '' : ` from ${plural(distinct, 'reporter')}`} in ${plural(days, 'day')}` +
      `${topTopics ? `, ${topTopics}` : ''}, then back to normal` +
      (near ? `. It started ${daysAfterWords(event.startDay - localDayIndex(near.releasedAt, s.timeZone))} ${near.version} — check whether ${near.version} caused it.` : '.');
  }
  // Bulk events: one sentence for the day, across topics.
  for (const event of events.values()) {
    if (event.explanation !== 'bulk_filing' || event.tickets !== undefined) continue;
    const lead = states.find((st) => st.eventId === event.id && leaders(st).requesters?.bulk);
    const r = lead ? leaders(lead).requesters! : null;
    if (!r) continue;
    const topics = [...event.topics].map(s.label);
    event.sentence =
      `Batch filing on ${shortDay(event.startDay)}: ${r.handfulTickets} tickets from ${plural(r.handful, 'reporter')} ${withinHours(r.handfulHours)}` +
      `${topics.length > 0 ? ` (${topics.slice(0, 3).join(', ')}${topics.length > 3 ? ', …' : ''})` : ''} — not a rise in demand.`;
  }

  function distinctRequesters(indices: number[]): number | null {
    const known = indices.map((i) => table.tickets[i].requester).filter((r): r is string => typeof r === 'string');
    if (indices.length === 0 || known.length * 2 < indices.length) return null;
    return new Set(known).size;
  }

  function topTopicsOf(indices: number[]): string | null {
    const counts = new Map<number, number>();
    for (const i of indices) if (table.topicOf[i] >= 0) counts.set(table.topicOf[i], (counts.get(table.topicOf[i]) ?? 0) + 1);
    if (counts.size === 0) return null;
    const [top] = [...counts].sort((a, b) => b[1] - a[1]);
    const label = s.label(table.topicKeys[top[0]]);
    return counts.size === 1 ? `all ${label}` : `across ${counts.size} topics (mostly ${label}, ${top[1]})`;
  }

  // Every change points to an event that exists (its burst may have been re-read as a release's).
  for (const change of allChanges) {
    if (events.has(change.eventId)) continue;
    const day = localDayIndex(releaseByVersion.get(change.release)!.releasedAt, s.timeZone);
    addEvent({
      id: change.eventId,
      explanation: change.explanation,
      startDay: day,
      endDay: day,
      topics: new Set([change.topic]),
      overall: false,
      related: new Map(change.related.map((r) => [relatedKey(r), r])),
      tickets: change.after,
      requesters: null,
      sentence: change.sentence,
      howWeKnow: change.howWeKnow,
    });
  }
  for (const [eventId, related] of pendingRelated) events.get(eventId)?.related.set(relatedKey(related), related);

  const explainedEvents: ExplainedEvent[] = [...events.values()]
    .map((e) => {
      let tickets = e.tickets;
      let requesters = e.requesters;
      if (tickets === undefined) {
        const indices: number[] = [];
        for (let d = e.startDay; d <= e.endDay; d++) {
          for (const i of ticketsOfDay(table, d, null)) {
            if (e.overall || (table.topicOf[i] >= 0 && e.topics.has(table.topicKeys[table.topicOf[i]]))) indices.push(i);
          }
        }
        tickets = indices.length;
        requesters = distinctRequesters(indices);
      }
      return {
        id: e.id,
        explanation: e.explanation,
        start: dayIndexToIso(e.startDay),
        end: dayIndexToIso(e.endDay),
        topics: [...e.topics].sort(),
        tickets,
        requesters: requesters ?? null,
        related: dedupe([...e.related.values()]),
        sentence: e.sentence,
        howWeKnow: e.howWeKnow,
      };
    })
    .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));

  return { events: explainedEvents, spikes: explainedSpikes, episodes: explainedEpisodes, releases: explainedReleases };
}

/** The episode of an intermittent topic that contains a day, if any. */
function episodeContaining(pattern: ExplainRecurrence | undefined, day: number): Episode | null {
  if (!pattern) return null;
  return pattern.episodes.find((e) => day >= isoToDayIndex(e.start) && day <= isoToDayIndex(e.end)) ?? null;
}

/**
 * The episodes that fit the topic's pattern: not much longer than its typical episode. A
 * regression that turns an intermittent problem into a constant one makes one long episode,
 * which is then tested like any other change instead of being put down to the cycle.
 */
function patternEpisodes(pattern: ExplainRecurrence): Episode[] {
  const lengths = pattern.episodes.map((e) => isoToDayIndex(e.end) - isoToDayIndex(e.start) + 1);
  if (lengths.length === 0) return [];
  const limit = 2 * median(lengths) + 3;
  return pattern.episodes.filter((_, i) => lengths[i] <= limit);
}

/** Local day indices from one "YYYY-MM-DD" to another, inclusive. */
function dayList(startIso: string, endIso: string): number[] {
  const days: number[] = [];
  for (let d = isoToDayIndex(startIso); d <= isoToDayIndex(endIso); d++) days.push(d);
  return days;
}

function overlaps(episode: Pick<Episode, 'start' | 'end'>, from: number, to: number): boolean {
  return isoToDayIndex(episode.end) >= from && isoToDayIndex(episode.start) <= to;
}

function dedupe(related: Related[]): Related[] {
  const seen = new Map<string, Related>();
  for (const r of related) seen.set(relatedKey(r), r);
  return [...seen.values()];
}
