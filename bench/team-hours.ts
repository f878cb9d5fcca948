/**
 * Team load on real tracker data, read as a manager would read it.
 *
 * 1. Inferring working hours: the Alloy Jira export (/work/shared/data/alloy-jira, Appcelerator's
 *    public Jira, 2012–2021) stores each user's own `timeZone`. The zones are hidden, each person's
 *    hours and zone are inferred from their own activity over the whole export exactly as the
 *    analysis does it, and the inferred UTC offset is compared with the declared zone's offset
 *    (its median over the person's own actions, so summer and winter time count as they were
 *    lived): the share inferred within ±1 h is reported. Jira's default zone for new users on that
 *    server was probably America/Los_Angeles, so the share is also given without people who
 *    declare it.
 * 2. The team section the analysis produces for Alloy with the declared zones used (as the issue
 *    asks), at the date `analyze` would use (the newest ticket) and at the end of the busiest
 *    28 days of the export: hours sources, bulk bursts collapsed, export shape, team findings,
 *    and everyone's rating with the reasons.
 * 3. The Hadoop Jira export (/work/shared/data/hadoop-jira-bugs), which names no people at all.
 *
 * Tickets and comments go through the app's own Jira converters (ingest/sources/jira-json.ts
 * for the REST JSON, ingest/sources for the CSV) and are handed to lib/analysis/team as the team
 * stage would hand them; nothing touches a database. Each section says when its files are absent.
 *
 *   npx tsx bench/team-hours.ts [--as-of YYYY-MM-DD]   (writes bench/results/team-hours-<date>.json)
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { convertJiraIssue } from '@/ingest/sources/jira-json';
import { parseFile } from '@/ingest/sources';
import type { EventRecord, TicketRecord } from '@/ingest/sources/types';
import {
  computeTeamLoad,
  computeTeamLoadDetails,
  type DeclaredTimeZone,
  type TeamEvent,
  type TeamLoadDetails,
  type TeamTicket,
} from '@/lib/analysis/team';
import { DAY_MS, dayIndexToIso, localDayIndex, WEEKDAY_NAMES, zoneOffsetMs } from '@/lib/time';

const ALLOY = '/work/shared/data/alloy-jira/ALOY';
const HADOOP = '/work/shared/data/hadoop-jira-bugs/hadoop_bugs.csv';
const HERE = dirname(fileURLToPath(import.meta.url));
const HOUR_MS = 3_600_000;

interface Export {
  tickets: TeamTicket[];
  events: TeamEvent[];
  /** Display name → the zone Jira stores for that user. */
  declared: Map<string, string>;
  files: number;
  comments: number;
  rejected: number;
}

/** Jira's user object → the name the converter uses (display name first) and its zone. */
function declaredZone(user: unknown): [string, string] | null {
  if (typeof user !== 'object' || user === null) return null;
  const u = user as Record<string, unknown>;
  const name = typeof u.displayName === 'string' ? u.displayName.trim() : typeof u.name === 'string' ? u.name.trim() : '';
  return name && typeof u.timeZone === 'string' ? [name, u.timeZone] : null;
}

/** A digest of a comment's text, as the team stage would pass it (never the text itself). */
function fingerprint(body: string): string {
  return createHash('sha1').update(body.replace(/\s+/g, ' ').trim().toLowerCase()).digest('hex').slice(0, 16);
}

function toTeamTicket(r: TicketRecord): TeamTicket {
  return {
    id: r.externalId,
    createdAt: r.createdAt.getTime(),
    resolvedAt: r.resolvedAt?.getTime() ?? null,
    firstResponseAt: r.firstResponseAt?.getTime() ?? null,
    assignee: r.assignee,
    requester: r.requester,
    priority: r.priority,
    escalated: r.escalated,
    reopened: r.reopened,
    statusCategory: r.statusCategory,
    topicId: null,
    customerText: `${r.subject}\n${r.description}`,
    channel: r.channel,
  };
}

function toTeamEvent(e: EventRecord): TeamEvent {
  return {
    ticketId: e.ticketExternalId,
    at: e.createdAt.getTime(),
    author: e.author,
    role: e.authorRole,
    body: e.authorRole === 'customer' ? e.body : undefined,
    fingerprint: e.authorRole === 'agent' && e.body ? fingerprint(e.body) : null,
  };
}

function readAlloy(): Export | null {
  if (!existsSync(ALLOY)) return null;
  const files = readdirSync(ALLOY, { recursive: true, encoding: 'utf8' }).filter((f) => /ALOY-\d+\.json$/.test(f)).sort();
  const out: Export = { tickets: [], events: [], declared: new Map(), files: files.length, comments: 0, rejected: 0 };
  files.forEach((file, i) => {
    const value = JSON.parse(readFileSync(join(ALLOY, file), 'utf8')) as { fields?: Record<string, unknown> };
    const f = value.fields ?? {};
    const comments = ((f.comment as { comments?: { author?: unknown }[] } | undefined)?.comments ?? []);
    for (const user of [f.reporter, f.assignee, f.creator, ...comments.map((c) => c.author)]) {
      const zone = declaredZone(user);
      if (zone) out.declared.set(zone[0], zone[1]);
    }
    const converted = convertJiraIssue({ value, line: i + 1 }, 'UTC');
    if (!('ticket' in converted)) {
      out.rejected++;
      return;
    }
    out.tickets.push(toTeamTicket(converted.ticket));
    for (const e of converted.events) out.events.push(toTeamEvent(e));
    out.comments += converted.events.length;
  });
  out.events.sort((a, b) => a.at - b.at);
  return out;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface AccuracyRow {
  name: string;
  declared: string;
  declaredOffsetHours: number;
  inferredOffsetHours: number;
  activeDays: number;
}

/** Inferred minus declared offset on the clock face (−12…+12 h: UTC+13 and UTC−11 show the same hour). */
function offsetError(r: AccuracyRow): number {
  const d = r.inferredOffsetHours - r.declaredOffsetHours;
  return ((((d + 12) % 24) + 24) % 24) - 12;
}

/** Hide the declared zones, infer from each person's whole history, compare offsets. */
function measureInference(data: Export, asOf: number) {
  const first = Math.min(...data.tickets.map((t) => t.createdAt));
  const lookback = Math.ceil((asOf - first) / DAY_MS) + 1;
  const details = computeTeamLoadDetails({
    tickets: data.tickets,
    events: data.events,
    asOf,
    defaultTimeZone: 'UTC',
    options: { inferenceLookbackDays: lookback },
  });
  // The instants each person acted at (their agent comments, else their assigned tickets' resolutions).
  const instants = new Map<string, number[]>();
  const add = (name: string, at: number) => {
    const list = instants.get(name);
    if (list) list.push(at);
    else instants.set(name, [at]);
  };
  for (const e of data.events) if (e.role === 'agent' && e.author) add(e.author.trim(), e.at);
  for (const t of data.tickets) if (t.assignee && t.resolvedAt !== null && !instants.has(t.assignee.trim())) add(t.assignee.trim(), t.resolvedAt);

  const rows: AccuracyRow[] = [];
  let tooLittle = 0;
  let undeclared = 0;
  for (const p of details.people) {
    const declared = data.declared.get(p.name);
    if (!declared) {
      undeclared++;
      continue;
    }
    if (p.utcOffsetMinutes === null) {
      tooLittle++;
      continue;
    }
    const offsets = (instants.get(p.name) ?? []).map((at) => zoneOffsetMs(at, declared) / HOUR_MS);
    rows.push({
      name: p.name,
      declared,
      declaredOffsetHours: median(offsets),
      inferredOffsetHours: p.utcOffsetMinutes / 60,
      activeDays: p.evidence?.activeDays ?? 0,
    });
  }
  const within = (rs: AccuracyRow[], h: number) => rs.filter((r) => Math.abs(offsetError(r)) <= h).length;
  const summary = (rs: AccuracyRow[]) => ({
    people: rs.length,
    within1h: within(rs, 1),
    share1h: rs.length === 0 ? null : Number((within(rs, 1) / rs.length).toFixed(3)),
    within2h: within(rs, 2),
    share2h: rs.length === 0 ? null : Number((within(rs, 2) / rs.length).toFixed(3)),
    medianAbsErrorHours: median(rs.map((r) => Math.abs(offsetError(r)))),
  });
  const la = (r: AccuracyRow) => r.declared === 'America/Los_Angeles';
  const byHistory = {
    '8-19 active days': summary(rows.filter((r) => r.activeDays < 20)),
    '20-49 active days': summary(rows.filter((r) => r.activeDays >= 20 && r.activeDays < 50)),
    '50+ active days': summary(rows.filter((r) => r.activeDays >= 50)),
  };
  const bursts = details.people
    .flatMap((p) => p.bursts.map((b) => ({ name: p.name, ...b })))
    .sort((a, b) => b.actions - a.actions);
  return {
    bursts,
    byHistory,
    lookbackDays: lookback,
    people: details.people.length,
    undeclared,
    tooLittleHistory: tooLittle,
    all: summary(rows),
    withoutLosAngeles: summary(rows.filter((r) => !la(r))),
    losAngelesOnly: summary(rows.filter(la)),
    rows,
  };
}

/** End of the 28 days with the most agent comments (a window with people in it). */
function busiestWindowEnd(events: readonly TeamEvent[]): number {
  const perDay = new Map<number, number>();
  for (const e of events) if (e.role === 'agent') perDay.set(Math.floor(e.at / DAY_MS), (perDay.get(Math.floor(e.at / DAY_MS)) ?? 0) + 1);
  const days = [...perDay.keys()].sort((a, b) => a - b);
  let best = { end: days[days.length - 1], count: -1 };
  for (const end of days) {
    let count = 0;
    for (let d = end - 27; d <= end; d++) count += perDay.get(d) ?? 0;
    if (count > best.count) best = { end, count };
  }
  return (best.end + 1) * DAY_MS - 1;
}

function hourOfWeekLabel(cell: number): string {
  const day = WEEKDAY_NAMES[(Math.floor(cell / 24) + 1) % 7].slice(0, 3);
  return `${day} ${String(cell % 24).padStart(2, '0')}h`;
}

function printSection(label: string, details: TeamLoadDetails): void {
  const r = details.report;
  console.log(`\n### ${label}: window of ${r.windowDays} days ending ${r.asOf}\n`);
  console.log(`state: ${r.state}; working_hours_source: ${r.workingHoursSource ?? '—'}`);
  const s = r.exportShape;
  console.log(
    `export_shape: ${s.kind} (team signals ${s.teamSignals}): ${s.requestedByTeam} of ${s.ticketsWithRequester} tickets reported by the team, ` +
      `${s.ticketsWithChannel} with a channel, ${s.customerMessages} messages from outside the team vs ${s.teamMessages} by the team`,
  );
  console.log('warnings:');
  for (const w of r.warnings) console.log(`  - ${w}`);
  for (const t of r.teams) {
    console.log(
      `team ${t.team}: ${t.size} people (${t.brokenDown ? 'broken down' : 'too few to break down'}), ${t.tickets} tickets, ${t.actions} actions; ` +
        `hours ${t.workingHoursSource} (${t.workingHoursPeople.agentsFile} file / ${t.workingHoursPeople.inferred} inferred / ${t.workingHoursPeople.default} assumed)`,
    );
    const change = t.afterHoursChange;
    console.log(
      `  after hours ${pct(t.afterHoursShare)}` +
        (change ? ` (previous window ${pct(change.previousShare)} of ${change.previousActions}, ${change.direction}, Fisher p = ${change.pValue})` : ' (previous window too quiet to compare)') +
        `; weekend ${pct(t.weekendShare)}; sleep-hour person-nights ${t.sleepHourNights}; longest streak ${t.longestStreak} (median ${t.longestStreakMedian}); ` +
        `bulk: ${t.bulkActions} actions in ${t.bulkBursts} bursts`,
    );
    const top = t.hourOfWeek.map((n, cell) => ({ n, cell })).filter((c) => c.n > 0).sort((a, b) => b.n - a.n).slice(0, 6);
    console.log(`  busiest hours of the week (own local time): ${top.map((c) => `${hourOfWeekLabel(c.cell)} ${c.n}`).join(', ') || '—'}`);
    const weeks = t.weekly.filter((w) => w.firstResponses > 0 || w.resolutions > 0);
    console.log(
      `  weekly medians (first response h / resolution h): ${weeks.map((w) => `${w.weekStart} ${w.firstResponseHoursMedian ?? '—'} (${w.firstResponses}) / ${w.resolutionHoursMedian ?? '—'} (${w.resolutions})`).join('; ') || '—'}`,
    );
  }
  console.log(`team findings: ${r.teamFindings.length === 0 ? 'none' : ''}`);
  for (const f of r.teamFindings) console.log(`  - ${f.sentence} ${f.suggestion}`);
  const byRisk = { high: 0, elevated: 0, low: 0 };
  for (const a of r.agents) byRisk[a.risk]++;
  console.log(`individual rows: ${r.agents.length} (high ${byRisk.high}, elevated ${byRisk.elevated}, low ${byRisk.low})`);
  // The score is kept uncapped: what the same people would have been rated in a support desk.
  const held = r.agents.filter((a) => a.riskNote?.includes('Held at low'));
  const wouldBe = (min: number, max: number) => held.filter((a) => a.score >= min && a.score <= max).length;
  console.log(`  held at low by the issue-tracker rule: ${held.length} (their scores would read ${wouldBe(4, 99)} high, ${wouldBe(2, 3)} elevated)`);
  for (const a of r.agents) {
    const h = a.workingHours;
    console.log(
      `  - ${a.agent}: ${a.risk} (score ${a.score}); ${a.tickets} tickets, ${a.actionsPerDay} actions/active day, after hours ${pct(a.afterHoursShare)}, ` +
        `streak ${a.maxConsecutiveDays}, sleep nights ${a.sleepHourDays}; hours ${h.start}–${h.end} ${h.timeZone} (${h.source}, zone ${h.zoneSource}); bulk bursts ${a.bulkBursts}`,
    );
    if (a.reasons.length > 0) console.log(`      reasons: ${a.reasons.join('; ')}`);
    if (a.riskNote) console.log(`      note: ${a.riskNote}`);
  }
  console.log('reading — whose hours, from what:');
  const windowStart = Date.parse(r.asOf) - r.windowDays * DAY_MS;
  for (const p of details.people.filter((x) => x.inWindow)) {
    const ev = p.evidence;
    const days = p.workDays.map((d) => WEEKDAY_NAMES[d].slice(0, 3)).join(',');
    console.log(
      `  - ${p.name}: ${p.hoursSource} ${p.start}–${p.end} ${p.timeZone} (zone: ${p.zoneSource}) ${days}` +
        (ev ? `; ${ev.activeDays} active days over ${ev.spanDays}, ${ev.halfHours} half-hours` : '') +
        (p.coverage !== null ? `, ${pct(p.coverage)} of them inside` : ''),
    );
  }
  console.log('reading — bulk actions collapsed in the window:');
  let any = false;
  for (const p of details.people) {
    for (const b of p.bursts.filter((x) => x.start >= windowStart && x.start <= Date.parse(r.asOf))) {
      any = true;
      console.log(`  - ${p.name}: ${b.actions} ${b.kind.replace('_', ' ')} on ${b.tickets} tickets, ${iso(b.start)}–${iso(b.end).slice(11)} UTC → 1 action`);
    }
  }
  if (!any) console.log('  - none');
}

async function hadoopSection() {
  if (!existsSync(HADOOP)) {
    console.log(`\n## Hadoop: skipped — ${HADOOP} is not present on this machine.`);
    return null;
  }
  const tickets: TeamTicket[] = [];
  for await (const item of parseFile('jira-csv', createReadStream(HADOOP), { fileName: 'hadoop_bugs.csv', timeZone: 'UTC' })) {
    if (item.kind === 'ticket') tickets.push(toTeamTicket(item.record));
  }
  const asOf = Math.max(...tickets.map((t) => t.createdAt));
  const report = computeTeamLoad({ tickets, asOf, defaultTimeZone: 'UTC' });
  console.log(`\n## Hadoop Jira export (${tickets.length} tickets, no assignee or reporter column)\n`);
  console.log(`state: ${report.state}; teams: ${report.teams.length}; individual rows: ${report.agents.length}; working_hours_source: ${report.workingHoursSource}`);
  for (const w of report.warnings) console.log(`  - ${w}`);
  return { tickets: tickets.length, state: report.state, teams: report.teams.length, warnings: report.warnings };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'as-of': { type: 'string' } } });
  const results: Record<string, unknown> = { date: new Date().toISOString() };
  const data = readAlloy();
  if (!data) {
    console.log(`## Alloy: skipped — ${ALLOY} is not present on this machine.`);
  } else {
    const newest = Math.max(...data.tickets.map((t) => t.createdAt));
    const agentComments = data.events.filter((e) => e.role === 'agent').length;
    console.log(
      `## Alloy Jira export: ${data.files} issue files, ${data.tickets.length} tickets, ${data.comments} comments ` +
        `(${agentComments} by people other than the reporter), ${data.declared.size} people with a declared zone ` +
        `in ${new Set(data.declared.values()).size} zones; newest ticket ${iso(newest)} UTC`,
    );

    const accuracy = measureInference(data, newest);
    const line = (label: string, s: ReturnType<typeof measureInference>['all']) =>
      console.log(
        `  ${label}: ${s.within1h} of ${s.people} within ±1 h (${s.share1h === null ? '—' : pct(s.share1h)}), ` +
          `${s.within2h} within ±2 h (${s.share2h === null ? '—' : pct(s.share2h)}), median error ${s.medianAbsErrorHours} h`,
      );
    console.log(`\n### Inferred zones against the declared ones (declared zones hidden, ${accuracy.lookbackDays} days of history)\n`);
    console.log(
      `  ${accuracy.people} people act as the team (comments on others' issues or assigned tickets); ` +
        `${accuracy.tooLittleHistory} with a declared zone have too little history (< 4 weeks or < 8 active days) and get the assumed default; ` +
        `${accuracy.undeclared} declare no zone.`,
    );
    line('everyone inferred', accuracy.all);
    line('declaring another zone than America/Los_Angeles (the server default)', accuracy.withoutLosAngeles);
    line('declaring America/Los_Angeles', accuracy.losAngelesOnly);
    for (const [label, s] of Object.entries(accuracy.byHistory)) line(label, s);
    const diffs = new Map<number, number>();
    for (const r of accuracy.rows) {
      const d = Math.round(offsetError(r));
      diffs.set(d, (diffs.get(d) ?? 0) + 1);
    }
    console.log(`  inferred − declared offset (h): ${[...diffs.entries()].sort((a, b) => a[0] - b[0]).map(([d, n]) => `${d > 0 ? '+' : ''}${d}: ${n}`).join(', ')}`);
    const worst = [...accuracy.rows].sort((a, b) => Math.abs(offsetError(b)) - Math.abs(offsetError(a)));
    console.log(`  largest misses: ${worst.slice(0, 8).map((r) => `${r.name} (${r.declared} ${r.declaredOffsetHours} h, inferred ${r.inferredOffsetHours} h, ${r.activeDays} days)`).join('; ')}`);
    results.alloyInference = { ...accuracy, rows: undefined, bursts: undefined };
    console.log(`\n### Bulk bursts in the whole export (each counted as one action)\n`);
    for (const b of accuracy.bursts) {
      console.log(`  - ${b.name}: ${b.actions} ${b.kind.replace('_', ' ')} on ${b.tickets} tickets, ${iso(b.start)}–${iso(b.end).slice(11)} UTC`);
    }
    if (accuracy.bursts.length === 0) console.log('  - none');
    results.alloyBursts = accuracy.bursts.map(({ name: _name, ...b }) => ({ ...b, start: new Date(b.start).toISOString(), end: new Date(b.end).toISOString() }));

    const declaredTimeZones: DeclaredTimeZone[] = [...data.declared].map(([name, timeZone]) => ({ name, timeZone }));
    const sections: Record<string, unknown> = {};
    const asOfs: [string, number][] = values['as-of']
      ? [[`as of ${values['as-of']}`, Date.parse(`${values['as-of']}T23:59:59Z`)]]
      : [
          ['as `analyze` would run it (newest ticket)', newest],
          ['the busiest 28 days of the export', busiestWindowEnd(data.events)],
          ...(accuracy.bursts.length > 0
            ? [['28 days ending the day of the largest bulk burst', (Math.floor(accuracy.bursts[0].start / DAY_MS) + 1) * DAY_MS - 1] as [string, number]]
            : []),
        ];
    console.log('\n## The team section for Alloy (declared zones used where the export has them; no agents file)');
    for (const [label, asOf] of asOfs) {
      const details = computeTeamLoadDetails({ tickets: data.tickets, events: data.events, declaredTimeZones, asOf, defaultTimeZone: 'UTC' });
      printSection(label, details);
      const r = details.report;
      sections[dayIndexToIso(localDayIndex(asOf))] = {
        state: r.state,
        working_hours_source: r.workingHoursSource,
        export_shape: r.exportShape,
        warnings: r.warnings,
        team_findings: r.teamFindings,
        teams: r.teams.map(({ weekly, hourOfWeek: hour_of_week, ...t }) => ({ ...t, weeks_with_data: weekly.filter((w) => w.firstResponses + w.resolutions > 0).length })),
        // Counts only: the results file is committed, and ratings next to real names do not belong in it.
        risk: {
          high: r.agents.filter((a) => a.risk === 'high').length,
          elevated: r.agents.filter((a) => a.risk === 'elevated').length,
          low: r.agents.filter((a) => a.risk === 'low').length,
          heldAtLowByTrackerRule: r.agents.filter((a) => a.riskNote?.includes('Held at low')).length,
          hoursSources: r.agents.map((a) => a.workingHours.source).sort(),
        },
        bulk_bursts: r.bulkBursts,
        bulk_actions: r.bulkActions,
      };
    }
    results.alloyTeam = sections;
  }
  results.hadoop = await hadoopSection();

  const dir = join(HERE, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `team-hours-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten ${file}`);
}

await main();
