/** ▲ rising / ▼ falling / ▬ steady: shape and word, not colour alone. */
export function TrendArrow({ direction }: { direction: 'rising' | 'falling' | 'steady' | string }) {
  if (direction === 'rising') return <span className="trend up" title="Rising (significant)">▲ rising</span>;
  if (direction === 'falling') return <span className="trend down" title="Falling (significant)">▼ falling</span>;
  return <span className="trend flat" title="No significant change">▬</span>;
}
