import Link from 'next/link';
import type { AnalysisWindows } from '@/lib/analysis/windows';
import type { ThemeReleaseFindingRow } from '@/lib/queries/themes';
import { changeInWords, evidenceInWords, interval, pValue, ratio } from '@/lib/format';
import { TableScroll } from './table-scroll';
import { BeforeAfterCell } from './findings-table';

const KIND_LABEL: Record<string, string> = { regression: 'Regression', improvement: 'Improvement', new_topic: 'New problem' };

/**
 * Release findings at theme level (one finding where several topics phrase one problem), laid
 * out like the topic findings (FindingsTable): the change in words, the counts before and after,
 * how sure in words, and the test's numbers one click away. `topicLabels` names the member
 * topics that had a finding of their own.
 */
export function ThemeFindingsTable({ findings, windows, topicLabels, showRelease = false }: { findings: ThemeReleaseFindingRow[]; windows: AnalysisWindows; topicLabels: Map<string, string>; showRelease?: boolean }) {
  return (
    <TableScroll label="Release findings by theme">
      <table className="data" aria-label="Release findings by theme">
        <thead>
          <tr>
            {showRelease && <th scope="col">Release</th>}
            <th scope="col">Theme</th>
            <th scope="col">Finding</th>
            <th scope="col" className="num">Before → after</th>
            <th scope="col">How sure</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr key={f.id}>
              {showRelease && (
                <td>
                  <Link href={`/releases/${encodeURIComponent(f.version)}`}>{f.version}</Link>
                </td>
              )}
              <td>
                <Link href={`/topics/theme/${f.themeId}`}>{f.label}</Link>
                {f.topicIds.length > 0 && (
                  <div className="muted small">
                    Topics with their own finding:{' '}
                    {f.topicIds.map((id, i) => (
                      <span key={id}>
                        {i > 0 && ', '}
                        <Link href={`/topics/${id}`}>{topicLabels.get(id) ?? id}</Link>
                      </span>
                    ))}
                  </div>
                )}
              </td>
              <td>
                <span className={`kind ${f.kind}`}>{KIND_LABEL[f.kind] ?? f.kind}</span> {f.kind === 'new_topic' ? 'first seen after the release' : changeInWords(f.rateRatio)}
                {f.attribution === 'ambiguous' && (
                  <div>
                    <span className="badge warn" title="Another release or the theme's own episodes could explain the change">ambiguous</span>
                  </div>
                )}
                {f.sentence && <div className="muted small">{f.sentence}</div>}
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
                    {f.beforePerDay !== null && f.afterPerDay !== null && <>{f.beforePerDay.toFixed(1)} → {f.afterPerDay.toFixed(1)} tickets a day, </>}
                    {pValue(f.pValue)}, {pValue(f.qValue, 'q')} (Benjamini–Hochberg across themes). {f.evidence}
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
