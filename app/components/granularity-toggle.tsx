import Link from 'next/link';
import type { Granularity } from '@/lib/queries/zero-fill';

/** Daily / weekly switch, kept in the URL like the filters. */
export function GranularityToggle({ current, hrefFor }: { current: Granularity; hrefFor: (g: Granularity) => string }) {
  return (
    <div className="toggle" role="group" aria-label="Bucket size">
      {(['day', 'week'] as const).map((g) => (
        <Link key={g} href={hrefFor(g)} aria-current={g === current ? 'true' : undefined} className={g === current ? 'active' : undefined}>
          {g === 'day' ? 'Daily' : 'Weekly'}
        </Link>
      ))}
    </div>
  );
}
