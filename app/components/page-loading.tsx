import { Skeleton } from './panel';

/**
 * Shown while a page's first data arrives; its panels then fill in one by one. Detail pages
 * (a topic, a release, an import run) have none, so that an unknown id still answers 404.
 */
export function PageLoading({ what }: { what: string }) {
  return (
    <div aria-busy="true">
      <p className="lede">Loading {what}…</p>
      <Skeleton height={70} label="Loading the filters" />
      <div style={{ height: 12 }} />
      <Skeleton height={300} label={`Loading ${what}`} />
    </div>
  );
}
