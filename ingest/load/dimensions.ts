/**
 * Organizations, customers and agents are named in exports and referenced by id in tickets.
 * Their ids are resolved here, in memory, so the ticket upsert needs no joins: new names are
 * inserted (in sorted order, so concurrent ingests cannot deadlock on them) and their ids read
 * back, once per ingest.
 *
 * Ids learned inside a batch's transaction stay "pending" until it commits: if the transaction
 * is rolled back (and retried), ids of rows that never became visible must not be reused.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, customers, organizations } from '@/db/schema';

type Kind = 'organizations' | 'agents' | 'customers';

export class DimensionCache {
  private readonly committed: Record<Kind, Map<string, number>> = { organizations: new Map(), agents: new Map(), customers: new Map() };
  private readonly pending: Record<Kind, Map<string, number>> = { organizations: new Map(), agents: new Map(), customers: new Map() };

  idOf(kind: Kind, name: string | null): number | null {
    if (name === null) return null;
    return this.committed[kind].get(name) ?? this.pending[kind].get(name) ?? null;
  }

  /** Call after the batch's transaction committed. */
  commit(): void {
    for (const kind of Object.keys(this.pending) as Kind[]) {
      for (const [name, id] of this.pending[kind]) this.committed[kind].set(name, id);
      this.pending[kind].clear();
    }
  }

  /** Call when the batch's transaction was rolled back. */
  discard(): void {
    for (const kind of Object.keys(this.pending) as Kind[]) this.pending[kind].clear();
  }

  ensureOrganizations(db: Db, names: Iterable<string | null>): Promise<void> {
    return this.ensureNamed(db, 'organizations', organizations, names);
  }

  ensureAgents(db: Db, names: Iterable<string | null>): Promise<void> {
    return this.ensureNamed(db, 'agents', agents, names);
  }

  /** Stores the names not seen yet (organizations and agents are keyed by their name) and remembers their ids. */
  private async ensureNamed(db: Db, kind: 'organizations' | 'agents', table: typeof organizations | typeof agents, names: Iterable<string | null>): Promise<void> {
    const missing = this.missing(kind, names);
    if (missing.length === 0) return;
    const json = JSON.stringify(missing);
    await db.execute(sql`
      insert into ${table} (name)
      select value from json_array_elements_text(${json}::json) order by 1
      on conflict (name) do nothing`);
    this.remember(
      kind,
      await db
        .select({ id: table.id, name: table.name })
        .from(table)
        .where(sql`${table.name} in (select value from json_array_elements_text(${json}::json))`),
    );
  }

  /**
   * Records the zone the export declares for agents (Jira's user `timeZone`): the newest wins,
   * and a row whose zone is already that is not written. Call after ensureAgents for the names.
   */
  async declareTimeZones(db: Db, pairs: Iterable<{ name: string | null; timeZone: string | null }>): Promise<void> {
    const zones = new Map<string, string>();
    for (const { name, timeZone } of pairs) if (name !== null && timeZone !== null) zones.set(name, timeZone);
    if (zones.size === 0) return;
    const json = JSON.stringify([...zones].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, zone]) => ({ name, zone })));
    await db.execute(sql`
      update agents a set declared_time_zone = x.zone
      from json_to_recordset(${json}::json) as x(name text, zone text)
      where a.name = x.name and a.declared_time_zone is distinct from x.zone`);
  }

  /** Customers keep the organization of the first ticket that names them. */
  async ensureCustomers(db: Db, pairs: Iterable<{ key: string | null; organization: string | null }>): Promise<void> {
    const wanted = new Map<string, number | null>();
    for (const { key, organization } of pairs) {
      if (key !== null && this.idOf('customers', key) === null && !wanted.has(key)) {
        wanted.set(key, this.idOf('organizations', organization));
      }
    }
    if (wanted.size === 0) return;
    const rows = [...wanted].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, organization_id]) => ({ key, organization_id }));
    const json = JSON.stringify(rows);
    await db.execute(sql`
      insert into customers (key, organization_id)
      select x.key, x.organization_id from json_to_recordset(${json}::json) as x(key text, organization_id integer)
      on conflict (key) do nothing`);
    const stored = await db
      .select({ id: customers.id, key: customers.key })
      .from(customers)
      .where(sql`${customers.key} in (select x.key from json_to_recordset(${json}::json) as x(key text))`);
    this.remember('customers', stored.map((r) => ({ id: r.id, name: r.key })));
  }

  private missing(kind: Kind, names: Iterable<string | null>): string[] {
    const result = new Set<string>();
    for (const name of names) if (name !== null && this.idOf(kind, name) === null) result.add(name);
    return [...result].sort();
  }

  private remember(kind: Kind, rows: { id: number; name: string }[]): void {
    for (const row of rows) this.pending[kind].set(row.name, row.id);
  }
}
