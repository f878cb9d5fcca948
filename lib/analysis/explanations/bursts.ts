/**
 * What kind of burst a spike day is: one person (or a handful) filing in bulk, a short burst
 * that returns to normal, or the start of something that lasts.
 *
 * Bulk filing: the smallest handful (1–3 requesters, each with at least two tickets) who filed
 * more than half of the day's tickets *and* without whom the day would not have been a spike at all (fewer than the spike
 * detector's own thresholds: 5 tickets, 1.5 × the expected count). On a real Launchpad export
 * every spike was one developer filing 6–22 bugs within an hour; on a helpdesk it is an import
 * or a test run. Needs requesters on at least half of the tickets; otherwise it is unknown, and
 * a burst cannot be told from an outage.
 *
 * Returns to baseline: the burst lasts at most `maxBurstDays` (2) consecutive spike days and the
 * 7 days after it are back near the 28 days before it. "Still up" is an excess of at least ×1.5
 * that is either very clear (the exact conditional Poisson test of the two counts — the
 * baseline is itself an estimate from a few tickets — at p ≤ 0.001) or clear (p ≤ 0.01) and
 * keeps at least a quarter of the burst's excess. Many spikes are tested, and after a 45-ticket
 * outage a topic running at 2 a day instead of 1 (p ≈ 0.003) has returned to normal, while a
 * shift from 2 to 5 a day that opened with a day of 12 has not. Weekday patterns cancel because
 * both windows are whole weeks.
 */
import { binomialUpperTail } from '../stats/distributions';
import type { ExplainTicket, Requesters } from './types';

export interface BurstOptions {
  /** The spike detector's fewest tickets for a spike (5). */
  minCount: number;
  /** The spike detector's smallest count / expected (1.5). */
  minRatio: number;
  /** Largest handful of requesters a bulk filing may come from (3). */
  maxHandful: number;
  /** Longest burst, in consecutive spike days, that still "returns to baseline" (2). */
  maxBurstDays: number;
  /** Days after the burst compared with the baseline (7). */
  afterDays: number;
  /** Days before the burst that make the baseline (28). */
  baselineDays: number;
  /** Level of "still elevated after the burst" when the level keeps part of the burst (0.01)… */
  lastingAlpha: number;
  /** …and whatever the burst (0.001). */
  clearlyLastingAlpha: number;
  /** Share of the burst's excess the level after it must keep to be "still up" (0.25). */
  lastingShare: number;
}

export const BURST_DEFAULTS: BurstOptions = {
  minCount: 5,
  minRatio: 1.5,
  maxHandful: 3,
  maxBurstDays: 2,
  afterDays: 7,
  baselineDays: 28,
  lastingAlpha: 0.01,
  clearlyLastingAlpha: 0.001,
  lastingShare: 0.25,
};

const HOUR_MS = 3_600_000;

export interface RequesterVerdict extends Requesters {
  bulk: boolean;
}

/**
 * Who filed a burst's tickets, and whether a handful filed it in bulk. `expected` is the day's
 * expected count (the spike's baseline). Null when fewer than half of the tickets say who filed them.
 */
export function requesterVerdict(
  tickets: readonly ExplainTicket[],
  expected: number,
  options: BurstOptions = BURST_DEFAULTS,
): RequesterVerdict | null {
  const byRequester = new Map<string, number[]>();
  let known = 0;
  for (const t of tickets) {
    if (typeof t.requester !== 'string') continue;
    known++;
    const list = byRequester.get(t.requester);
    if (list) list.push(t.createdAt);
    else byRequester.set(t.requester, [t.createdAt]);
  }
  if (tickets.length === 0 || known * 2 < tickets.length) return null;
  const ranked = [...byRequester.values()].sort((a, b) => b.length - a.length);
  const count = tickets.length;
  const spikeThreshold = Math.max(options.minCount, options.minRatio * expected);
  let top = 0;
  for (let h = 1; h <= Math.min(options.maxHandful, ranked.length); h++) {
    // Someone who filed one ticket is not filing in bulk.
    if (ranked[h - 1].length < 2) break;
    top += ranked[h - 1].length;
    if (top * 2 > count && count - top < spikeThreshold) {
      const times = ranked.slice(0, h).flat();
      const hours = (Math.max(...times) - Math.min(...times)) / HOUR_MS;
      return { distinct: byRequester.size, handful: h, handfulTickets: top, handfulHours: Math.round(hours * 10) / 10, bulk: true };
    }
  }
  return { distinct: byRequester.size, handful: 0, handfulTickets: 0, handfulHours: null, bulk: false };
}

export type Persistence = 'transient' | 'lasting' | 'too_recent';

export interface PersistenceVerdict {
  persistence: Persistence;
  /** Consecutive spike days of the burst. */
  burstDays: number;
  baselinePerDay: number;
  afterPerDay: number | null;
}

/**
 * Does a burst return to baseline? `counts[i]` is day `startDay + i` of the series;
 * `spikeDays` are the series' spike days. The burst is the run of consecutive spike days
 * through `day`.
 */
export function burstPersistence(
  counts: Int32Array,
  startDay: number,
  day: number,
  spikeDays: ReadonlySet<number>,
  options: BurstOptions = BURST_DEFAULTS,
): PersistenceVerdict {
  let first = day;
  while (spikeDays.has(first - 1)) first--;
  let last = day;
  while (spikeDays.has(last + 1)) last++;
  const burstDays = last - first + 1;
  const lastDay = startDay + counts.length - 1;
  const baselineFrom = Math.max(startDay, first - options.baselineDays);
  let baselineSum = 0;
  for (let d = baselineFrom; d < first; d++) baselineSum += counts[d - startDay];
  const baselineLength = first - baselineFrom;
  const baselinePerDay = baselineLength > 0 ? baselineSum / baselineLength : 0;
  const afterTo = Math.min(lastDay, last + options.afterDays);
  const afterLength = afterTo - last;
  if (afterLength < 3 || baselineLength < 7) return { persistence: 'too_recent', burstDays, baselinePerDay, afterPerDay: null };
  let afterSum = 0;
  for (let d = last + 1; d <= afterTo; d++) afterSum += counts[d - startDay];
  let peak = 0;
  for (let d = first; d <= last; d++) peak = Math.max(peak, counts[d - startDay]);
  const afterPerDay = afterSum / afterLength;
  // Half a ticket over the baseline as a floor, so a topic silent before still has a finite baseline.
  const expectedAfter = Math.max(baselinePerDay * afterLength, 0.5);
  // Given both counts, after ~ Binomial(after + baseline, share of days) when nothing changed.
  const pValue = binomialUpperTail(afterSum, afterSum + baselineSum, afterLength / (afterLength + baselineLength));
  const up = afterSum >= options.minRatio * expectedAfter;
  const keepsLevel = afterPerDay - baselinePerDay >= options.lastingShare * (peak - baselinePerDay);
  const stillUp = up && (pValue <= options.clearlyLastingAlpha || (pValue <= options.lastingAlpha && keepsLevel));
  const persistence: Persistence = stillUp || burstDays > options.maxBurstDays ? 'lasting' : 'transient';
  return { persistence, burstDays, baselinePerDay, afterPerDay };
}
