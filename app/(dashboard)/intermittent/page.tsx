import Link from 'next/link';
import { ticketsHref } from '@/lib/filters';
import { listRecurringTopics, type RecurringTopicRow } from '@/lib/queries/intermittent';
import { dayIndexToIso, isoToDayIndex } from '@/lib/time';
import { day, n, pct } from '@/lib/format';
import { openPage } from '@/lib/page-context';
import { EpisodeStrip } from '@/app/components/charts/episode-strip';
import { EpisodeExplanations } from '@/app/components/explanation';
import { renderPage } from '@/app/components/page-problem';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Intermittent issues' };

export default async function IntermittentPage() {
  return renderPage(async () => {
    const { db, dataRange } = await openPage('viewer');
    const rows = await listRecurringTopics(db);
    const regular = rows.filter((r) => r.recurring);
    const irregular = rows.filter((r) => !r.recurring);
    const from = dataRange?.from ?? '2000-01-01';
    const lastForecast = regular.reduce((max, r) => (r.nextExpected && r.nextExpected > max ? r.nextExpected : max), dataRange?.to ?? from);
    // The axis runs a little past the latest forecast so its window is visible.
    const to = dayIndexToIso(isoToDayIndex(lastForecast) + 7);
    const maxTickets = Math.max(1, ...rows.flatMap((r) => r.episodes.map((e) => e.tickets)));
    return (
      <>
        <h1>Intermittent issues</h1>
        <p className="lede">
          Topics that flare up, go quiet for at least two weeks and come back. An episode is a run of tickets with no gap of 14
          days or more; a topic with three or more episodes is intermittent, and <em>recurring</em> when the gaps are regular
          enough to forecast the next one (coefficient of variation ≤ 0.5 and a significant regularity test).
        </p>
        <section className="panel" aria-labelledby="regular-heading" style={{ marginBottom: '1rem' }}>
          <h2 id="regular-heading">Recurring at regular intervals ({regular.length})</h2>
          {regular.length === 0 ? (
            <p className="empty">No topic comes back at regular intervals.</p>
          ) : (
            regular.map((r) => <TopicStrip key={r.topicId} row={r} from={from} to={to} maxTickets={maxTickets} />)
          )}
          <p className="note">Bars are episodes (taller = more tickets); the hatched band is the forecast window of the next episode, its dashed line the most likely day.</p>
        </section>
        <section className="panel" aria-labelledby="irregular-heading">
          <h2 id="irregular-heading">Keeps coming back, irregularly ({irregular.length})</h2>
          {irregular.length === 0 ? (
            <p className="empty">No topic comes back at irregular intervals.</p>
          ) : (
            irregular.map((r) => <TopicStrip key={r.topicId} row={r} from={from} to={to} maxTickets={maxTickets} />)
          )}
          <p className="note">No date can be forecast for these; a fix that keeps recurring in their tickets is often the workaround worth turning into a product fix.</p>
        </section>
      </>
    );
  });
}

function TopicStrip({ row, from, to, maxTickets }: { row: RecurringTopicRow; from: string; to: string; maxTickets: number }) {
  const last = row.episodes.at(-1);
  const total = row.episodes.reduce((s, e) => s + e.tickets, 0);
  return (
    <article className="strip-item" aria-labelledby={`strip-${row.topicId}`}>
      <div className="strip-head">
        <h3 id={`strip-${row.topicId}`}>
          <Link href={`/topics/${row.topicId}`}>{row.label}</Link>
        </h3>
        <span>
          {row.ongoing && <span className="badge bad">episode under way</span>}{' '}
          {row.overdue && <span className="badge warn">overdue</span>}{' '}
          {row.recurring && row.nextExpected && (
            <strong>
              next ≈ {day(row.nextExpected)} ± {Math.ceil(row.nextWindowDays ?? 0)} days
            </strong>
          )}
        </span>
      </div>
      <EpisodeStrip
        episodes={row.episodes}
        from={from}
        to={to}
        nextExpected={row.recurring ? row.nextExpected : null}
        windowDays={row.nextWindowDays}
        maxTickets={maxTickets}
        label={`${row.label}: ${row.episodes.length} episodes`}
      />
      <EpisodeExplanations episodes={row.episodes} />
      <p className="strip-facts">
        <Link href={ticketsHref({ topic: row.topicId })}>{n(total)} tickets</Link> in {row.episodes.length} episodes
        {row.medianGapDays !== null && <>, typically {Math.round(row.medianGapDays)} days apart</>}
        {row.gapCv !== null && <> (gap variation {row.gapCv.toFixed(2)})</>}
        {last && (
          <>
            ; last {day(last.start)} – {day(last.end)}
          </>
        )}
        .
        {row.fixSignature && (
          <>
            {' '}
            Fixed by <q>{row.fixSignature}</q> in {pct(row.fixShare)} of episodes.
          </>
        )}
      </p>
    </article>
  );
}
