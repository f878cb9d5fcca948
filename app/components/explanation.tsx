/**
 * How the pages show an explained finding (issue 14): a badge naming its one explanation, the
 * plain sentence first, and the statistics under a "How we know" disclosure.
 */
import type { Explanation } from '@/db/enums';

const LABELS: Record<Explanation, string> = {
  incident: 'Incident',
  recurring_episode: 'Recurring episode',
  bulk_filing: 'Bulk filing',
  release: 'Release',
  unexplained: 'Unexplained',
};

/** Colour by what a planner should do: a release effect or an incident needs a look (text tokens keep 4.5:1). */
const TONE: Record<Explanation, string> = {
  incident: 'bad',
  release: 'bad',
  recurring_episode: 'warn',
  bulk_filing: 'ok',
  unexplained: 'warn',
};

export function ExplanationBadge({ explanation }: { explanation: Explanation | null }) {
  const which = explanation ?? 'unexplained';
  return <span className={`badge ${TONE[which]}`}>{LABELS[which]}</span>;
}

/** The statistics behind a finding, folded away for people who want them. */
export function HowWeKnow({ children }: { children: React.ReactNode }) {
  return (
    <details className="how-we-know">
      <summary>How we know</summary>
      <div className="muted">{children}</div>
    </details>
  );
}

/** An intermittent topic's episodes, explained: the latest one's sentence, and any bulk filings among them. */
export function EpisodeExplanations({ episodes }: { episodes: readonly { start: string; explanation?: Explanation; sentence?: string }[] }) {
  const last = episodes.at(-1);
  if (!last?.explanation) return null;
  const bulk = episodes.filter((e) => e.explanation === 'bulk_filing').length;
  return (
    <p>
      <ExplanationBadge explanation={last.explanation} /> {last.sentence}
      {bulk > 0 && ` ${bulk} of its ${episodes.length} episodes were one person's batch filing, not the problem coming back.`}
    </p>
  );
}
