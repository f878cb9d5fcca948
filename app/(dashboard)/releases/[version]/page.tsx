import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { Db } from '@/db/client';
import { printable, ticketsHref } from '@/lib/filters';
import { getRelease, listReleaseFindings, listTopicDailyCounts, type ReleaseFindingRow, type ReleaseSummaryRow } from '@/lib/queries/releases';
import { dayIndexToIso, isoToDayIndex } from '@/lib/time';
import { changeInWords, day, evidenceInWords, interval, n, pValue, ratio } from '@/lib/format';
import { openPage } from '@/lib/page-context';
import { getAnalysisWindows } from '@/lib/queries/analysis-windows';
import type { AnalysisWindows } from '@/lib/analysis/windows';
import { BeforeAfterChart } from '@/app/components/charts/before-after-chart';
import { renderPage } from '@/app/components/page-problem';
import { Panel } from '@/app/components/panel';
import { ExplanationBadge, HowWeKnow } from '@/app/components/explanation';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ version: string }>;
}

function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props) {
  return { title: `Release ${decoded((await params).version)}` };
}

export default async function ReleasePage({ params }: Props) {
  const version = decoded((await params).version);
  if (version.length === 0 || version.length > 100 || !printable(version)) notFound();
  return renderPage(async () => {
    const { db, timeZone } = await openPage('viewer');
    const release = await getRelease(db, version, timeZone);
    if (!release) notFound();
    const findings = release.analysed ? await listReleaseFindings(db, [release.id]) : [];
    const windows = await getAnalysisWindows(db);
    const { releaseBeforeDays: BEFORE_DAYS, releaseAfterDays: AFTER_DAYS } = windows;
    const before = { from: dayIndexToIso(isoToDayIndex(release.day) - BEFORE_DAYS), to: dayIndexToIso(isoToDayIndex(release.day) - 1) };
    const after = { from: release.day, to: dayIndexToIso(isoToDayIndex(release.day) + AFTER_DAYS - 1) };
    return (
      <>
        <p className="breadcrumb no-print">
          <Link href="/releases">← Releases</Link>
        </p>
        <h1>Release {release.version}</h1>
        <p className="lede">
          Released {day(release.day)}{release.product ? ` (${release.product})` : ''}.{release.notes ? ` ${release.notes}` : ''}
        </p>
        {/* What it did, in plain words first: what it closed, changed, or could have seen. */}
        {release.sentence && <p>{release.sentence}</p>}
        {release.howWeKnow && <HowWeKnow>{release.howWeKnow}</HowWeKnow>}
        <Coinciding release={release} />
        <Frame release={release} windows={windows} before={before} after={after} />
        <div className="grid">
          {findings.length === 0 ? (
            <Panel id="none" title="No measurable change">
              <p className="empty">
                {release.analysed && release.sentence
                  ? release.sentence
                  : release.analysed
                  ? `No topic’s share of tickets changed clearly in the ${AFTER_DAYS} days after this release (Benjamini–Hochberg q < 0.05 and at least ×1.25).`
                  : 'This release has no tickets around it to compare.'}
              </p>
            </Panel>
          ) : (
            findings.map((f) => (
              <Panel key={f.id} id={`finding-${f.id}`} title={<FindingTitle finding={f} />} span={6} skeletonHeight={220}>
                <FindingBody db={db} windows={windows} finding={f} before={before} after={after} releaseDay={release.day} />
              </Panel>
            ))
          )}
        </div>
      </>
    );
  });
}

function Frame({ release, windows, before, after }: { release: ReleaseSummaryRow; windows: AnalysisWindows; before: { from: string; to: string }; after: { from: string; to: string } }) {
  const { releaseBeforeDays: BEFORE_DAYS, releaseAfterDays: AFTER_DAYS } = windows;
  return (
    <div className="notice" role="note">
      <p style={{ margin: 0 }}>
        Compared: <Link href={ticketsHref({ from: before.from, to: before.to })}>{n(release.ticketsBefore)} tickets in the {BEFORE_DAYS} days before</Link> with{' '}
        <Link href={ticketsHref({ from: after.from, to: after.to })}>{n(release.ticketsAfter)} in the {AFTER_DAYS} days after</Link> (from the release time; the charts count the release day as after).
        {release.afterDaysObserved < AFTER_DAYS && <> Only {release.afterDaysObserved.toFixed(0)} days after the release are in the data yet: an early signal that can still change.</>}
      </p>
      {release.ambiguous && (
        <p style={{ margin: '0.4rem 0 0' }}>
          <span className="badge warn">ambiguous</span> {release.ambiguousWith.join(', ')} shipped within {AFTER_DAYS} days: a change may belong to either release.{' '}
          {release.ambiguousWith.map((v) => (
            <Link key={v} href={`/releases/${encodeURIComponent(v)}`} style={{ marginRight: '0.5rem' }}>
              {v}
            </Link>
          ))}
        </p>
      )}
    </div>
  );
}

/** Changes in the release's windows that something else explains: listed once, not blamed on it. */
function Coinciding({ release }: { release: ReleaseSummaryRow }) {
  if (release.coinciding.length === 0) return null;
  return (
    <>
      <h2 className="subhead">In its windows, explained otherwise</h2>
      <ul className="finding-list">
        {release.coinciding.map((c) => (
          <li key={`${c.topic_id}-${c.kind}`}>
            <ExplanationBadge explanation={c.explanation} /> <Link href={`/topics/${c.topic_id}`}>{c.topic_id}</Link>: {c.sentence}
            <HowWeKnow>
              {perDay(c.before_per_day)} before, {perDay(c.after_per_day)} after the release.
            </HowWeKnow>
          </li>
        ))}
      </ul>
    </>
  );
}

const perDay = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)} tickets a day`);

function FindingTitle({ finding }: { finding: ReleaseFindingRow }) {
  return (
    <>
      <span className={`kind ${finding.kind}`}>{finding.kind === 'new_topic' ? 'New topic' : finding.kind === 'regression' ? 'Regression' : 'Improvement'}</span>{' '}
      <Link href={`/topics/${finding.topicId}`}>{finding.label}</Link>
    </>
  );
}

async function FindingBody({ db, windows, finding, before, after, releaseDay }: { db: Db; windows: AnalysisWindows; finding: ReleaseFindingRow; before: { from: string; to: string }; after: { from: string; to: string }; releaseDay: string }) {
  const [series] = await listTopicDailyCounts(db, [finding.topicId], { from: before.from, to: after.to });
  const points = series.points.map((p) => ({ ...p, phase: p.period < releaseDay ? ('before' as const) : ('after' as const) }));
  return (
    <>
      <BeforeAfterChart points={points} windows={windows} releaseDay={releaseDay} label={`Daily tickets about ${finding.label} around the release`} />
      {finding.sentence && (
        <p>
          <ExplanationBadge explanation="release" /> {finding.sentence}
        </p>
      )}
      {finding.kind !== 'new_topic' && finding.beforePerDay !== null && (
        <p>
          {perDay(finding.beforePerDay)} before, {perDay(finding.afterPerDay)} after.
        </p>
      )}
      <HowWeKnow>
      <p>
        <strong>
          {finding.kind === 'new_topic'
            ? `New: first seen ${day(finding.firstSeen)}, ${n(finding.after ?? 0)} tickets in the ${windows.releaseAfterDays} days after.`
            : `${n(finding.before ?? 0)} tickets in the ${windows.releaseBeforeDays} days before, ${n(finding.after ?? 0)} in the ${windows.releaseAfterDays} days after: ${changeInWords(finding.rateRatio)} relative to the other topics.`}
        </strong>
      </p>
      <p>
        {finding.kind !== 'new_topic' && (
          <>
            Rate ratio {ratio(finding.rateRatio)}: the true change is between {interval(finding.ciLow, finding.ciHigh).replace('95% CI ', '')} with 95% confidence.{' '}
          </>
        )}
        If the release had changed nothing, a difference this large would turn up with probability {pValue(finding.pValue)}; allowing for
        testing every topic of the release, {pValue(finding.qValue, 'q')}: {evidenceInWords(finding.qValue)}.
        {finding.attribution === 'ambiguous' && ' Marked ambiguous: another release or the topic’s own episodes could explain it.'}
      </p>
        <p className="muted">
          {finding.method ? `Method: ${finding.method}. ` : ''}
          {finding.evidence}
        </p>
      </HowWeKnow>
      <p className="note">
        <Link href={ticketsHref({ topic: finding.topicId, from: before.from, to: after.to })}>Tickets of both windows →</Link>
      </p>
    </>
  );
}
