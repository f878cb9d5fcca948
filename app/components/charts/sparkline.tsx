/** A small line of weekly counts (no axes): the shape of a topic's volume at a glance. */
export function Sparkline({ values, width = 120, height = 28, label }: { values: number[]; width?: number; height?: number; label: string }) {
  if (values.length === 0) return null;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const y = (v: number) => height - 3 - (v / max) * (height - 6);
  const points = values.map((v, i) => `${(2 + i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values[values.length - 1];
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      <polyline points={`2,${height - 3} ${points} ${(2 + (values.length - 1) * step).toFixed(1)},${height - 3}`} fill="#cfe3f1" stroke="none" />
      <polyline points={points} fill="none" stroke="#0072b2" strokeWidth={1.5} />
      <circle cx={2 + (values.length - 1) * step} cy={y(last)} r={2.5} fill="#1b1f24" />
    </svg>
  );
}
