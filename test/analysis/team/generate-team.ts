/**
 * Seeded generator of support teams for the team-load tests: each agent answers tickets on their
 * working days, in their own zone, with optional planted patterns (more load, evening work, a
 * run of consecutive days, hostile customers).
 */
import { topicIdFor } from '@/lib/topic-id';
import { DAY_MS, localDayIndex, wallTimeToUtc, weekdayOfDayIndex } from '@/lib/time';
import type { AgentConfig, TeamEvent, TeamTicket } from '@/lib/analysis/team';
import { seededRandom as mulberry32 } from '@/lib/analysis/random';

export { mulberry32 };

export const CALM_TEXTS = [
  'My card payment failed at checkout, please help me fix it.',
  'I cannot log in to my account since the update, could you check?',
  'How do I export my invoices as CSV?',
  'The sync with our calendar stopped working this morning.',
  'Is there a way to change the billing email address?',
  'The mobile app shows an error when I upload a photo.',
];

export const HOSTILE_TEXTS = [
  'This is ridiculous. Worst service ever, I hate this useless app.',
  'Third time asking! Your support is terrible and pathetic.',
  'What the hell is wrong with you people? Awful, just awful.',
];

export interface AgentSpec {
  name: string;
  team?: string;
  timeZone?: string;
  /** Tickets on a normal working day. */
  ticketsPerDay: number;
  workDays?: number[];
  /** Share of replies sent 19:00–21:30 local instead of within 09:00–18:00. */
  eveningShare?: number;
  /** Work every day (weekends included) for the last N days up to asOf. */
  streakDays?: number;
  /** Share of this agent's tickets whose customer wrote in a hostile tone. */
  hostileShare?: number;
}

export interface GeneratedTeam {
  tickets: TeamTicket[];
  events: TeamEvent[];
  agents: AgentConfig[];
}

/**
 * Generates `days` days of tickets ending on the local day of `asOf` (all replies before it).
 * Each ticket: created by the customer, two agent replies the same day, resolved at the second.
 */
export function generateTeam(specs: AgentSpec[], asOf: number, seed: number, days = 42): GeneratedTeam {
  const random = mulberry32(seed);
  const tickets: TeamTicket[] = [];
  const events: TeamEvent[] = [];
  const agents: AgentConfig[] = [];
  let next = 1;
  for (const spec of specs) {
    const zone = spec.timeZone ?? 'UTC';
    const workDays = spec.workDays ?? [1, 2, 3, 4, 5];
    agents.push({ name: spec.name, team: spec.team ?? 'Tier 1', timeZone: zone, workDays, workStart: '09:00', workEnd: '18:00' });
    const today = localDayIndex(asOf, zone);
    for (let day = today - days + 1; day <= today; day++) {
      const inStreak = spec.streakDays !== undefined && day > today - spec.streakDays;
      if (!inStreak && !workDays.includes(weekdayOfDayIndex(day))) continue;
      const date = new Date(day * DAY_MS);
      const at = (minuteOfDay: number) =>
        wallTimeToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), Math.floor(minuteOfDay / 60), minuteOfDay % 60, 0, zone);
      const replyMinute = () =>
        random() < (spec.eveningShare ?? 0) ? 19 * 60 + Math.floor(random() * 150) : 9 * 60 + 30 + Math.floor(random() * 480);
      for (let k = 0; k < spec.ticketsPerDay; k++) {
        const id = `T${next++}`;
        const replies = [replyMinute(), replyMinute()].sort((a, b) => a - b).map(at);
        if (replies[1] > asOf) continue;
        const hostile = random() < (spec.hostileShare ?? 0);
        const texts = hostile ? HOSTILE_TEXTS : CALM_TEXTS;
        tickets.push({
          id,
          createdAt: replies[0] - 20 * 60_000,
          resolvedAt: replies[1],
          assignee: spec.name,
          requester: `customer-${Math.floor(random() * 500)}`,
          priority: random() < 0.1 ? 'urgent' : 'normal',
          escalated: false,
          reopened: random() < 0.05,
          statusCategory: 'solved',
          topicId: topicIdFor(Math.floor(random() * 8)),
          customerText: texts[Math.floor(random() * texts.length)],
        });
        for (const reply of replies) events.push({ ticketId: id, at: reply, author: spec.name, role: 'agent' });
      }
    }
  }
  events.sort((a, b) => a.at - b.at);
  return { tickets, events, agents };
}
