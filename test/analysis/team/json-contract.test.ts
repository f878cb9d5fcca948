import { describe, expect, it } from 'vitest';
import { computeTeamLoad, teamLoadFromJson, teamLoadToJson, type TeamTicket } from '@/lib/analysis/team';
import { teamLoadReportSchema } from '@/lib/analysis/team/schema';

const AS_OF = Date.UTC(2026, 2, 27, 18);
const DAY = 86_400_000;

function ticket(i: number, assignee: string): TeamTicket {
  const createdAt = AS_OF - (i % 20) * DAY - 3_600_000;
  return {
    id: `T-${i}`,
    createdAt,
    resolvedAt: createdAt + 7_200_000,
    assignee,
    requester: `customer-${i}`,
    priority: 'normal',
    escalated: false,
    reopened: false,
    statusCategory: 'solved',
    topicId: null,
    customerText: 'the export fails',
  };
}

const report = computeTeamLoad({
  tickets: Array.from({ length: 60 }, (_, i) => ticket(i, ['Ana', 'Bo', 'Cy', 'Di', 'Ed', 'Fay'][i % 6])),
  asOf: AS_OF,
  defaultTimeZone: 'UTC',
});

describe('the team-load JSON contract', () => {
  it('spells every field in snake_case, except the keys it has always spelt in camelCase', () => {
    const json = teamLoadToJson(report);
    // The strict schema fails on any key it does not know, so a camelCase key would fail here.
    expect(() => teamLoadReportSchema.parse(json)).not.toThrow();
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['asOf', 'windowDays', 'load_gini', 'single_owner_topics', 'export_shape']));
    const team = (json.teams as Record<string, unknown>[])[0];
    expect(team).toHaveProperty('brokenDown');
    expect(team.working_hours_people).toEqual({ agents_file: 0, inferred: 0, default: 6 });
    const agent = (json.agents as Record<string, unknown>[])[0];
    expect(Object.keys(agent.working_hours as object)).toEqual(['source', 'zone_source', 'time_zone', 'start', 'end', 'work_days']);
  });

  it('reads back what it wrote, with the keys in the same order', () => {
    const back = teamLoadFromJson(JSON.parse(JSON.stringify(teamLoadToJson(report))));
    expect(back).toEqual(report);
    expect(JSON.stringify(back)).toBe(JSON.stringify(report));
  });

  it('leaves values alone: names and sources with underscores stay as they are', () => {
    const json = teamLoadToJson({ agents: [{ agent: 'dana_smith', riskNote: null, workingHours: { source: 'agents_file' } }] });
    expect(json).toEqual({ agents: [{ agent: 'dana_smith', risk_note: null, working_hours: { source: 'agents_file' } }] });
  });
});
