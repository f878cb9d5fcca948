import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { parseAgentsCsv } from '@/lib/analysis/team/agents-config';
import { AGENT_PSEUDONYM_PREFIX } from '@/lib/redact';
import { redactName } from './redact-record';
import { redactionSettings } from './redaction';

/** An agents file starts with a header naming at least the agent and one of team / time zone. */
export function looksLikeAgentsFile(head: string): boolean {
  const header = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].toLowerCase();
  const columns = header.split(',').map((c) => c.trim().replace(/[\s_-]/g, ''));
  return columns[0] === 'name' && (columns.includes('timezone') || columns.includes('team')) && !columns.includes('subject');
}

/**
 * Stores each agent's team, time zone and working hours; agents are matched by name — a name
 * holding personal data (an e-mail address) becomes the same pseudonym the tickets' assignees got.
 */
export async function ingestAgentsFile(db: Db, file: string): Promise<number> {
  const agents = parseAgentsCsv(await readFile(file, 'utf8'), path.basename(file));
  const { kinds, secret } = await redactionSettings(db);
  const payload = JSON.stringify(
    agents.map((a) => ({
      name: redactName(a.name, AGENT_PSEUDONYM_PREFIX, { kinds, pseudonymSecret: secret }),
      team: a.team,
      time_zone: a.timeZone,
      work_start: a.workStart,
      work_end: a.workEnd,
      work_days: a.workDays,
    })),
  );
  await db.execute(sql`
    insert into agents (name, team, time_zone, work_start, work_end, work_days)
    select x.name, x.team, x.time_zone, x.work_start, x.work_end, x.work_days
    from json_to_recordset(${payload}::json) as x(name text, team text, time_zone text,
      work_start text, work_end text, work_days integer[])
    on conflict (name) do update set team = excluded.team, time_zone = excluded.time_zone,
      work_start = excluded.work_start, work_end = excluded.work_end, work_days = excluded.work_days`);
  return agents.length;
}
