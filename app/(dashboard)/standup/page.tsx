import { headers } from 'next/headers';
import Link from 'next/link';
import { z } from 'zod';
import { ticketsHref, type SearchParams } from '@/lib/filters';
import { listRecurrencesDue } from '@/lib/queries/intermittent';
import { getLatestRelease, listReleaseFindings } from '@/lib/queries/releases';
import { elapsedPeriodDays, ENGINEERING_TAGS, listNewTopics, listTopicMovement, listWaitingOnEngineering, pickMovers, STANDUP_BASELINE_DAYS, standupPeriod } from '@/lib/queries/standup';
import { getAnalysisWindows } from '@/lib/queries/analysis-windows';
import { listSpikeMarkers } from '@/lib/queries/volume';
import { dayIndexToIso, isoToDayIndex, localIsoDay } from '@/lib/time';
import { changeInWords, day, n, weekdayDay } from '@/lib/format';
import { openPage, param } from '@/lib/page-context';
import { CopyButton, PrintButton } from '@/app/components/copy-button';
import { FilterProblems } from '@/app/components/filter-problems';
import { renderPage } from '@/app/components/page-problem';
import { standupMarkdown } from './markdown';
import { TableScroll } from '@/app/components/table-scroll';
import type { TopicId } from '@/lib/topic-id';
import { ColumnHeads } from '@/app/components/column-heads';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Standup' };

const sinceSchema = z.iso.date();
/** Waiting-on-engineering tickets listed on the page (the heading counts all of them). */
const WAITING_SHOWN = 12;

export default async function StandupPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return renderPage(async () => {
    const ctx = await openPage('lead', searchParams);
    const { db, timeZone, dataRange } = ctx;
    if (!dataRange) return <p className="empty">No analysed tickets yet: nothing to report at standup.</p>;
    const rawSince = param(ctx.params, 'since');
    const since = rawSince ? sinceSchema.safeParse(rawSince) : null;
    const problems = since && !since.success ? [`“since” must be a date written YYYY-MM-DD; "${rawSince}" was ignored.`] : [];
    const now = Date.now();
    const today = localIsoDay(now, timeZone);
    // A "since" before the data starts means the whole data, and says so.
    const sinceDay = since?.success ? (since.data < dataRange.from ? dataRange.from : since.data) : undefined;
    const period = standupPeriod(today, dataRange.to, sinceDay);
    const sinceNotice = since?.success && since.data < dataRange.from ? `The data starts on ${dataRange.from}: showing the standup since then, not since ${since.data}.` : null;
    const asOf = new Date(`${period.to}T23:59:59Z`);
    const weekEnd = dayIndexToIso(isoToDayIndex(period.to) + 7);

    const [movement, newTopics, spikes, waiting, due, release, windows] = await Promise.all([
      listTopicMovement(db, period, STANDUP_BASELINE_DAYS, elapsedPeriodDays(period, now, timeZone)),
      listNewTopics(db, period),
      listSpikeMarkers(db, period, { allTopics: true }),
      listWaitingOnEngineering(db, { limit: WAITING_SHOWN, includeText: true, timeZone, asOf }),
      listRecurrencesDue(db, period.to, weekEnd),
      getLatestRelease(db),
      getAnalysisWindows(db),
    ]);
    const releaseFindings = release ? await listReleaseFindings(db, [release.id]) : [];
    const movers = pickMovers(movement);
    const tickets = movement.reduce((s, m) => s + m.recent, 0);
    const expected = movement.reduce((s, m) => s + m.expected, 0);
    const waitingTotal = waiting[0]?.total ?? 0;
    const host = (await headers()).get('host');
    const markdown = standupMarkdown({
      period,
      tickets,
      expected,
      newTopics,
      spikes,
      movers,
      waiting,
      waitingTotal,
      due,
      release,
      releaseFindings,
      releaseAfterDays: windows.releaseAfterDays,
      baseUrl: host ? `http://${host}` : '',
    });
    const periodHref = (topic?: TopicId) => ticketsHref({ topic }, { from: period.from, to: period.to });

    return (
      <div className="standup">
        <h1>Standup</h1>
        <p className="headline">
          Since <strong>{weekdayDay(period.from)}</strong>
          {period.from !== period.to && <> to {weekdayDay(period.to)}</>}:{' '}
          <Link href={periodHref()}>
            <span className="count">{n(tickets)}</span>tickets
          </Link>{' '}
          <span className="muted">
            (usually ~{n(Math.round(expected))} for these days{period.anchor === 'today' ? ' up to this hour' : ''}, from the {STANDUP_BASELINE_DAYS} days before)
          </span>
        </p>
        {period.anchor === 'data' && (
          <p className="notice warn">The data ends on {day(dataRange.to)}: this standup reports on the last days of the data, not on today.</p>
        )}
        <FilterProblems problems={problems} notice={sinceNotice} />
        <form className="form-row no-print" action="/standup" method="get">
          <div className="field">
            <label htmlFor="since">Last standup was on (YYYY-MM-DD)</label>
            {/* A text field, not type="date": that one shows the browser's locale (10/21/2026) while the page reads ISO days. */}
            <input
              id="since"
              name="since"
              type="text"
              inputMode="numeric"
              pattern="\d{4}-\d{2}-\d{2}"
              placeholder="YYYY-MM-DD"
              title={`A day written YYYY-MM-DD, from ${dataRange.from} to ${period.to}`}
              defaultValue={period.from}
              size={11}
            />
          </div>
          <button type="submit" className="secondary">Change</button>
          <CopyButton text={markdown} label="Copy summary for chat (Markdown)" />
          <PrintButton />
        </form>

        <div className="grid" style={{ marginTop: '1rem' }}>
          <section className="panel span-6" aria-labelledby="new-heading">
            <h2 id="new-heading">New topics ({newTopics.length})</h2>
            {newTopics.length === 0 ? (
              <p className="muted">No new topic appeared.</p>
            ) : (
              <ul className="finding-list">
                {newTopics.map((t) => (
                  <li key={t.id}>
                    <Link href={`/topics/${t.id}`}>{t.label}</Link> — <Link href={periodHref(t.id)}>{n(t.tickets)} tickets</Link>, first seen {weekdayDay(t.firstSeen)}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel span-6" aria-labelledby="spikes-heading">
            <h2 id="spikes-heading">Spikes ({spikes.length})</h2>
            {spikes.length === 0 ? (
              <p className="muted">No day was unusually busy.</p>
            ) : (
              <ul className="finding-list">
                {spikes.map((s) => (
                  <li key={`${s.day}-${s.topicId}`}>
                    <Link href={ticketsHref({ topic: s.topicId ?? undefined }, { from: s.day, to: s.day })}>
                      {weekdayDay(s.day)} · {s.label ?? 'all tickets'}: {n(s.count)} tickets
                    </Link>{' '}
                    <span className="muted">vs ~{s.expected.toFixed(0)} expected</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel span-6" aria-labelledby="movers-heading">
            <h2 id="movers-heading">Moving up and down</h2>
            {movers.up.length + movers.down.length === 0 ? (
              <p className="muted">No topic is clearly above or below its usual level.</p>
            ) : (
              <TableScroll label="Moving up and down">
                <table className="data">
                  <ColumnHeads columns={['Topic', { label: 'Since last standup', num: true }, { label: 'Usual', num: true }]} />
                  <tbody>
                    {[...movers.up.map((m) => ({ m, up: true })), ...movers.down.map((m) => ({ m, up: false }))].map(({ m, up }) => (
                      <tr key={m.id}>
                        <td>
                          <span className={`trend ${up ? 'up' : 'down'}`}>{up ? '▲' : '▼'}</span> <Link href={`/topics/${m.id}`}>{m.label}</Link>
                        </td>
                        <td className="num"><Link href={periodHref(m.id)}>{n(m.recent)}</Link></td>
                        <td className="num">~{m.expected.toFixed(0)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
            <p className="note">
              “Usual” is the topic&apos;s daily average over the {STANDUP_BASELINE_DAYS} days before, times the days since the last standup
              {period.anchor === 'today' ? ' (today only up to this hour)' : ''}. Shown when at least 3 tickets and ×1.5 (or ×0.5) apart.
            </p>
          </section>
          <section className="panel span-6" aria-labelledby="due-heading">
            <h2 id="due-heading">Recurring issues due this week</h2>
            {due.length === 0 ? (
              <p className="muted">None expected before {weekdayDay(weekEnd)}.</p>
            ) : (
              <ul className="finding-list">
                {due.map((r) => (
                  <li key={r.topicId}>
                    <Link href={`/topics/${r.topicId}`}>{r.label}</Link>:{' '}
                    {r.ongoing ? <strong>episode under way</strong> : r.overdue ? <strong>overdue</strong> : <>expected ~{weekdayDay(r.nextExpected!)} ± {Math.ceil(r.nextWindowDays ?? 0)} days</>}
                    {r.fixSignature && <div className="muted">Usual fix: “{r.fixSignature}”</div>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel span-8" aria-labelledby="waiting-heading">
            <h2 id="waiting-heading">
              Waiting on engineering (<Link href="/tickets?status=engineering&sort=oldest">{n(waitingTotal)}</Link>)
            </h2>
            {waiting.length < waitingTotal && (
              <p className="note" data-testid="waiting-shown">
                Showing the {waiting.length} most urgent, then oldest, of {n(waitingTotal)}.{' '}
                <Link href="/tickets?status=engineering&sort=oldest">All {n(waitingTotal)} on the Tickets page →</Link>
              </p>
            )}
            {waiting.length === 0 ? (
              <p className="muted">Nothing is waiting on engineering.</p>
            ) : (
              <TableScroll label="Waiting on engineering">
                <table className="data">
                  <ColumnHeads columns={['Ticket', 'Subject', 'Topic', 'Status', { label: 'Age', num: true }]} />
                  <tbody>
                    {waiting.map((t) => (
                      <tr key={t.id}>
                        <td className="nowrap">#{t.id}</td>
                        <td>{t.subject}</td>
                        <td>{t.topicId ? <Link href={`/topics/${t.topicId}`}>{t.topic}</Link> : '—'}</td>
                        <td>
                          {t.status} {t.priority === 'urgent' || t.priority === 'high' ? <span className="badge bad">{t.priority}</span> : null}
                        </td>
                        <td className="num nowrap">{t.ageDays} d</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
            <p className="note">
              Waiting on engineering = not resolved (new, open, pending or on hold) and escalated, or tagged {ENGINEERING_TAGS.slice(0, 6).join(', ')}…, or in a
              status naming a hold, engineering or Jira. Most urgent first, then oldest.
            </p>
          </section>
          <section className="panel span-4" aria-labelledby="release-heading">
            <h2 id="release-heading">Latest release</h2>
            {!release ? (
              <p className="muted">No release analysed.</p>
            ) : (
              <>
                <p>
                  <Link href={`/releases/${encodeURIComponent(release.version)}`}>{release.version}</Link>, {weekdayDay(release.day)}
                  {release.afterDaysObserved < windows.releaseAfterDays && <span className="badge warn">early signal: {release.afterDaysObserved.toFixed(0)} of {windows.releaseAfterDays} days</span>}
                </p>
                {releaseFindings.length === 0 ? (
                  <p className="muted">No clear change so far.</p>
                ) : (
                  <ul className="finding-list">
                    {releaseFindings.map((f) => (
                      <li key={f.id}>
                        <span className={`kind ${f.kind}`}>{f.kind === 'new_topic' ? 'new' : f.kind}</span> <Link href={`/topics/${f.topicId}`}>{f.label}</Link>: {changeInWords(f.rateRatio)}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </section>
        </div>
        <details className="no-print" style={{ marginTop: '1rem' }}>
          <summary>The summary as Markdown</summary>
          <pre className="markdown-preview" data-testid="standup-markdown">{markdown}</pre>
        </details>
      </div>
    );
  });
}
