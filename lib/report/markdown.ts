/**
 * The planning report as Markdown for a meeting: readable on a screen, pasteable into a wiki or
 * chat. Every finding starts with a plain sentence for a planner and keeps its evidence (counts,
 * expected value, test) after it.
 */
import { trendMarker } from '@/lib/analysis/pain-points';
import { formatPValue } from '@/lib/analysis/stats/format';
import { teamLoadFromJson, type TeamLoadReport } from '@/lib/analysis/team';
// The pages' formatters: pct's toFixed(0) equals the Math.round the report used for shares (≥ 0).
import { n, pct, waitTime } from '@/lib/format';
import type { PlanningReport } from './schema';

type ReportTopic = PlanningReport['topics'][number];

/**
 * The trend column agrees with the stored trend test (issue 14): ▲/▼ only where the pain point's
 * rise or fall is significant, otherwise "steady" with the numbers, which alone prove nothing.
 */
function trendCell(t: ReportTopic): string {
  if (t.trend === null) return `steady (${n(t.last_28d)} vs ${n(t.prev_28d)}, not tested)`;
  const marker = trendMarker({ direction: t.trend.direction, rateRatio: t.trend.rate_ratio, recent: t.trend.recent, previous: t.trend.previous });
  return t.trend.direction === 'steady' ? marker : `${marker} (${n(t.trend.recent)} vs ${n(t.trend.previous)}, q ${formatPValue(t.trend.q_value)})`;
}

const EXPLANATION_LABEL = {
  incident: 'Incident',
  recurring_episode: 'Recurring episode',
  bulk_filing: 'Bulk filing',
  release: 'Release',
  unexplained: 'Unexplained',
} as const;
const THEME_CHANGE_LABEL = { regression: 'regression', improvement: 'improvement', new_topic: 'new' } as const;
const perDay = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)}/day`);

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderReportMarkdown(report: PlanningReport, options: { topTopics?: number; topThemes?: number } = {}): string {
  const lines: string[] = [];
  const top = options.topTopics ?? 15;
  lines.push(`# Support trends: ${report.range.from} to ${report.range.to}`, '');
  // An export without requesters (a tracker's CSV without reporters) has no customers to count:
  // "from 0 customers" would read as a fact about the customers, not about the export.
  const requestersKnown = report.totals.customers > 0 || report.totals.tickets === 0;
  const customers = (count: number) => (requestersKnown ? n(count) : '—');
  lines.push(
    `${n(report.totals.tickets)} tickets ${requestersKnown ? `from ${n(report.totals.customers)} customers` : '(the export names no requesters)'}, ` +
      `${n(report.totals.topics)} topics, ${n(report.totals.agents)} agents. Days in ${report.time_zone}.`,
    '',
  );

  lines.push(...renderThemes(report, customers, options.topThemes ?? 10));

  lines.push(...renderService(report.service));

  lines.push('## Top pain points', '');
  if (report.topics.length === 0) lines.push('No tickets in this period.', '');
  else {
    lines.push('| Topic | Tickets | Customers | Last 28 d | Previous 28 d | Trend |', '| --- | ---: | ---: | ---: | ---: | --- |');
    for (const t of report.topics.slice(0, top)) {
      lines.push(`| ${cell(t.label)} (${t.id}) | ${n(t.tickets)} | ${customers(t.customers)} | ${n(t.last_28d)} | ${n(t.prev_28d)} | ${cell(trendCell(t))} |`);
    }
    if (report.topics.length > top) lines.push('', `…and ${report.topics.length - top} more topics.`);
    lines.push('');
  }

  lines.push('## Releases', '');
  if (report.releases.length === 0) lines.push('No release in this period.', '');
  for (const r of report.releases) {
    const caveat = r.ambiguous ? ` — *ambiguous: within the after-window of ${r.ambiguous_with.join(', ')}*` : '';
    const product = r.product ? ` — ${r.product}` : '';
    lines.push(`### ${r.version} (${r.date})${product}${caveat}`, '');
    // Plain words first; the statistics after.
    if (r.sentence) lines.push(r.sentence, '');
    for (const t of r.new_topics) lines.push(`- **New topic** ${t.label} (${t.topic_id}): ${t.sentence} — ${t.evidence}`);
    for (const c of r.regressions) lines.push(`- **Regression** ${c.label} (${c.topic_id}): ${c.sentence} (${perDay(c.before_per_day)} → ${perDay(c.after_per_day)}) — ${c.evidence}`);
    for (const c of r.improvements) lines.push(`- **Improvement** ${c.label} (${c.topic_id}): ${c.sentence} (${perDay(c.before_per_day)} → ${perDay(c.after_per_day)}) — ${c.evidence}`);
    for (const c of r.coinciding) {
      lines.push(`- *Not this release — ${EXPLANATION_LABEL[c.explanation].toLowerCase()}:* ${c.label} (${c.topic_id}): ${c.sentence} (${perDay(c.before_per_day)} → ${perDay(c.after_per_day)})`);
    }
    // Theme level: one problem phrased several ways (several topics) is one change here.
    for (const c of r.theme_changes) {
      const topics = c.topic_ids.length > 0 ? ` Topics with their own finding: ${c.topic_ids.join(', ')}.` : '';
      lines.push(`- **Theme ${THEME_CHANGE_LABEL[c.kind]}** ${c.label} (${c.theme_id}): ${c.sentence} (${perDay(c.before_per_day)} → ${perDay(c.after_per_day)}) — ${c.evidence}.${topics}`);
    }
    if (r.regressions.length + r.improvements.length + r.new_topics.length + r.theme_changes.length === 0 && !r.sentence) lines.push('No significant change in any topic.');
    if (r.how_we_know) lines.push('', `How we know: ${r.how_we_know}`);
    lines.push('');
  }

  lines.push('## Recurring and intermittent issues', '');
  const recurring = report.intermittent.filter((i) => i.recurring);
  const irregular = report.intermittent.filter((i) => !i.recurring);
  if (report.intermittent.length === 0) lines.push('None found.', '');
  for (const i of recurring) lines.push(`- **${i.label}** (${i.topic_id}): ${i.summary}`);
  if (irregular.length > 0) {
    lines.push('', `Coming back irregularly (${irregular.length}): ${irregular.map((i) => `${i.label} (${i.episodes} episodes)`).join('; ')}.`);
  }
  lines.push('');

  lines.push('## Spikes', '');
  if (report.spikes.length === 0) lines.push('No spikes in this period.', '');
  else {
    const labels = new Map(report.topics.map((t) => [t.id, t.label]));
    for (const s of report.spikes) {
      const what = s.topic_id === null ? 'All tickets' : `${labels.get(s.topic_id) ?? s.topic_id} (${s.topic_id})`;
      const who = s.requesters === null ? '' : `, ${n(s.requesters)} requester${s.requesters === 1 ? '' : 's'}`;
      lines.push(`- ${s.date} — ${what} — **${EXPLANATION_LABEL[s.explanation]}**: ${s.sentence} (${n(s.count)} tickets${who}; ${s.evidence})`);
    }
    lines.push('');
  }

  if (report.team) lines.push(...renderTeam(teamLoadFromJson(report.team), new Map(report.topics.map((t) => [t.id, t.label]))));
  return lines.join('\n');
}

/**
 * The largest themes (groups of topics about one problem area) with their evidence: tickets,
 * customers and the last two windows, and how many topics each gathers. A report without themes
 * (an analysis before themes existed) says nothing.
 */
function renderThemes(report: PlanningReport, customers: (count: number) => string, top: number): string[] {
  if (report.themes.length === 0) return [];
  const lines = ['## Themes', '', `${n(report.themes.length)} themes group the ${n(report.topics.length)} topics; the largest:`, ''];
  lines.push('| Theme | Topics | Tickets | Customers | Last 28 d | Previous 28 d |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const t of report.themes.slice(0, top)) {
    lines.push(`| ${cell(t.label)} (${t.id}) | ${n(t.topic_ids.length)} | ${n(t.tickets)} | ${customers(t.customers)} | ${n(t.last_28d)} | ${n(t.prev_28d)} |`);
  }
  if (report.themes.length > top) lines.push('', `…and ${report.themes.length - top} more themes.`);
  lines.push('');
  return lines;
}

const HOURS_SOURCE_LABEL = {
  agents_file: 'from the agents file',
  inferred: 'inferred from activity',
  default: 'assumed (09:00–18:00)',
  mixed: 'mixed sources',
} as const;

function renderTeam(team: TeamLoadReport, labels: Map<string, string>): string[] {
  const topic = (id: string | number) => (labels.has(String(id)) ? `${labels.get(String(id))} (${id})` : `topic ${id}`);
  const lines = ['## Team load', '', `*${team.disclaimer}*`, ''];
  // Older snapshots (before issue 16) have no state, findings or warnings.
  if (team.state === 'no_people') {
    lines.push(...(team.warnings ?? []).map((w) => `> ${w}`), '');
    return lines;
  }
  for (const w of team.warnings ?? []) lines.push(`> ${w}`);
  if ((team.warnings ?? []).length > 0) lines.push('');
  // Team-level findings first: a signal half a team shares is a staffing matter, not a person's.
  if ((team.teamFindings ?? []).length > 0) {
    lines.push('Team findings:');
    for (const f of team.teamFindings) lines.push(`- ${f.sentence} ${f.suggestion}`);
    lines.push('');
  }
  for (const t of team.teams) {
    if ((t as { withheld?: boolean }).withheld) {
      lines.push(`- **${t.team}** (${t.size} people): fewer than five people — figures for managers only`);
      continue;
    }
    const hours = t.workingHoursSource ? `; hours ${HOURS_SOURCE_LABEL[t.workingHoursSource]}` : '';
    const rhythm =
      t.longestStreak === undefined
        ? ''
        : `; weekend ${pct(t.weekendShare)}, sleep-hour person-nights ${n(t.sleepHourNights)}, longest run without a day off ${t.longestStreak} days` +
          (t.afterHoursChange ? ` (after hours ${pct(t.afterHoursChange.previousShare)} the ${team.windowDays} days before)` : '');
    lines.push(
      `- **${t.team}** (${t.size} people): ${n(t.tickets)} tickets in ${team.windowDays} days, median ${t.loadPerAgentMedian} per person, ` +
        `${pct(t.afterHoursShare)} after hours` +
        (t.loadGini === null ? ' (fewer than five people: not broken down)' : `, imbalance (Gini) ${t.loadGini.toFixed(2)}, top 20% carry ${pct(t.top20Share)}`) +
        rhythm +
        hours,
    );
  }
  if (team.singleOwnerTopics.length > 0) {
    lines.push('', 'Knowledge held by one person (candidates for a runbook or knowledge transfer):');
    for (const s of team.singleOwnerTopics) lines.push(`- ${topic(s.topicId)}: all ${s.tickets} resolved by ${s.agent}`);
  }
  if (team.crowdedTopics.length > 0) {
    lines.push('', 'Topics many people keep handling or escalating (candidates for a knowledge-transfer session):');
    for (const c of team.crowdedTopics) lines.push(`- ${topic(c.topicId)}: ${c.agents} agents, ${c.escalations} escalations, ${c.tickets} tickets`);
  }
  const atRisk = team.agents.filter((a) => a.risk !== 'low');
  if (atRisk.length > 0) {
    lines.push('', 'Work to redistribute:');
    for (const a of atRisk) lines.push(`- ${a.agent} (${a.risk}): ${a.reasons.join('; ')}. ${a.suggestion}`);
  }
  lines.push('');
  return lines;
}

/** The service metrics, each with the count it rests on. */
function renderService(s: PlanningReport['service']): string[] {
  if (s.tickets === 0) return [];
  const days = (d: number | null) => waitTime(d === null ? null : d * 24);
  return [
    '## Service',
    '',
    s.first_response.tickets === 0
      ? '- First response: not in this export (no first-response time and no agent comment on any ticket).'
      : `- First response: median ${waitTime(s.first_response.median_hours)}, 90% within ${waitTime(s.first_response.p90_hours)} (${n(s.first_response.tickets)} answered tickets${s.first_response.from_comments > 0 ? `, ${n(s.first_response.from_comments)} of them timed by the first public agent comment` : ''}; ${n(s.first_response.without_response)} without a recorded answer).`,
    `- Resolution: median ${waitTime(s.resolution.median_hours)}, 90% within ${waitTime(s.resolution.p90_hours)} (${n(s.resolution.tickets)} resolved tickets).`,
    `- Reopened: ${pct(s.reopen.share, 1)} (${n(s.reopen.reopened)} of ${n(s.reopen.ever_resolved)} tickets ever resolved).`,
    `- Open backlog: ${n(s.backlog.open)} tickets, median age ${days(s.backlog.median_age_days)}, ${n(s.backlog.older_than_30_days)} older than 30 days (at ${s.as_of.slice(0, 16).replace('T', ' ')} UTC).`,
    `- Satisfaction: ${s.satisfaction === null ? 'not in this export' : `${pct(s.satisfaction.share)} good (${n(s.satisfaction.good)} of ${n(s.satisfaction.rated)} rated)`}.`,
    '',
  ];
}
