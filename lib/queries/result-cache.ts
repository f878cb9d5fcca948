/**
 * Results of the dashboard's costliest read queries, kept until the data they read changes. They
 * read what an analysis stored (rollups, topics) and the dimension tables, which change only when
 * a run analyses, a lead curates a topic or an import adds tickets or organizations — so the
 * "data version" (the newest id of each, four index lookups) decides whether a kept result still
 * holds, in this process or after a CLI run against the same PostgreSQL database.
 *
 * Why: on the embedded database every query runs on the server's own thread, and a viewer
 * reloading the widest pages could otherwise keep it busy for everyone (issue 20). A repeated
 * page now costs its rendering, not its queries.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';

/** Kept results per database; the oldest is dropped beyond this. */
const MAX_ENTRIES = 500;

interface Store {
  version: string;
  entries: Map<string, Promise<unknown>>;
}

const stores = new WeakMap<Db, Store>();

/** The data version: changes whenever an analysis, curation or import may have changed what the cached queries read. */
export async function dataVersion(db: Db): Promise<string> {
  const [row] = await queryRows<{ v: string }>(
    db,
    sql`select concat_ws('/', (select max(id) from analysis_runs), (select max(id) from topic_curations),
                         (select max(id) from organizations), (select max(id) from tickets)) as v`,
  );
  return row?.v ?? '';
}

/**
 * `fn`, answered from the store while the data version is unchanged. `name` and the JSON of the
 * arguments form the key, so arguments must be plain data. A failed query is not kept.
 */
export function cachedQuery<A extends unknown[], R>(name: string, fn: (db: Db, ...args: A) => Promise<R>): (db: Db, ...args: A) => Promise<R> {
  return async (db, ...args) => {
    const version = await dataVersion(db);
    let store = stores.get(db);
    if (!store || store.version !== version) stores.set(db, (store = { version, entries: new Map() }));
    const key = `${name}:${JSON.stringify(args)}`;
    const kept = store.entries.get(key);
    if (kept) {
      // Most recently used last, so the oldest is the first to go.
      store.entries.delete(key);
      store.entries.set(key, kept);
      return kept as Promise<R>;
    }
    const result = fn(db, ...args);
    store.entries.set(key, result);
    if (store.entries.size > MAX_ENTRIES) store.entries.delete(store.entries.keys().next().value!);
    const current = store;
    result.catch(() => current.entries.delete(key));
    return result;
  };
}
