/**
 * Writes the tickets day by day, in time order: draw the day's tickets per topic, give each a
 * customer and an arrival instant, sort, build and write them, then let the disk catch up.
 * Only one day of drafts is ever in memory.
 */
import { DAY_MS } from '@/lib/time';
import type { CsvWriter } from '@/demo/csv-writer';
import { Rng } from '@/demo/prng';
import type { TicketStats } from '@/demo/plant-report';
import { TicketFactory, type TicketDraft } from '@/demo/ticket-factory';
import { splitDay } from '@/demo/timeline';
import type { World } from '@/demo/world';

export interface DayProgress {
  day: number;
  days: number;
  tickets: number;
}

export interface TicketSinks {
  tickets: CsvWriter;
  comments: CsvWriter;
  truth: CsvWriter | null;
}

/** Tickets between two waits for the disk, so a huge outage day cannot queue up in memory. */
const DRAIN_EVERY = 2000;

/**
 * Generates and writes every day's tickets, comments and truth rows; returns what the plants
 * received. In the overloaded agent's no-days-off window, the first suitable ticket of each
 * day goes to them, so the planted streak holds even at small ticket counts.
 */
export async function writeTicketDays(
  world: World,
  sinks: TicketSinks,
  onProgress: ((progress: DayProgress) => void) | undefined,
): Promise<TicketStats> {
  const { tickets, comments, truth } = sinks;
  const { timeline, population, dispatcher } = world;
  const { plants, topics } = timeline;
  const factory = new TicketFactory(world);
  const rng = Rng.derive(world.seed, 'tickets');
  const T = topics.length;
  const episodeDays = new Set<number>();
  for (const e of plants.intermittent.episodes) for (let k = 0; k < e.days; k++) episodeDays.add(e.startDay + k);
  const stats: TicketStats = {
    perTopic: new Int32Array(T),
    newProblemFirstMs: null,
    newProblemOnNewVersion: 0,
    perDayTopic: new Map(),
    outageTickets: 0,
    outageDayTickets: 0,
  };
  const overloaded = dispatcher.overloaded;
  const tier1Topics = new Set(topics.map((t, i) => ((t.routing.tier1 ?? 0) > 0 && i !== timeline.noiseTopic && i !== plants.niche ? i : -1)));
  let ticketId = 1;
  let commentId = 1;

  for (let d = 0; d < timeline.days; d++) {
    const dayIndex = timeline.firstDay + d;
    const arrivals = timeline.arrivals[d];
    const counts = splitDay(timeline, rng, d);
    const drafts: TicketDraft[] = [];
    const customerIn = (zone: number) => {
      const z = population.byZone[zone];
      const org = z.orgs[z.table.draw(rng)];
      const o = population.orgs[org];
      return { org, requester: o.firstRequester + o.requesterTable.draw(rng) };
    };
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < counts[t]; k++) {
        const { zone, utcMs } = arrivals.sample(rng);
        drafts.push({ createdMs: utcMs, topic: t, ...customerIn(zone), outage: false, toOverloaded: false });
      }
    }
    for (let k = 0; k < counts[T]; k++) {
      // Most outage tickets arrive while it lasts, the rest in the hours after.
      const { startMs, endMs } = plants.outage;
      const at = rng.chance(0.85) ? rng.range(startMs, endMs) : rng.range(endMs, endMs + 3 * 3_600_000);
      const createdMs = Math.min((dayIndex + 1) * DAY_MS - 1000, Math.floor(at / 1000) * 1000);
      const zone = arrivals.sample(rng).zone;
      drafts.push({ createdMs, topic: plants.outage.topic, ...customerIn(zone), outage: true, toOverloaded: false });
    }
    drafts.sort((a, b) => a.createdMs - b.createdMs);
    if (dayIndex * DAY_MS >= overloaded.noDaysOffFromMs) {
      const early = drafts.find((x) => !x.outage && tier1Topics.has(x.topic) && overloaded.clock.minuteOfDay(x.createdMs) >= 360 && overloaded.clock.localDay(x.createdMs) === dayIndex);
      if (early) early.toOverloaded = true;
    }

    const dayTopic = episodeDays.has(dayIndex) ? new Int32Array(T) : null;
    let sinceDrain = 0;
    for (const draft of drafts) {
      // A demo ending today is exported now: no ticket is dated after the current time.
      if (draft.createdMs > timeline.exportMs) break;
      if (++sinceDrain === DRAIN_EVERY) {
        sinceDrain = 0;
        await Promise.all([tickets.drain(), comments.drain(), truth?.drain()]);
      }
      const built = factory.build(rng, draft, ticketId, commentId);
      tickets.write(built.row);
      for (const c of built.comments) comments.write(c);
      truth?.write([String(ticketId), topics[draft.topic].key]);
      ticketId++;
      commentId += built.comments.length;
      stats.perTopic[draft.topic]++;
      if (dayTopic) dayTopic[draft.topic]++;
      if (draft.outage) stats.outageTickets++;
      if (draft.topic === plants.newProblem.topic) {
        if (stats.newProblemFirstMs === null) stats.newProblemFirstMs = draft.createdMs;
        if (built.versionIndex >= plants.newProblem.release) stats.newProblemOnNewVersion++;
      }
    }
    if (dayIndex === plants.outage.dayIndex) stats.outageDayTickets = drafts.length;
    if (dayTopic) stats.perDayTopic.set(dayIndex, dayTopic);
    await Promise.all([tickets.drain(), comments.drain(), truth?.drain()]);
    onProgress?.({ day: d + 1, days: timeline.days, tickets: ticketId - 1 });
  }
  return stats;
}
