import type { ReactNode } from 'react';
import { TableScroll } from './table-scroll';

export interface ChartNumbersColumn {
  header: string;
  numeric?: boolean;
}

interface ChartNumbersProps {
  /** What the chart shows ("After-hours work per team and week"): names the table and its disclosure. */
  label: string;
  columns: ChartNumbersColumn[];
  /** One row per point of the chart; the first cell heads its row. */
  rows: { key: string; cells: ReactNode[] }[];
}

/**
 * "The numbers behind the chart": every value a chart draws, as a table under it (WCAG 1.1.1 —
 * a screen reader gets the numbers, not only axis ticks; keyboard and touch reach what a
 * tooltip shows on hover). Closed by default; works without script; not printed (the chart is).
 */
export function ChartNumbers({ label, columns, rows }: ChartNumbersProps) {
  return (
    <details className="no-print chart-numbers">
      <summary>
        The numbers behind the chart<span className="visually-hidden">: {label}</span>
      </summary>
      <TableScroll label={label}>
        <table className="data" aria-label={label}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                {row.cells.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={i} className={columns[i]?.numeric ? 'num' : undefined}>
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}
