/**
 * Helpers of paging by update time ("keyset" paging): each page is a new query from the newest
 * update time read so far, so the entries still to read cannot shift past the reader when one is
 * updated or deleted meanwhile, as they do under offset paging. The price is an overlap: the
 * entries at the boundary time are listed again, and skipped here.
 */
import { isObject } from '@/ingest/sources/json-input';

/** The newest of the entries' update times (epoch ms from `timeOf`) and `previous`, as an ISO instant. */
export function newestTime(entries: readonly unknown[], timeOf: (entry: unknown) => number | null, previous: string | null): string | null {
  let newest = previous === null ? -Infinity : Date.parse(previous);
  for (const entry of entries) {
    const at = timeOf(entry);
    if (at !== null && !Number.isNaN(at) && at > newest) newest = at;
  }
  return newest === -Infinity ? previous : new Date(newest).toISOString();
}

/**
 * `iso` one second earlier, in whole seconds (`2024-03-05T14:07:32Z`): the bound to send to APIs
 * whose "updated since" takes seconds and may be exclusive (GitHub: "updated after"), so no entry
 * updated in the same second as the last one read is missed.
 */
export function secondBefore(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000 - 1000).toISOString().replace('.000Z', 'Z');
}

/** Entries already read in this pull (same id and update time): the overlap of consecutive queries. */
export class SeenInPull {
  private readonly seen = new Set<string>();

  /** The entries not read before in this pull; an entry updated since counts as new. */
  fresh<T>(entries: readonly T[], idOf: (entry: T) => string, timeOf: (entry: T) => number | null): T[] {
    return entries.filter((entry) => {
      if (!isObject(entry)) return true;
      const key = `${idOf(entry)}@${timeOf(entry) ?? ''}`;
      if (this.seen.has(key)) return false;
      this.seen.add(key);
      return true;
    });
  }
}
