/**
 * Who picks a ticket up and when they answer. Tickets go to an agent of the routed team who
 * is on shift (weighted by capacity) or, when nobody is, to whoever starts first; a few land
 * elsewhere, as they do in real desks. Reply delays are log-normal around tens of minutes.
 *
 * The overloaded agent breaks the pattern on purpose: a larger share of tickets, replies late
 * in the evening and, in the last weeks, on every day of the week.
 */
import type { Agent } from '@/demo/agents';
import type { Rng } from '@/demo/prng';
import type { TeamKey } from '@/demo/topics';

const MINUTE_MS = 60_000;
/** Chance that a ticket ignores shifts (a colleague covering, a manual reassignment). */
const OFF_PATTERN_ASSIGNMENT = 0.06;
/** Chance that a regular agent answers outside their hours (a quick reply from the phone). */
const AFTER_HOURS_REPLY = 0.05;

export class Dispatcher {
  private readonly byTeam = new Map<TeamKey, Agent[]>();

  constructor(
    readonly roster: readonly Agent[],
    readonly overloaded: Agent,
    readonly nicheOwner: Agent,
  ) {
    for (const agent of roster) {
      const list = this.byTeam.get(agent.spec.team) ?? [];
      list.push(agent);
      this.byTeam.set(agent.spec.team, list);
    }
  }

  teamMembers(team: TeamKey): readonly Agent[] {
    return this.byTeam.get(team) ?? [];
  }

  chooseAgent(rng: Rng, team: TeamKey, atMs: number): Agent {
    const members = this.teamMembers(team);
    if (rng.chance(OFF_PATTERN_ASSIGNMENT)) return pickByCapacity(rng, members);
    const onShift = members.filter((a) => a.isOnShift(atMs));
    if (onShift.length > 0) return pickByCapacity(rng, onShift);
    // Nobody on shift: the overloaded agent often grabs it in the evening…
    if (members.includes(this.overloaded) && this.isEvening(this.overloaded, atMs) && rng.chance(0.5)) return this.overloaded;
    // …otherwise it waits in the queue, which whoever starts within the first two hours clears.
    const starts = members.map((agent) => agent.nextShiftStart(atMs));
    const earliest = Math.min(...starts);
    return pickByCapacity(rng, members.filter((_, i) => starts[i] <= earliest + 2 * 60 * MINUTE_MS));
  }

  /**
   * When `agent` answers something that arrived at `atMs`. `speed` < 1 answers faster
   * (urgent tickets), > 1 slower.
   */
  replyAt(rng: Rng, agent: Agent, atMs: number, speed = 1): number {
    const delay = Math.max(2 * MINUTE_MS, rng.logNormal(40 * MINUTE_MS * speed, 0.9));
    if (agent === this.overloaded) return this.overloadedReplyAt(rng, agent, atMs, delay);
    if (agent.isOnShift(atMs) || (agent.isWorkDay(atMs) && rng.chance(AFTER_HOURS_REPLY))) return atMs + delay;
    return agent.nextShiftStart(atMs) + Math.max(5 * MINUTE_MS, rng.logNormal(35 * MINUTE_MS * speed, 0.8));
  }

  private overloadedReplyAt(rng: Rng, agent: Agent, atMs: number, delay: number): number {
    if (this.isEvening(agent, atMs) && rng.chance(0.8)) return atMs + delay;
    if (agent.isOnShift(atMs)) {
      // Swamped during the day: a good part of the answers go out after dinner.
      if (rng.chance(0.3)) {
        const evening = agent.eveningOf(atMs, 20 * 60, 24 * 60 + 30, rng.next());
        if (evening > atMs) return evening;
      }
      return atMs + delay * 1.5;
    }
    return agent.nextShiftStart(atMs) + Math.max(5 * MINUTE_MS, rng.logNormal(40 * MINUTE_MS, 0.8));
  }

  /** 18:00–00:30 local. */
  private isEvening(agent: Agent, atMs: number): boolean {
    const minute = agent.clock.minuteOfDay(atMs);
    return minute >= 18 * 60 || minute < 30;
  }
}

function pickByCapacity(rng: Rng, agents: readonly Agent[]): Agent {
  let total = 0;
  for (const a of agents) total += a.spec.capacity;
  let target = rng.next() * total;
  for (const a of agents) {
    target -= a.spec.capacity;
    if (target < 0) return a;
  }
  return agents[agents.length - 1];
}
