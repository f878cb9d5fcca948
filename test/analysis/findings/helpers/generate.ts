/**
 * Seeded generators of ticket timestamps and daily counts for the findings tests. Deliberately
 * small and independent of the demo generator: every rate is spelled out by the test using it.
 */

import type { TopicId } from '@/lib/topic-id';
import { dayIndexToIso, DAY_MS, wallTimeToUtc, weekdayOfDayIndex } from '@/lib/time';
import type { DailySeries } from '@/lib/analysis/series';
import { seededRandom } from '@/lib/analysis/random';

export type Rng = () => number;

export const seededRng: (seed: number) => Rng = seededRandom;

/** Poisson draw: Knuth's product method for small means, a normal approximation above 60. */
export function poissonDraw(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 60) {
    // Box–Muller; at these means the Poisson is close to normal and tests only need realism.
    const u = 1 - rng();
    const v = rng();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

/** Mondays twice as busy as Sundays, a typical B2B shape (index 0 = Sunday). */
export const OFFICE_WEEK = [0.5, 1, 0.95, 0.9, 0.9, 0.8, 0.55];

export type RateFn = (day: number, weekday: number) => number;

/** Daily counts drawn from Poisson(rate(day)) over `days` days starting at local day `startDay`. */
export function generateDailyCounts(rng: Rng, startDay: number, days: number, rate: RateFn): DailySeries {
  const counts = new Int32Array(days);
  for (let i = 0; i < days; i++) counts[i] = poissonDraw(rng, rate(startDay + i, weekdayOfDayIndex(startDay + i)));
  return { startDay, counts };
}

export interface GeneratedTicket {
  createdAt: number;
  topicId: TopicId | null;
  resolution: string | null;
  productVersion: string | null;
  customer: string | null;
  resolvedAt: number | null;
  reopened: boolean;
}

export interface TopicPlan {
  topicId: TopicId | null;
  rate: RateFn;
  /** Extra fields for a ticket created on local `day`. */
  extras?: (day: number, rng: Rng, createdAt: number) => Partial<GeneratedTicket>;
}

export interface TicketPlan {
  seed: number;
  startDay: number;
  days: number;
  timeZone?: string;
  topics: TopicPlan[];
}

/** Local midnight (UTC instant) of a local day index in a zone. */
export function localMidnight(day: number, timeZone: string): number {
  const [y, m, d] = dayIndexToIso(day).split('-').map(Number);
  return wallTimeToUtc(y, m, d, 0, 0, 0, timeZone);
}

/**
 * Tickets with Poisson daily counts per topic, each at a uniformly random instant of its local
 * day (so 23 h and 25 h DST days get their true length), sorted by time.
 */
export function generateTickets(plan: TicketPlan): GeneratedTicket[] {
  const rng = seededRng(plan.seed);
  const timeZone = plan.timeZone ?? 'UTC';
  const tickets: GeneratedTicket[] = [];
  for (let day = plan.startDay; day < plan.startDay + plan.days; day++) {
    const start = localMidnight(day, timeZone);
    const length = localMidnight(day + 1, timeZone) - start;
    const weekday = weekdayOfDayIndex(day);
    for (const topic of plan.topics) {
      const n = poissonDraw(rng, topic.rate(day, weekday));
      for (let i = 0; i < n; i++) {
        const createdAt = start + Math.floor(rng() * length);
        tickets.push({
          createdAt,
          topicId: topic.topicId,
          resolution: null,
          productVersion: null,
          customer: `c${Math.floor(rng() * 5000)}`,
          resolvedAt: createdAt + Math.floor(rng() * 3 * DAY_MS),
          reopened: false,
          ...topic.extras?.(day, rng, createdAt),
        });
      }
    }
  }
  return tickets.sort((a, b) => a.createdAt - b.createdAt);
}
