import Link from 'next/link';
import type { Db } from '@/db/client';
import { filtersToQuery, ticketsHref, type Filters, type SearchParams } from '@/lib/filters';
import type { DayRange } from '@/lib/queries/filter-sql';
import { listRecurringTopics } from '@/lib/queries/intermittent';
import { getOverviewTotals } from '@/lib/queries/overview';
import { listPainPoints } from '@/lib/queries/pain-points';
import { listThemePainPoints } from '@/lib/queries/theme-pages';
import { LevelToggle, parseLevel, type Level } from '@/app/components/level-toggle';
import { getLatestRelease, listReleaseFindings } from '@/lib/queries/releases';
import { MIN_GROUP_SIZE } from '@/lib/analysis/team';
import { getTeamLoad } from '@/lib/queries/team';
import { getVolumeSeries, listSpikeMarkers, getVolumePanel, spikeScopeFor, type SpikeMarker } from '@/lib/queries/volume';
import type { Granularity } from '@/lib/queries/zero-fill';
import { changeInWords, day, n, pct, pValue, ratio } from '@/lib/format';
import { openPage, param } from '@/lib/page-context';
import { getAnalysisWindows } from '@/lib/queries/analysis-windows';
import { listFilterOptions } from '@/lib/queries/topics';
import { FilterBar, PrintedFilters } from '@/app/components/filter-bar';
import { FilterProblems } from '@/app/components/filter-problems';
import { GranularityToggle } from '@/app/components/granularity-toggle';
import { renderPage } from '@/app/components/page-problem';
import { ExplanationBadge, HowWeKnow } from '@/app/components/explanation';
import { Panel } from '@/app/components/panel';
import { TrendArrow } from '@/app/components/trend-arrow';
import { chartBuckets, PER_PERIOD, VolumeBody } from '@/app/components/volume-panel';
import { TableScroll } from '@/app/components/table-scroll';
import { ServiceMetricsBody } from '@/app/components/service-metrics';
import { getServiceMetrics } from '@/lib/queries/service-metrics';
import { ColumnHeads } from '@/app/components/column-heads';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Overview' };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return renderPage(async () => {
    const ctx = await openPage('viewer', searchParams);
    const { db, filters, range, timeZone, dataRange } = ctx;
    const windows = await getAnalysisWindows(db);
    const requested = param(ctx.params, 'granularity');
    const buckets = chartBuckets(range, requested);
    const { granularity } = buckets;
    // Pain points by theme first (issue 15); `?level=topic` shows the topics.
    const level = parseLevel(param(ctx.params, 'level'), 'theme');
    const levelParam = level === 'theme' ? undefined : level;
    const hrefFor = (g: Granularity) => `/?${filtersToQuery(filters, { granularity: g, level: levelParam })}`;
    const levelHref = (l: Level) => `/?${filtersToQuery(filters, { granularity: requested, level: l === 'theme' ? undefined : l })}#pain-points`;

    if (!dataRange) {
      return (
        <>
          <h1>Overview</h1>
          <div className="empty">
            <p>No analysed tickets yet.</p>
            <p>
              Load an export on the <Link href="/imports">Imports page</Link>, or run <code>npx support-trends demo</code> for sample data.
            </p>
          </div>
        </>
      );
    }

    return (
      <>
        <h1>Overview</h1>
        <p className="lede">
          Ticket volume, what hurts customers most, what keeps coming back, what the last release did and how the team is
          loaded. Days are in {timeZone}. Every number links to the tickets or findings it counts.
        </p>
        <FilterProblems problems={ctx.problems} notice={ctx.rangeNotice} />
        <FilterBar options={await listFilterOptions(db)} pathname="/" filters={filters} dataRange={dataRange} keep={{ granularity: requested, level: levelParam }} />
        <PrintedFilters filters={filters} range={range} />
        <HeadlineStats db={db} filters={filters} range={range} timeZone={timeZone} granularity={granularity} />
        <div className="grid">
          <Panel
            id="volume"
            title={PER_PERIOD[granularity]}
            actions={<GranularityToggle current={granularity} hrefFor={hrefFor} />}
            note={`${buckets.note ? `${buckets.note} ` : ''}Weeks start on Monday. Dashed lines are releases; triangles are spikes (a day well above what its weekday usually brings).`}
            skeletonHeight={300}
          >
            <VolumeBody volume={getVolumePanel(db, filters, range, granularity, timeZone)} filters={filters} range={range} granularity={granularity} label="Ticket volume" />
            <SpikeList db={db} filters={filters} range={range} />
          </Panel>
          <Panel
            id="service"
            title="Service"
            note="First response and resolution times, reopens and the open backlog of the tickets created in the range, from the fields the export carries."
          >
            <ServiceMetricsBody metrics={getServiceMetrics(db, filters, range, timeZone)} filters={filters} />
          </Panel>
          <Panel
            id="pain-points"
            title={`Top pain points by ${level} (last ${windows.painPointDays} days)`}
            span={8}
            actions={<LevelToggle current={level} hrefFor={levelHref} label="Pain points by theme or by topic" />}
            note={
              <>
                Impact = customers reached × severity (time to resolve, reopens) × significant trend (exact Poisson rate test, Benjamini–Hochberg across {level === 'theme' ? 'themes' : 'topics'}).{' '}
                <Link href={level === 'theme' ? '/topics' : '/topics?level=topic'}>All {level === 'theme' ? 'themes' : 'topics'} →</Link>
              </>
            }
          >
            {level === 'theme' ? <ThemePainPointsPanel db={db} /> : <PainPointsPanel db={db} lastDay={dataRange.to} />}
          </Panel>
          <Panel id="release" title="Last release" span={4}>
            <LatestReleasePanel db={db} />
          </Panel>
          <Panel id="recurring" title="Recurring issues" span={6} note={<Link href="/intermittent">Episodes and forecasts →</Link>}>
            <RecurringPanel db={db} />
          </Panel>
          <Panel id="team" title="Team load (last 28 days)" span={6} note={<Link href="/team">Team page →</Link>}>
            <TeamSummaryPanel db={db} />
          </Panel>
        </div>
      </>
    );
  });
}

async function HeadlineStats({ db, filters, range, timeZone, granularity }: { db: Db; filters: Filters; range: DayRange; timeZone: string; granularity: Granularity }) {
  const [series, totals] = await Promise.all([
    getVolumeSeries(db, filters, range, granularity, timeZone),
    getOverviewTotals(db, filters, range, timeZone),
  ]);
  const tickets = series.reduce((s, p) => s + p.tickets, 0);
  const { from: _f, to: _t, ...nonDate } = filters;
  return (
    <dl className="stats" aria-label="Totals for the filters">
      <div className="stat">
        <dt>Tickets</dt>
        <dd><Link href={ticketsHref(filters, { from: range.from, to: range.to })} data-testid="stat-tickets">{n(tickets)}</Link></dd>
        <dd className="sub">{day(range.from)} – {day(range.to)}</dd>
      </div>
      <div className="stat">
        <dt>Unresolved now</dt>
        <dd><Link href={ticketsHref(nonDate, { status: 'unresolved' })}>{n(totals.open)}</Link></dd>
        <dd className="sub">new, open or pending</dd>
      </div>
      <div className="stat">
        <dt>Topics</dt>
        <dd><Link href={`/topics?${filtersToQuery(filters)}`}>{n(totals.topics)}</Link></dd>
        <dd className="sub">with tickets in the range</dd>
      </div>
      <div className="stat">
        <dt>Spikes</dt>
        <dd>{totals.spikes === null ? '—' : <Link href="#spikes" data-testid="stat-spikes">{n(totals.spikes)}</Link>}</dd>
        <dd className="sub">{totals.spikes === null ? 'not tested for these filters' : filters.topic !== undefined ? "days well above the topic's normal" : 'days well above normal'}</dd>
      </div>
      <div className="stat">
        <dt>Releases</dt>
        <dd><Link href="/releases">{n(totals.releases)}</Link></dd>
        <dd className="sub">in the range</dd>
      </div>
    </dl>
  );
}

async function SpikeList({ db, filters, range }: { db: Db; filters: Filters; range: DayRange }) {
  // The filters' topic's spikes only; none under a filter spikes were not tested on (the chart's note says so).
  const scope = spikeScopeFor(filters, true);
  if (!scope) return null;
  const spikes = await listSpikeMarkers(db, range, scope);
  if (spikes.length === 0) return <p className="note" id="spikes">No spikes {filters.topic !== undefined ? 'of this topic ' : ''}in this range.</p>;
  // One line per event: the spikes of one day with one explanation (the outage's topic spike and
  // the total's) are one event; its topic spike's sentence speaks for it.
  const events = groupSpikeEvents(spikes);
  const shown = events.slice(-8).reverse();
  return (
    <div id="spikes">
      <h3 className="subhead">Spikes {filters.topic !== undefined ? 'of this topic ' : ''}in this range{events.length > shown.length ? ` (latest ${shown.length} of ${events.length})` : ''}</h3>
      <ul className="finding-list">
        {shown.map(({ lead, spikes: all }) => (
          <li key={`${lead.day}-${lead.topicId}`}>
            <ExplanationBadge explanation={lead.explanation} />{' '}
            <Link href={ticketsHref({ ...filters, topic: lead.topicId ?? undefined }, { from: lead.day, to: lead.day })}>
              <strong>{day(lead.day)}</strong> · {lead.topicId ? lead.label : 'all tickets'}: {n(lead.count)} tickets
            </Link>
            {lead.sentence ? <> — {lead.sentence}</> : null}
            <HowWeKnow>
              {all.map((s) => (
                <p key={`${s.topicId}`}>
                  {s.topicId ? s.label : 'All tickets'}: {n(s.count)} tickets{s.requesters === null ? '' : ` from ${n(s.requesters)} requesters`}; {s.evidence}
                </p>
              ))}
            </HowWeKnow>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Spikes of one day and one explanation, the topic spike first (the total's follows it). */
function groupSpikeEvents(spikes: SpikeMarker[]): { lead: SpikeMarker; spikes: SpikeMarker[] }[] {
  const groups = new Map<string, SpikeMarker[]>();
  for (const s of spikes) {
    const key = `${s.day}|${s.explanation}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((group) => ({ lead: group.find((s) => s.topicId !== null) ?? group[0], spikes: group }));
}

async function PainPointsPanel({ db, lastDay }: { db: Db; lastDay: string }) {
  const [pains, { painPointDays }] = await Promise.all([listPainPoints(db, 8), getAnalysisWindows(db)]);
  // The analysis' pain-point window ends on the newest ticket's day.
  const windowStart = new Date(Date.parse(`${lastDay}T00:00:00Z`) - (painPointDays - 1) * 86_400_000).toISOString().slice(0, 10);
  if (pains.length === 0) return <p className="empty">No pain points: the last {painPointDays} days of the analysis had no clustered tickets.</p>;
  return (
    <TableScroll label="Top pain points">
      <table className="data">
        <ColumnHeads columns={[{ label: '#', num: true }, 'Topic', { label: 'Tickets', num: true }, { label: 'Customers', num: true }, `Trend vs the ${painPointDays} days before`, { label: 'Median to resolve', num: true }]} />
        <tbody>
          {pains.map((p) => (
            <tr key={p.topicId}>
              <td className="num">{p.rank}</td>
              <td><Link href={`/topics/${p.topicId}`}>{p.label}</Link></td>
              <td className="num"><Link href={ticketsHref({ topic: p.topicId, from: windowStart, to: lastDay })} title="These tickets">{n(p.tickets)}</Link></td>
              <td className="num">{n(p.customers)}</td>
              <td>
                <TrendInWords trend={{ direction: p.direction, recent: p.recent, previous: p.previous, rateRatio: p.rateRatio, pValue: p.trendPValue, qValue: p.trendQValue }} />
              </td>
              <MedianToResolveCell hours={p.medianHoursToResolve} />
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

async function ThemePainPointsPanel({ db }: { db: Db }) {
  const pains = await listThemePainPoints(db, 8);
  if (pains.length === 0) return <p className="empty">No pain points by theme: no analysis with themes yet, or its last window had no grouped tickets.</p>;
  const windowDays = pains[0].windowDays;
  return (
    <TableScroll label="Top pain points by theme">
      <table className="data" aria-label="Top pain points by theme">
        <thead>
          <tr>
            <th scope="col" className="num">#</th>
            <th scope="col">Theme</th>
            <th scope="col" className="num">Tickets</th>
            <th scope="col" className="num">Customers</th>
            <th scope="col">Trend vs the {windowDays} days before</th>
            <th scope="col" className="num">Median to resolve</th>
          </tr>
        </thead>
        <tbody>
          {pains.map((p) => (
            <tr key={p.themeId}>
              <td className="num">{p.rank}</td>
              <td><Link href={`/topics/theme/${p.themeId}`}>{p.label}</Link></td>
              <td className="num">{n(p.tickets)}</td>
              <td className="num">{n(p.customers)}</td>
              <td>
                <TrendInWords trend={p.trend} />
                <div className="muted small" data-testid="pain-evidence">
                  {pValue(p.trend.pValue)}, {pValue(p.trend.qValue, 'q')}; {p.customers > 0 ? `reach ${n(p.customers)} customers` : `reach ${n(p.tickets)} tickets (no customers in the data)`}
                </div>
              </td>
              <MedianToResolveCell hours={p.medianHoursToResolve} />
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A pain point's trend: arrow, ratio in words (or "steady" with its counts), the test on hover. */
function TrendInWords({ trend }: { trend: { direction: string; recent: number; previous: number; rateRatio: number | null; pValue: number; qValue: number } }) {
  return (
    <>
      <TrendArrow direction={trend.direction} />{' '}
      <span title={`${trend.recent} vs ${trend.previous}; ${pValue(trend.pValue)}, ${pValue(trend.qValue, 'q')}`}>
        {trend.direction === 'steady' ? `steady (${trend.recent} vs ${trend.previous})` : `${ratio(trend.rateRatio)} — ${changeInWords(trend.rateRatio)}`}
      </span>
    </>
  );
}

function MedianToResolveCell({ hours }: { hours: number | null }) {
  return <td className="num">{hours === null ? '—' : `${hours.toFixed(0)} h`}</td>;
}

async function LatestReleasePanel({ db }: { db: Db }) {
  const [release, windows] = await Promise.all([getLatestRelease(db), getAnalysisWindows(db)]);
  if (!release) return <p className="empty">No release analysed yet. Load a release list (CSV, Jira versions, GitHub releases or git tags).</p>;
  const findings = await listReleaseFindings(db, [release.id]);
  const regressions = findings.filter((f) => f.kind === 'regression');
  const improvements = findings.filter((f) => f.kind === 'improvement');
  const newTopics = findings.filter((f) => f.kind === 'new_topic');
  const verdict =
    regressions.length + newTopics.length > 0
      ? { text: 'Problems after this release', cls: 'bad' }
      : improvements.length > 0
        ? { text: 'Improved things', cls: 'ok' }
        : { text: 'No clear change', cls: 'ok' };
  return (
    <div className="release-verdict">
      <p>
        <Link href={`/releases/${encodeURIComponent(release.version)}`} className="big-link">{release.version}</Link>{' '}
        <span className="muted">released {day(release.day)}</span>
      </p>
      <p>
        <span className={`badge ${verdict.cls}`}>{verdict.text}</span>{' '}
        {release.ambiguous && <span className="badge warn" title="Another release falls in the same before/after windows">ambiguous with {release.ambiguousWith.join(', ')}</span>}
      </p>
      <ul className="finding-list">
        {[...regressions, ...newTopics, ...improvements].slice(0, 4).map((f) => (
          <li key={f.id}>
            <span className={`kind ${f.kind}`}>{f.kind === 'regression' ? 'Regression' : f.kind === 'new_topic' ? 'New topic' : 'Improvement'}</span>{' '}
            <Link href={`/topics/${f.topicId}`}>{f.label}</Link>: {changeInWords(f.rateRatio)} ({n(f.before ?? 0)} → {n(f.after ?? 0)})
          </li>
        ))}
      </ul>
      <p className="note">
        {release.afterDaysObserved < windows.releaseAfterDays
          ? `Early signal: only ${release.afterDaysObserved.toFixed(0)} of ${windows.releaseAfterDays} days after the release observed.`
          : `${n(release.ticketsBefore)} tickets in the ${windows.releaseBeforeDays} days before, ${n(release.ticketsAfter)} in the ${windows.releaseAfterDays} after.`}
      </p>
    </div>
  );
}

async function RecurringPanel({ db }: { db: Db }) {
  const rows = await listRecurringTopics(db);
  const regular = rows.filter((r) => r.recurring);
  const irregular = rows.filter((r) => !r.recurring);
  if (rows.length === 0) return <p className="empty">No topic has come back in three or more separate episodes.</p>;
  return (
    <>
      {regular.length > 0 ? (
        <TableScroll label="Recurring issues">
          <table className="data">
            <ColumnHeads columns={['Topic', 'Next expected', { label: 'Episodes', num: true }]} />
            <tbody>
              {regular.map((r) => (
                <tr key={r.topicId}>
                  <td>
                    <Link href={`/topics/${r.topicId}`}>{r.label}</Link>
                    {r.fixSignature && (
                      <div className="muted small">
                        Usual fix ({pct(r.fixShare)}): “{r.fixSignature}”
                      </div>
                    )}
                  </td>
                  <td className="nowrap">
                    {r.ongoing ? <span className="badge bad">under way now</span> : r.overdue ? <span className="badge warn">overdue</span> : null}{' '}
                    {r.nextExpected ? `${day(r.nextExpected)} ± ${Math.ceil(r.nextWindowDays ?? 0)} d` : '—'}
                  </td>
                  <td className="num">{r.episodes.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="note">No topic recurs at regular intervals.</p>
      )}
      {irregular.length > 0 && (
        <p className="note">
          Plus {irregular.length} topics that keep coming back at irregular intervals:{' '}
          {irregular.slice(0, 4).map((r, i) => (
            <span key={r.topicId}>
              {i > 0 && ', '}
              <Link href={`/topics/${r.topicId}`}>{r.label}</Link>
            </span>
          ))}
          {irregular.length > 4 && '…'}
        </p>
      )}
    </>
  );
}

async function TeamSummaryPanel({ db }: { db: Db }) {
  // Aggregates only on the overview, whoever is looking.
  const team = await getTeamLoad(db, { includeIndividuals: false });
  if (!team || team.teams.length === 0) return <p className="empty">No team-load snapshot yet: it is computed by the analysis from assigned tickets.</p>;
  return (
    <>
      <TableScroll label="Team load">
        <table className="data">
          <ColumnHeads columns={['Team', { label: 'People', num: true }, { label: 'Tickets', num: true }, { label: 'After hours', num: true }, { label: 'Open backlog', num: true }]} />
          <tbody>
            {team.teams.map((t) =>
              t.withheld || t.tickets === null ? (
                <tr key={t.team}>
                  <td>{t.team}</td>
                  <td className="num">{t.size}</td>
                  <td colSpan={3} className="muted">fewer than {MIN_GROUP_SIZE} people: on the Team page for managers</td>
                </tr>
              ) : (
                <tr key={t.team}>
                  <td>{t.team}</td>
                  <td className="num">{t.size}</td>
                  <td className="num">{n(t.tickets)}</td>
                  <td className="num">{pct(t.afterHoursShare)}</td>
                  <td className="num">{n(t.weekly.at(-1)?.backlog ?? 0)}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </TableScroll>
      <p className="note">
        Load imbalance across everyone: Gini {team.loadGini === null ? '— (group too small)' : team.loadGini.toFixed(2)}
        {team.top20Share !== null && `, the busiest 20% handle ${pct(team.top20Share)} of tickets`}.
      </p>
    </>
  );
}
