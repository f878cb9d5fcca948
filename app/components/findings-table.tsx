import Link from 'next/link';
import type { AnalysisWindows } from '@/lib/analysis/windows';
import type { ReleaseFindingRow } from '@/lib/queries/releases';
import { changeInWords, day, evidenceInWords, interval, n, pValue, ratio } from '@/lib/format';
import { TableScroll } from './table-scroll';
import { ColumnHeads } from './column-heads';

const KIND_LABEL = { regression: 'Regression', improvement: 'Improvement', new_topic: 'New topic' } as const;

/**
 * Release findings with their evidence in words first (what changed, how sure), and the test's
 * numbers (rate ratio, interval, p and q, method) one click away.
 */
export function FindingsTable({ findings, windows, show }: { findings: ReleaseFindingRow[]; windows: AnalysisWindows; show: 'release' | 'topic' }) {
  return (
    <TableScroll label="Release findings">
      <table className="data">
        <ColumnHeads columns={[show === 'release' ? 'Release' : 'Topic', 'Finding', { label: 'Before → after', num: true }, 'How sure']} />
        <tbody>
          {findings.map((f) => (
            <tr key={f.id}>
              <td>
                {show === 'release' ? (
                  <>
                    <Link href={`/releases/${encodeURIComponent(f.version)}`}>{f.version}</Link>
                    <div className="muted">{day(f.releaseDay)}</div>
                  </>
                ) : (
                  <Link href={`/topics/${f.topicId}`}>{f.label}</Link>
                )}
              </td>
              <td>
                <span className={`kind ${f.kind}`}>{KIND_LABEL[f.kind]}</span> {f.kind === 'new_topic' ? `first seen ${day(f.firstSeen)}` : changeInWords(f.rateRatio)}
                {f.attribution === 'ambiguous' && (
                  <div>
                    <span className="badge warn" title="Another release or the topic's own episodes could explain the change">ambiguous</span>
                  </div>
                )}
              </td>
              <BeforeAfterCell finding={f} windows={windows} />
              <td>
                {evidenceInWords(f.qValue)}
                <details>
                  <summary>The test</summary>
                  <p className="muted">
                    {f.kind !== 'new_topic' && (
                      <>
                        Rate ratio {ratio(f.rateRatio)} ({interval(f.ciLow, f.ciHigh)}),{' '}
                      </>
                    )}
                    {pValue(f.pValue)}, {pValue(f.qValue, 'q')} (Benjamini–Hochberg across the release&apos;s topics){f.method ? `, method ${f.method}` : ''}. {f.evidence}
                  </p>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A finding's tickets before → after the release, with the windows they were counted over. */
export function BeforeAfterCell({ finding, windows }: { finding: { kind: string; before: number | null; after: number | null }; windows: AnalysisWindows }) {
  return (
    <td className="num">
      {finding.kind === 'new_topic' ? `none → ${n(finding.after ?? 0)}` : `${n(finding.before ?? 0)} → ${n(finding.after ?? 0)}`}
      <div className="muted">
        {windows.releaseBeforeDays} days / {windows.releaseAfterDays} days
      </div>
    </td>
  );
}
