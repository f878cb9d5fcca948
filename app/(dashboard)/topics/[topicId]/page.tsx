import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { Db } from '@/db/client';
import { hasRole } from '@/lib/auth/viewer';
import { filtersToQuery, ticketsHref, type Filters, type SearchParams } from '@/lib/filters';
import { getTopicRecurrence } from '@/lib/queries/intermittent';
import { getTopicPainPoint } from '@/lib/queries/pain-points';
import { listTopicReleaseFindings } from '@/lib/queries/releases';
import { getTopic, listRepresentativeTickets, listTopicChanges, listTopicCurations, type TopicDetail } from '@/lib/queries/topic-detail';
import { listFilterOptions } from '@/lib/queries/topics';
import { changeInWords, day, interval, n, pct, pValue, ratio } from '@/lib/format';
import { openPage, param } from '@/lib/page-context';
import { EpisodeStrip } from '@/app/components/charts/episode-strip';
import { EpisodeExplanations } from '@/app/components/explanation';
import { getVolumePanel } from '@/lib/queries/volume';
import { FilterBar, PrintedFilters } from '@/app/components/filter-bar';
import { FindingsTable } from '@/app/components/findings-table';
import { getAnalysisWindows } from '@/lib/queries/analysis-windows';
import { FilterProblems } from '@/app/components/filter-problems';
import { GranularityToggle } from '@/app/components/granularity-toggle';
import { renderPage } from '@/app/components/page-problem';
import { Panel } from '@/app/components/panel';
import { ServiceMetricsBody } from '@/app/components/service-metrics';
import { getServiceMetrics } from '@/lib/queries/service-metrics';
import { TrendArrow } from '@/app/components/trend-arrow';
import { chartBuckets, PER_PERIOD, VolumeBody } from '@/app/components/volume-panel';
import { CurationForms } from './curation-forms';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ topicId: string }>;
  searchParams: Promise<SearchParams>;
}

/**
 * The topic's label names the page (browser tab, history, the first words a screen reader says).
 * When the page cannot be shown (no access, database unavailable) the page itself says why; its
 * title then falls back to the id.
 */
export async function generateMetadata({ params }: Props) {
  const { topicId } = await params;
  const fallback = { title: `Topic ${topicId}` };
  if (!/^t\d{1,9}$/.test(topicId)) return fallback;
  try {
    const { db } = await openPage('viewer');
    const topic = await getTopic(db, topicId);
    return topic ? { title: `${topic.label} (topic ${topic.id})` } : fallback;
  } catch {
    return fallback;
  }
}

export default async function TopicPage({ params, searchParams }: Props) {
  const { topicId } = await params;
  if (!/^t\d{1,9}$/.test(topicId)) notFound();
  return renderPage(async () => {
    const ctx = await openPage('viewer', searchParams);
    const { db, viewer, timeZone, dataRange } = ctx;
    const topic = await getTopic(db, topicId);
    if (!topic) notFound();
    // This page is about one topic: a topic filter in the address does not apply.
    const filters: Filters = { ...ctx.filters, topic: undefined };
    const range = ctx.range;
    const requested = param(ctx.params, 'granularity');
    const buckets = chartBuckets(range, requested);
    const { granularity } = buckets;
    const mergedFrom = param(ctx.params, 'merged');
    const isLead = hasRole(viewer, 'lead');

    return (
      <>
        <p className="breadcrumb no-print">
          <Link href={`/topics?${filtersToQuery(filters)}`}>← Topics</Link>
        </p>
        <h1>
          {topic.label} <span className="muted">({topic.id})</span>
        </h1>
        {mergedFrom && <p className="notice ok" role="status">Topic {mergedFrom} was merged into this one.</p>}
        {topic.status === 'retired' ? (
          <RetiredNotice db={db} topic={topic} />
        ) : (
          <p className="lede">
            <Link href={ticketsHref({ topic: topic.id })}>{n(topic.tickets)} tickets</Link> from {n(topic.customers)} customers,{' '}
            first seen {day(topic.firstSeen)}, last seen {day(topic.lastSeen)}.{topic.labelLocked && ' Named by a person: analyses keep this name.'}
          </p>
        )}
        <FilterProblems problems={ctx.problems} notice={ctx.rangeNotice} />
        <FilterBar options={await listFilterOptions(db)} pathname={`/topics/${topic.id}`} filters={filters} dataRange={dataRange} fields={['from', 'to', 'org', 'customer', 'priority', 'channel', 'version']} keep={{ granularity: requested }} />
        <PrintedFilters filters={filters} range={range} />
        <div className="grid">
          <Panel
            id="volume"
            title={PER_PERIOD[granularity]}
            actions={<GranularityToggle current={granularity} hrefFor={(g) => `/topics/${topic.id}?${filtersToQuery(filters, { granularity: g })}`} />}
            note={`${buckets.note ? `${buckets.note} ` : ''}Dashed lines are releases; triangles are this topic's spikes. Click a bar for its tickets.`}
            skeletonHeight={280}
          >
            <VolumeBody volume={getVolumePanel(db, { ...filters, topic: topic.id }, range, granularity, timeZone)} filters={{ ...filters, topic: topic.id }} range={range} granularity={granularity} label={`Tickets about ${topic.label}`} height={260} />
          </Panel>
          <Panel id="keywords" title="Keywords" span={6} note="c-TF-IDF weight: how much more often the words appear in this topic than in the others.">
            <Keywords topic={topic} />
          </Panel>
          <Panel id="facts" title="Right now" span={6}>
            <TopicFacts db={db} topicId={topic.id} dataTo={dataRange?.to ?? range.to} dataFrom={dataRange?.from ?? range.from} />
          </Panel>
          <Panel id="service" title="Service" span={6} note="This topic's tickets created in the range: how long customers waited, how often they came back.">
            <ServiceMetricsBody metrics={getServiceMetrics(db, { ...filters, topic: topic.id }, range, timeZone)} filters={{ ...filters, topic: topic.id }} />
          </Panel>
          <Panel id="examples" title="Representative tickets" span={6} note="Close to the topic's centre and unlike each other.">
            {isLead ? <Representatives db={db} topic={topic} /> : <p className="empty">Ticket text is visible to leads and above.</p>}
          </Panel>
          <Panel id="releases" title="Release findings about this topic" span={6}>
            <ReleaseFindings db={db} topicId={topic.id} />
          </Panel>
          {isLead && topic.status === 'active' && (
            <Panel id="curate" title="Curate this topic" span={6} note="Applied now and remembered: every later analysis replays it. Spikes and pain points follow at the next analysis.">
              <CurationPanel db={db} topic={topic} />
            </Panel>
          )}
          <Panel id="history" title="History" span={isLead && topic.status === 'active' ? 12 : 6}>
            <History db={db} topicId={topic.id} />
          </Panel>
        </div>
      </>
    );
  });
}

async function RetiredNotice({ db, topic }: { db: Db; topic: TopicDetail }) {
  const curations = await listTopicCurations(db, topic.id);
  const merge = curations.find((c) => c.operation.kind === 'merge' && c.operation.sourceId === topic.id);
  return (
    <div className="notice warn" role="status">
      This topic no longer exists.{' '}
      {merge ? (
        <>
          It was merged into <Link href={`/topics/${String(merge.operation.targetId)}`}>{String(merge.operation.targetId)}</Link> by {merge.actor} on {merge.createdAt}.
        </>
      ) : (
        'A re-analysis no longer found it (its tickets went to other topics); see the history below.'
      )}
    </div>
  );
}

function Keywords({ topic }: { topic: TopicDetail }) {
  if (topic.keywords.length === 0) return <p className="empty">No keywords stored for this topic.</p>;
  const max = Math.max(...topic.keywords.map((k) => k.weight));
  return (
    <ul className="keyword-bars">
      {topic.keywords.map((k) => (
        <li key={k.term}>
          <span>{k.text}</span>
          <span className="bar" style={{ width: `${Math.max(2, (k.weight / max) * 100)}%` }} aria-hidden="true" />
          <span className="w">{k.weight.toFixed(3)}</span>
        </li>
      ))}
    </ul>
  );
}

async function TopicFacts({ db, topicId, dataFrom, dataTo }: { db: Db; topicId: string; dataFrom: string; dataTo: string }) {
  const [pain, recurrence, windows] = await Promise.all([getTopicPainPoint(db, topicId), getTopicRecurrence(db, topicId), getAnalysisWindows(db)]);
  return (
    <>
      {pain ? (
        <dl className="facts">
          <dt>Last {windows.painPointDays} days</dt>
          <dd>
            {n(pain.tickets)} tickets from {n(pain.customers)} customers · pain-point rank {pain.rank}
          </dd>
          <dt>Trend</dt>
          <dd>
            <TrendArrow direction={pain.direction} /> {pain.recent} vs {pain.previous} the {windows.painPointDays} days before
            {pain.direction !== 'steady' && ` — ${changeInWords(pain.rateRatio)} (${ratio(pain.rateRatio)}, ${interval(pain.ciLow, pain.ciHigh)}, ${pValue(pain.trendPValue)})`}
          </dd>
          <dt>Resolution</dt>
          <dd>
            median {pain.medianHoursToResolve === null ? '—' : `${pain.medianHoursToResolve.toFixed(0)} h`} to resolve, {pct(pain.reopenShare)} reopened
          </dd>
        </dl>
      ) : (
        <p className="note">No tickets in the last {windows.painPointDays} days of the data.</p>
      )}
      <h3 className="subhead">Recurrence</h3>
      {recurrence ? (
        <>
          <EpisodeStrip
            episodes={recurrence.episodes}
            from={dataFrom}
            to={recurrence.nextExpected && recurrence.nextExpected > dataTo ? recurrence.nextExpected : dataTo}
            nextExpected={recurrence.nextExpected}
            windowDays={recurrence.nextWindowDays}
            label={`Episodes of ${recurrence.label}`}
          />
          <EpisodeExplanations episodes={recurrence.episodes} />
          <p>{recurrence.summary}</p>
          {recurrence.fixSignature && (
            <p>
              Usual fix ({pct(recurrence.fixShare)} of episodes): “{recurrence.fixSignature}”
            </p>
          )}
        </>
      ) : (
        <p className="note">Not intermittent: fewer than three separate episodes with two quiet weeks between them.</p>
      )}
    </>
  );
}

async function Representatives({ db, topic }: { db: Db; topic: TopicDetail }) {
  const tickets = await listRepresentativeTickets(db, topic.representativeIds.slice(0, 3));
  if (tickets.length === 0) return <p className="empty">No representative tickets stored.</p>;
  return (
    <>
      {tickets.map((t) => (
        <article key={t.id} className="ticket-card">
          <h3>
            #{t.id} · {t.subject || '(no subject)'}
          </h3>
          <p className="muted">
            {t.source} {t.externalId} · {t.createdAt.slice(0, 10)} · {t.status ?? 'no status'}
          </p>
          <p>{t.excerpt}{t.excerpt.length >= 600 ? '…' : ''}</p>
        </article>
      ))}
    </>
  );
}

async function ReleaseFindings({ db, topicId }: { db: Db; topicId: string }) {
  const [findings, windows] = await Promise.all([listTopicReleaseFindings(db, topicId), getAnalysisWindows(db)]);
  if (findings.length === 0) return <p className="empty">No release changed this topic measurably.</p>;
  return <FindingsTable findings={findings} windows={windows} show="release" />;
}

async function CurationPanel({ db, topic }: { db: Db; topic: TopicDetail }) {
  const options = await listFilterOptions(db);
  return (
    <CurationForms
      topicId={topic.id}
      label={topic.label}
      topics={options.topics.map((t) => ({ id: t.id, label: t.label }))}
      keywords={topic.keywords.map((k) => k.text)}
    />
  );
}

async function History({ db, topicId }: { db: Db; topicId: string }) {
  const [curations, changes] = await Promise.all([listTopicCurations(db, topicId), listTopicChanges(db, topicId)]);
  if (curations.length === 0 && changes.length === 0) return <p className="note">No curation yet, and no re-analysis changed this topic.</p>;
  const describe = (op: Record<string, unknown>) => {
    switch (op.kind) {
      case 'rename':
        return `renamed ${op.topicId} to “${String(op.label)}”`;
      case 'merge':
        return `merged ${op.sourceId} into ${op.targetId}`;
      case 'split':
        return `split ${op.topicId} by “${(op.keywords as string[]).join(', ')}” into ${op.newTopicId ?? 'a new topic'}`;
      case 'move':
        return `moved ${(op.ticketIds as string[]).length} tickets to ${op.topicId ?? 'no topic'}`;
      default:
        return String(op.kind);
    }
  };
  return (
    <ul className="finding-list">
      {curations.map((c) => (
        <li key={`c${c.id}`}>
          <strong>{c.createdAt}</strong> · {c.actor} {describe(c.operation)} <span className="muted">({c.outcome ?? 'not replayed yet'})</span>
        </li>
      ))}
      {changes.map((c, i) => (
        <li key={`a${i}`}>
          <strong>{c.createdAt}</strong> · analysis #{c.analysisRunId}: {c.detail}
        </li>
      ))}
    </ul>
  );
}
