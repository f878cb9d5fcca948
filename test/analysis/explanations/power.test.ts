/**
 * The power statement of a quiet release ("no change of ×2.5 or more in any topic with ≥ 20
 * tickets") against simulations of the release test itself: at the stated ratio the test finds
 * the change about 80% of the time, and the computed power matches the simulated one elsewhere.
 */
import { topicIdFor } from '@/lib/topic-id';
import { describe, expect, it } from 'vitest';
import { minDetectableRatio, releaseTestPower } from '@/lib/analysis/explanations';
import { detectReleaseImpact } from '@/lib/analysis/release-impact';
import { DAY_MS, isoToDayIndex } from '@/lib/time';
import { generateTickets, type TopicPlan } from '../findings/helpers/generate';

const START = isoToDayIndex('2024-01-01');
const RELEASE_DAY = 60;
const release = { version: '1.0', releasedAt: (START + RELEASE_DAY) * DAY_MS };
const OTHER_RATES = [3, 2.5, 2, 2, 1.5, 1.5, 1.2, 1, 1];
const TOPICS = OTHER_RATES.length + 1;

/** Share of seeds in which the release test reports topic 1's change (rate ×ratio from the release on). */
function simulatedPower(beforeTickets: number, ratio: number, seeds: number): number {
  const rate = beforeTickets / 28;
  const plan: TopicPlan[] = [
    { topicId: topicIdFor(1), rate: (day) => rate * (day >= START + RELEASE_DAY ? ratio : 1) },
    ...OTHER_RATES.map((r, i) => ({ topicId: topicIdFor(i + 2), rate: () => r })),
  ];
  let found = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const tickets = generateTickets({ seed: seed * 7919 + Math.round(ratio * 1000), startDay: START, days: RELEASE_DAY + 14, topics: plan });
    const [impact] = detectReleaseImpact(tickets, [release], { timeZone: 'UTC' });
    const list = ratio > 1 ? impact.regressions : impact.improvements;
    if (list.some((c) => c.topicId === topicIdFor(1))) found++;
  }
  return found / seeds;
}

describe('power of the release test', () => {
  const input = { beforeTickets: 20, exposureRatio: 0.5, level: 0.05 / TOPICS, minRateRatio: 1.25 };

  it('states the smallest rise found 80% of the time, as the simulation finds it', () => {
    const rise = minDetectableRatio(input, 'rise')!;
    expect(rise).toBeGreaterThan(2);
    expect(rise).toBeLessThan(4);
    expect(releaseTestPower(rise, input)).toBeCloseTo(0.8, 1);
    const simulated = simulatedPower(20, rise, 400);
    console.log(`rise ×${rise.toFixed(2)} for a topic with 20 tickets: computed power 0.80, simulated ${simulated.toFixed(3)}`);
    expect(Math.abs(simulated - 0.8)).toBeLessThan(0.08);
  });

  it('matches the simulation below the stated ratio and for falls', () => {
    const rise = minDetectableRatio(input, 'rise')!;
    const smaller = rise / 1.4;
    const predicted = releaseTestPower(smaller, input);
    const simulated = simulatedPower(20, smaller, 400);
    console.log(`rise ×${smaller.toFixed(2)}: computed power ${predicted.toFixed(3)}, simulated ${simulated.toFixed(3)}`);
    expect(Math.abs(simulated - predicted)).toBeLessThan(0.08);
    expect(simulated).toBeLessThan(0.65);

    const bigger = { ...input, beforeTickets: 60 };
    const fall = minDetectableRatio(bigger, 'fall')!;
    expect(fall).toBeGreaterThan(0.1);
    expect(fall).toBeLessThan(0.7);
    const simulatedFall = simulatedPower(60, fall, 400);
    console.log(`fall ×${fall.toFixed(2)} for a topic with 60 tickets: computed power 0.80, simulated ${simulatedFall.toFixed(3)}`);
    expect(Math.abs(simulatedFall - 0.8)).toBeLessThan(0.08);
  });

  it('says when no change could be found at all', () => {
    // Three tickets before: even a fall to nothing is not significant among ten topics.
    expect(minDetectableRatio({ ...input, beforeTickets: 3 }, 'fall')).toBeNull();
    expect(minDetectableRatio({ ...input, beforeTickets: 3 }, 'rise')).toBeGreaterThan(5);
    // Bigger topics show smaller changes.
    expect(minDetectableRatio({ ...input, beforeTickets: 200 }, 'rise')!).toBeLessThan(minDetectableRatio(input, 'rise')!);
  });
});
