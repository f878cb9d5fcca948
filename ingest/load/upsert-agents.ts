import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hostname } from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { ingestRuns } from '@/db/schema';
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
 * Like every file loaded, it is an ingest run (kind `agents`: agents read, added, updated; or the
 * error), so the Imports page lists it. `fileName`: the name to record (an upload's original name).
 */
export async function ingestAgentsFile(db: Db, file: string, fileName = path.basename(file)): Promise<number> {
  const started = Date.now();
  const [run] = await db
    .insert(ingestRuns)
    .values({ file: fileName, kind: 'agents', status: 'running', pid: process.pid, host: hostname() })
    .returning({ id: ingestRuns.id });
  try {
    const { read, inserted } = await upsertAgents(db, file, fileName);
    await db
      .update(ingestRuns)
      .set({ status: 'succeeded', finishedAt: new Date(), durationMs: Date.now() - started, rowsRead: read, inserted, updated: read - inserted })
      .where(eq(ingestRuns.id, run.id));
    return read;
  } catch (error) {
    await db
      .update(ingestRuns)
      .set({ status: 'failed', finishedAt: new Date(), durationMs: Date.now() - started, error: error instanceof Error ? error.message : String(error) })
      .where(eq(ingestRuns.id, run.id));
    throw error;
  }
}

async function upsertAgents(db: Db, file: string, fileName: string): Promise<{ read: number; inserted: number }> {
  const agents = parseAgentsCsv(await readFile(file, 'utf8'), fileName);
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
  // xmax = 0 marks a row this statement inserted (an updated row carries the updating transaction).
  const rows = await queryRows<{ inserted: boolean }>(
    db,
    sql`
    insert into agents (name, team, time_zone, work_start, work_end, work_days)
    select x.name, x.team, x.time_zone, x.work_start, x.work_end, x.work_days
    from json_to_recordset(${payload}::json) as x(name text, team text, time_zone text,
      work_start text, work_end text, work_days integer[])
    on conflict (name) do update set team = excluded.team, time_zone = excluded.time_zone,
      work_start = excluded.work_start, work_end = excluded.work_end, work_days = excluded.work_days
    returning (xmax = 0) as inserted`,
  );
  return { read: agents.length, inserted: rows.filter((r) => r.inserted).length };
}
