/**
 * The demo's planted overloaded agent, read from the generated files as an importer would (not
 * from the generator's internals), must come out high with reasons whether or not the agents
 * file is given: without it, everyone's hours are inferred from their own replies.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoResult } from '@/demo/generate';
import { computeTeamLoad, parseAgentsCsv, type TeamEvent, type TeamLoadReport, type TeamTicket } from '@/lib/analysis/team';
import { teamLoadToJson } from '@/lib/analysis/team';
import { teamLoadReportSchema } from '@/lib/analysis/team/schema';
import { tempDir } from '@/test/demo/demo-output';

type Row = Record<string, string>;
const rows = (path: string) => parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
const time = (text: string | undefined) => (text ? Date.parse(text) : null);

describe('the demo team', () => {
  const out = tempDir('demo-team-');
  let demo: DemoResult;
  let withFile: TeamLoadReport;
  let withoutFile: TeamLoadReport;

  beforeAll(async () => {
    demo = await generateDemo({ outDir: out.dir, tickets: 6_000, days: 180, seed: 7, end: '2025-06-30' });
    const tickets: TeamTicket[] = rows(demo.files.tickets).map((t) => ({
      id: t.id,
      createdAt: Date.parse(t.created_at),
      resolvedAt: time(t.resolved_at),
      firstResponseAt: time(t.first_response_at),
      assignee: t.assignee || null,
      requester: t.requester || null,
      priority: (t.priority || null) as TeamTicket['priority'],
      escalated: t.escalated === 'true',
      reopened: t.reopened === 'true',
      statusCategory: (['solved', 'closed'].includes(t.status) ? t.status : 'open') as TeamTicket['statusCategory'],
      topicId: null,
      customerText: `${t.subject}\n${t.description}`,
      channel: t.channel || null,
    }));
    const events: TeamEvent[] = rows(demo.files.comments).map((c) => ({
      ticketId: c.ticket_id,
      at: Date.parse(c.created_at),
      author: c.author || null,
      role: c.author_role === 'agent' ? 'agent' : 'customer',
      body: c.author_role === 'agent' ? undefined : c.body,
    }));
    const agents = parseAgentsCsv(readFileSync(demo.files.agents, 'utf8'), 'agents.csv');
    const asOf = Date.parse('2025-06-30T23:59:59Z');
    withFile = computeTeamLoad({ tickets, events, agents, asOf, defaultTimeZone: 'UTC' });
    // No agents file: no teams either, so everyone is one team.
    withoutFile = computeTeamLoad({ tickets, events, asOf, defaultTimeZone: 'UTC' });
  }, 120_000);
  afterAll(() => out.remove());

  it('is a support desk, and every figure fits the JSON contract', () => {
    for (const report of [withFile, withoutFile]) {
      expect(report.exportShape.kind).toBe('support_desk');
      expect(() => teamLoadReportSchema.parse(teamLoadToJson(report))).not.toThrow();
    }
    expect(withFile.workingHoursSource).toBe('agents_file');
    expect(withoutFile.workingHoursSource).toBe('inferred');
    expect(withoutFile.warnings.join(' ')).toMatch(/inferred from their own activity.*add an agents file/);
  });

  it('rates the planted overloaded agent high, with reasons, with and without the agents file', () => {
    const name = demo.plants.agents.overloaded;
    for (const report of [withFile, withoutFile]) {
      const row = report.agents.find((a) => a.agent === name);
      expect(row?.risk, JSON.stringify(row?.reasons)).toBe('high');
      expect(row?.reasons.some((r) => /team median of tickets per active day/.test(r))).toBe(true);
      expect(row?.reasons.some((r) => /consecutive active days/.test(r))).toBe(true);
      expect(row?.reasons.length).toBeGreaterThanOrEqual(2);
    }
    const inferred = withoutFile.agents.find((a) => a.agent === name);
    expect(inferred?.workingHours.source).toBe('inferred');
  });

  it('infers the other agents into their own day: nobody else is high without the agents file', () => {
    const name = demo.plants.agents.overloaded;
    for (const row of withoutFile.agents.filter((a) => a.agent !== name)) {
      expect(row.risk, `${row.agent}: ${row.reasons.join('; ')}`).not.toBe('high');
      expect(row.workingHours.source).toBe('inferred');
      // Nobody is "after hours" for working their own contracted shift in their own zone.
      expect(row.afterHoursShare, row.agent).toBeLessThan(0.1);
    }
  });
});
