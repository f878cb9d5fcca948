/**
 * The standup summary as Markdown for a chat channel: the same facts as the page, in the same
 * order, short enough to read in the channel.
 */
import type { SpikeMarker } from '@/lib/queries/volume';
import type { RecurringTopicRow } from '@/lib/queries/intermittent';
import type { ReleaseFindingRow, ReleaseSummaryRow } from '@/lib/queries/releases';
import type { Movers, NewTopicRow, StandupPeriod, WaitingTicketRow } from '@/lib/queries/standup';
import { changeInWords, day, weekdayDay } from '@/lib/format';

export interface StandupSummary {
  period: StandupPeriod;
  tickets: number;
  expected: number;
  newTopics: NewTopicRow[];
  spikes: SpikeMarker[];
  movers: Movers;
  waiting: WaitingTicketRow[];
  waitingTotal: number;
  due: RecurringTopicRow[];
  release: ReleaseSummaryRow | null;
  releaseFindings: ReleaseFindingRow[];
  /** Days after a release that the analysis tests (the stored analysis windows). */
  releaseAfterDays: number;
  /** Absolute base URL for links, e.g. http://127.0.0.1:3000 (empty = relative links). */
  baseUrl: string;
}

const list = <T,>(items: T[], line: (item: T) => string, none: string): string[] =>
  items.length === 0 ? [`- ${none}`] : items.map((i) => `- ${line(i)}`);

export function standupMarkdown(s: StandupSummary): string {
  const link = (path: string) => `${s.baseUrl}${path}`;
  const lines = [
    `**Support standup — since ${weekdayDay(s.period.from)}${s.period.from === s.period.to ? '' : ` (to ${weekdayDay(s.period.to)})`}**`,
    `${s.tickets} tickets (usually ~${Math.round(s.expected)} for these days).`,
    '',
    '**New topics**',
    ...list(s.newTopics, (t) => `[${t.label}](${link(`/topics/${t.id}`)}) — ${t.tickets} tickets, first seen ${day(t.firstSeen, false)}`, 'none'),
    '',
    '**Spikes**',
    ...list(s.spikes, (x) => `${day(x.day, false)} ${x.label ?? 'all tickets'}: ${x.count} tickets vs ~${x.expected.toFixed(0)} expected`, 'none'),
    '',
    '**Moving**',
    ...list(
      [...s.movers.up.map((m) => ({ m, dir: '▲' })), ...s.movers.down.map((m) => ({ m, dir: '▼' }))],
      ({ m, dir }) => `${dir} [${m.label}](${link(`/topics/${m.id}`)}): ${m.recent} vs ~${m.expected.toFixed(0)} usual`,
      'nothing unusual',
    ),
    '',
    `**Waiting on engineering (${s.waitingTotal})**`,
    ...list(s.waiting.slice(0, 5), (t) => `#${t.id} ${t.subject ?? ''} — ${t.status ?? ''}, ${t.priority ?? 'no priority'}, ${t.ageDays} d old`.trim(), 'none'),
    ...(s.waitingTotal > 5 ? [`- … and ${s.waitingTotal - 5} more`] : []),
    '',
    '**Recurring issues due**',
    ...list(s.due, (r) => `[${r.label}](${link(`/topics/${r.topicId}`)}): ${r.ongoing ? 'episode under way' : r.overdue ? 'overdue' : `expected ~${day(r.nextExpected, false)} ± ${Math.ceil(r.nextWindowDays ?? 0)} d`}${r.fixSignature ? ` — usual fix: "${r.fixSignature}"` : ''}`, 'none this week'),
    '',
    '**Latest release**',
    ...(s.release
      ? [
          `- ${s.release.version} (${day(s.release.day, false)}): ${s.releaseFindings.length === 0 ? 'no clear change so far' : s.releaseFindings.map((f) => `${f.kind === 'improvement' ? 'improved' : f.kind === 'new_topic' ? 'new' : 'regressed'} ${f.label} (${changeInWords(f.rateRatio)})`).join('; ')}${s.release.afterDaysObserved < s.releaseAfterDays ? ` — early signal, ${s.release.afterDaysObserved.toFixed(0)} of ${s.releaseAfterDays} days observed` : ''}`,
        ]
      : ['- none analysed']),
  ];
  return lines.join('\n');
}
