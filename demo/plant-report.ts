/**
 * The ground truth handed back to callers: what was planted (from the timeline) and how many
 * tickets each plant actually received (counted while writing).
 */
import { dayIndexToIso } from '@/lib/time';
import { isoUtc } from '@/demo/csv-writer';
import {
  FIXED_FACTOR,
  GROWING_FACTOR,
  NO_DAYS_OFF_DAYS,
  REGRESSION_FACTOR,
  SHRINKING_FACTOR,
  TREND_WINDOW_DAYS,
} from '@/demo/timeline';
import { NOISE_KEY } from '@/demo/topics';
import type { DemoPlants } from '@/demo/types';
import type { World } from '@/demo/world';

/** Counts gathered while writing. */
export interface TicketStats {
  perTopic: Int32Array;
  newProblemFirstMs: number | null;
  newProblemOnNewVersion: number;
  perDayTopic: Map<number, Int32Array>;
  outageTickets: number;
  outageDayTickets: number;
}

export function describePlants(world: World, stats: TicketStats): DemoPlants {
  const { timeline, dispatcher, seed } = world;
  const { plants, releases, topics } = timeline;
  const key = (t: number) => topics[t].key;
  const release = (r: number) => ({ release: releases[r].version, releaseDate: dayIndexToIso(releases[r].dayIndex) });
  const partTime = world.roster.find((a) => a.spec.role === 'part-time');
  return {
    seed,
    start: dayIndexToIso(timeline.firstDay),
    end: dayIndexToIso(timeline.lastDay),
    exportedAt: isoUtc(timeline.exportMs),
    topics: topics
      .map((t, i) => ({ key: t.key, label: t.label, tickets: stats.perTopic[i] }))
      .filter((t) => t.key !== NOISE_KEY),
    noiseKey: NOISE_KEY,
    noiseTickets: stats.perTopic[timeline.noiseTopic],
    newProblem: {
      topic: key(plants.newProblem.topic),
      ...release(plants.newProblem.release),
      hotfixRelease: releases[plants.newProblem.hotfix].version,
      hotfixDate: dayIndexToIso(releases[plants.newProblem.hotfix].dayIndex),
      firstTicketAt: stats.newProblemFirstMs === null ? null : isoUtc(stats.newProblemFirstMs),
      tickets: stats.perTopic[plants.newProblem.topic],
      ticketsOnNewVersion: stats.newProblemOnNewVersion,
    },
    fixed: { topic: key(plants.fixed.topic), ...release(plants.fixed.release), rateFactorAfter: FIXED_FACTOR },
    regression: { topic: key(plants.regression.topic), ...release(plants.regression.release), rateFactorAfter: REGRESSION_FACTOR },
    intermittent: {
      topic: key(plants.intermittent.topic),
      fix: 'restarted export worker batch-03',
      episodes: plants.intermittent.episodes.map((e) => {
        let tickets = 0;
        for (let k = 0; k < e.days; k++) tickets += stats.perDayTopic.get(e.startDay + k)?.[plants.intermittent.topic] ?? 0;
        return { start: dayIndexToIso(e.startDay), end: dayIndexToIso(e.startDay + e.days - 1), tickets };
      }),
    },
    outage: {
      topic: key(plants.outage.topic),
      date: dayIndexToIso(plants.outage.dayIndex),
      startAt: isoUtc(plants.outage.startMs),
      endAt: isoUtc(plants.outage.endMs),
      tickets: stats.outageTickets,
      dayTickets: stats.outageDayTickets,
    },
    trends: {
      windowDays: TREND_WINDOW_DAYS,
      growing: plants.growing.map((t) => ({ topic: key(t), factor: GROWING_FACTOR })),
      shrinking: plants.shrinking.map((t) => ({ topic: key(t), factor: SHRINKING_FACTOR })),
    },
    bursts: plants.bursts.map((b) => ({ topic: key(b.topic), start: dayIndexToIso(b.startDay), days: b.days, factor: b.factor })),
    agents: {
      overloaded: dispatcher.overloaded.name,
      noDaysOffFrom: dayIndexToIso(timeline.lastDay - NO_DAYS_OFF_DAYS + 1),
      partTime: partTime ? partTime.name : '',
      nicheOwner: dispatcher.nicheOwner.name,
      nicheTopic: key(plants.niche),
    },
  };
}
