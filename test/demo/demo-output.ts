/**
 * Reads a generated demo back (with csv-parse, as an importer would) and measures what the
 * analyses will look for. Shared by the demo tests; deliberately independent of the
 * generator's internals so the tests check the files, not the code that wrote them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DAY_MS, localParts } from '@/lib/time';

export type Row = Record<string, string>;

/** A fresh temporary directory and a function that removes it. */
export function tempDir(prefix = 'demo-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface DemoFiles {
  tickets: Row[];
  comments: Row[];
  releases: Row[];
  agents: Row[];
  truth: Map<string, string>;
}

export function readCsv(path: string): { header: string[]; rows: Row[] } {
  const text = readFileSync(path, 'utf8');
  const header = text.slice(0, text.indexOf('\n')).split(',');
  const rows = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: false }) as Row[];
  return { header, rows };
}

export function readDemo(dir: string): DemoFiles {
  const truthRows = readCsv(join(dir, 'truth.csv')).rows;
  return {
    tickets: readCsv(join(dir, 'tickets.csv')).rows,
    comments: readCsv(join(dir, 'comments.csv')).rows,
    releases: readCsv(join(dir, 'releases.csv')).rows,
    agents: readCsv(join(dir, 'agents.csv')).rows,
    truth: new Map(truthRows.map((r) => [r.id, r.topic])),
  };
}

export const dayOf = (iso: string) => Math.floor(Date.parse(iso) / DAY_MS);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Tickets per UTC day over [firstDay, lastDay], zero-filled. */
export function dailyCounts(tickets: Row[], firstDay: number, lastDay: number, keep: (t: Row) => boolean = () => true): number[] {
  const counts = new Array<number>(lastDay - firstDay + 1).fill(0);
  for (const t of tickets) if (keep(t)) counts[dayOf(t.created_at) - firstDay]++;
  return counts;
}

/** Runs of consecutive days that have tickets (gaps of one empty day end a run). */
export function episodesOf(days: number[]): { start: number; end: number }[] {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: { start: number; end: number }[] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && d - last.end <= 2) last.end = d;
    else runs.push({ start: d, end: d });
  }
  return runs;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function workDays(label: string): Set<number> {
  const [from, to] = label.split('-');
  const days = new Set<number>();
  for (let d = WEEKDAYS.indexOf(from); ; d = (d + 1) % 7) {
    days.add(d);
    if (d === WEEKDAYS.indexOf(to)) break;
  }
  return days;
}

export interface AgentActivity {
  name: string;
  assigned: number;
  replies: number;
  /** Share of the agent's comments written outside their agents.csv hours. */
  afterHoursShare: number;
  /** Longest run of consecutive local days with at least one comment, within the window. */
  longestStreak: number;
}

/** Per-agent load and working patterns, judged against the schedule in agents.csv. */
export function agentActivity(files: DemoFiles, streakFromDay: number, streakToDay: number): AgentActivity[] {
  return files.agents.map((agent) => {
    const zone = agent.timezone;
    const start = Number(agent.work_start.slice(0, 2)) * 60 + Number(agent.work_start.slice(3));
    const end = Number(agent.work_end.slice(0, 2)) * 60 + Number(agent.work_end.slice(3));
    const days = workDays(agent.work_days);
    let replies = 0;
    let afterHours = 0;
    const activeDays = new Set<number>();
    for (const c of files.comments) {
      if (c.author !== agent.name) continue;
      replies++;
      const local = localParts(Date.parse(c.created_at), zone);
      const minute = local.hour * 60 + local.minute;
      if (minute < start || minute >= end || !days.has(local.weekday)) afterHours++;
      activeDays.add(local.dayIndex);
    }
    let longest = 0;
    let run = 0;
    for (let d = streakFromDay; d <= streakToDay; d++) {
      run = activeDays.has(d) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return {
      name: agent.name,
      assigned: files.tickets.filter((t) => t.assignee === agent.name).length,
      replies,
      afterHoursShare: replies ? afterHours / replies : 0,
      longestStreak: longest,
    };
  });
}
