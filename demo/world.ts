/**
 * Everything fixed before the first ticket is written: customers, agents, releases, plants,
 * daily volumes and the compiled phrase book. Memory is bounded by the number of requesters
 * and days, not by the number of tickets.
 */
import { buildRoster, type Agent } from '@/demo/agents';
import { CUSTOMER_ZONES } from '@/demo/arrivals';
import { Dispatcher } from '@/demo/dispatch';
import { buildPopulation, ORGANIZATION_COUNT, type Population, requesterCountFor } from '@/demo/people';
import { Rng } from '@/demo/prng';
import { NO_DAYS_OFF_DAYS, planTimeline, type Timeline } from '@/demo/timeline';
import { TicketTexts } from '@/demo/ticket-text';
import { ZoneClock } from '@/demo/zones';
import { DAY_MS } from '@/lib/time';

export interface World {
  seed: number;
  timeline: Timeline;
  population: Population;
  roster: Agent[];
  dispatcher: Dispatcher;
  texts: TicketTexts;
}

/** `exportAtMs`: when the export is taken, if before the end of `lastDay` (nothing is created or happens after it). */
export function buildWorld(seed: number, firstDay: number, lastDay: number, tickets: number, exportAtMs?: number): World {
  const population = buildPopulation(Rng.derive(seed, 'people'), ORGANIZATION_COUNT, requesterCountFor(tickets));
  const zoneClocks = CUSTOMER_ZONES.map((z) => new ZoneClock(z.zone));
  const timeline = planTimeline({ seed, firstDay, lastDay, tickets, zoneClocks, zoneWeights: population.zoneWeights, exportAtMs });
  const roster = buildRoster();
  const byRole = (role: string) => {
    const agent = roster.find((a) => a.spec.role === role);
    if (!agent) throw new Error(`The roster has no ${role} agent`);
    return agent;
  };
  const overloaded = byRole('overloaded');
  overloaded.noDaysOffFromMs = (lastDay - NO_DAYS_OFF_DAYS + 1) * DAY_MS;
  const dispatcher = new Dispatcher(roster, overloaded, byRole('niche-owner'));
  return { seed, timeline, population, roster, dispatcher, texts: new TicketTexts(timeline.topics) };
}
