/**
 * Seeded ticket streams for the explanation tests: steady topics with a weekday shape, many
 * requesters, optional products, plus planted events (an outage day, a batch filing, episodes,
 * a level shift) spelled out by each test. Independent of the demo generator.
 */
import { DAY_MS, isoToDayIndex, weekdayOfDayIndex } from '@/lib/time';
import type { ExplainRelease, ExplainTicket } from '@/lib/analysis/explanations';
import { localMidnight, OFFICE_WEEK, poissonDraw, seededRng, type Rng } from '../../findings/helpers/generate';

export const START = isoToDayIndex('2024-01-01');
export const DAYS = 180;

export interface TopicSpec {
  key: string;
  /** Expected tickets per average weekday. */
  rate: number | ((day: number) => number);
  product?: string;
}

export interface Scenario {
  rng: Rng;
  tickets: ExplainTicket[];
}

/** Steady Poisson topics with the office-week shape, each ticket from one of `customers` requesters. */
export function steadyTickets(seed: number, topics: readonly TopicSpec[], days = DAYS, customers = 3000): Scenario {
  const rng = seededRng(seed);
  const tickets: ExplainTicket[] = [];
  for (let day = START; day < START + days; day++) {
    const weekday = OFFICE_WEEK[weekdayOfDayIndex(day)];
    const midnight = localMidnight(day, 'UTC');
    for (const topic of topics) {
      const rate = typeof topic.rate === 'number' ? topic.rate : topic.rate(day);
      const n = poissonDraw(rng, rate * weekday);
      for (let i = 0; i < n; i++) {
        tickets.push({
          createdAt: midnight + Math.floor(rng() * DAY_MS),
          topic: topic.key,
          requester: `c${Math.floor(rng() * customers)}`,
          products: topic.product ? [topic.product] : [],
        });
      }
    }
  }
  return { rng, tickets };
}

/** `n` extra tickets of a topic on a day, within `hours` from 09:00, from `requesters` people (or many). */
export function burst(
  scenario: Scenario,
  topic: string,
  day: number,
  n: number,
  options: { requesters?: readonly string[]; hours?: number; product?: string } = {},
): void {
  const start = localMidnight(day, 'UTC') + 9 * 3_600_000;
  const span = (options.hours ?? 10) * 3_600_000;
  for (let i = 0; i < n; i++) {
    const requester = options.requesters ? options.requesters[i % options.requesters.length] : `b${day}-${Math.floor(scenario.rng() * 1e9)}`;
    scenario.tickets.push({
      createdAt: start + Math.floor(scenario.rng() * span),
      topic,
      requester,
      products: options.product ? [options.product] : [],
    });
  }
}

export function release(version: string, day: number, product: string | null = null): ExplainRelease {
  return { version, releasedAt: localMidnight(day, 'UTC') + 14 * 3_600_000, product };
}
