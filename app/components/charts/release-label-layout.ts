/**
 * Where the version labels of release lines go on a bar chart, so no two overlap: each label is
 * put on the first of `rows` text rows above the plot where it clears the previous label on that
 * row; a label that fits on no row is left off (the tooltip and the table name every release).
 * Pure arithmetic on an estimated text width — the chart knows its pixel width only after layout.
 */

export interface LabelledMarker {
  /** The period (x value) of the line. */
  period: string;
  label: string;
}

export interface LabelLayout {
  /** Width of the plotting area in pixels (the chart's width minus its axis and margins). */
  plotWidth: number;
  /** Text rows above the plot (each `rowHeight` pixels). */
  rows?: number;
  /** Average width of a character of the label font (11 px sans-serif ≈ 6.2 px). */
  charWidth?: number;
  /** Space kept between two labels on one row. */
  gap?: number;
}

/** Row per labelled period (0 = nearest the plot); periods absent are drawn without a label. */
export function placeReleaseLabels(markers: readonly LabelledMarker[], periods: readonly string[], layout: LabelLayout): Map<string, number> {
  const { plotWidth, rows = 2, charWidth = 6.2, gap = 6 } = layout;
  const placed = new Map<string, number>();
  if (periods.length === 0 || plotWidth <= 0) return placed;
  const band = plotWidth / periods.length;
  const index = new Map(periods.map((p, i) => [p, i]));
  const rowEnds: number[] = Array(rows).fill(-Infinity);
  const ordered = markers.filter((m) => index.has(m.period)).sort((a, b) => index.get(a.period)! - index.get(b.period)!);
  for (const m of ordered) {
    // Recharts draws a reference line at the centre of its band; the label starts 3 px right of it.
    const start = (index.get(m.period)! + 0.5) * band + 3;
    const end = start + m.label.length * charWidth;
    const row = rowEnds.findIndex((rowEnd) => start >= rowEnd + gap);
    if (row < 0) continue;
    rowEnds[row] = end;
    placed.set(m.period, row);
  }
  return placed;
}
