import Link from 'next/link';
import type { Granularity } from '@/lib/queries/zero-fill';

const LABELS = { day: 'Daily', week: 'Weekly', month: 'Monthly' } as const;

/** Daily / weekly / monthly switch, kept in the URL like the filters. */
export function GranularityToggle({ current, hrefFor }: { current: Granularity; hrefFor: (g: Granularity) => string }) {
  return (
    <div className="toggle" role="group" aria-label="Bucket size">
      {(['day', 'week', 'month'] as const).map((g) => (
        <Link key={g} href={hrefFor(g)} aria-current={g === current ? 'true' : undefined} className={g === current ? 'active' : undefined}>
          {LABELS[g]}
        </Link>
      ))}
    </div>
  );
}
