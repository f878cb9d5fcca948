/**
 * Organizations, customers and agents are referenced by name in exports and by id in tickets.
 * Names are inserted before the tickets that reference them; a per-ingest memory of names
 * already ensured keeps this to one tiny statement per batch in the common case.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

export class DimensionCache {
  private readonly organizations = new Set<string>();
  private readonly agents = new Set<string>();
  private readonly customers = new Set<string>();

  async ensureOrganizations(db: Db, names: Iterable<string | null>): Promise<void> {
    const missing = newNames(this.organizations, names);
    if (missing.length === 0) return;
    await db.execute(sql`
      insert into organizations (name)
      select value from json_array_elements_text(${JSON.stringify(missing)}::json)
      on conflict (name) do nothing`);
    missing.forEach((n) => this.organizations.add(n));
  }

  async ensureAgents(db: Db, names: Iterable<string | null>): Promise<void> {
    const missing = newNames(this.agents, names);
    if (missing.length === 0) return;
    await db.execute(sql`
      insert into agents (name)
      select value from json_array_elements_text(${JSON.stringify(missing)}::json)
      on conflict (name) do nothing`);
    missing.forEach((n) => this.agents.add(n));
  }

  /** Customers keep the organization of the first ticket that names them. */
  async ensureCustomers(db: Db, pairs: Iterable<{ key: string | null; organization: string | null }>): Promise<void> {
    const wanted = new Map<string, string | null>();
    for (const { key, organization } of pairs) {
      if (key && !this.customers.has(key) && !wanted.has(key)) wanted.set(key, organization);
    }
    if (wanted.size === 0) return;
    const rows = [...wanted].map(([key, organization]) => ({ key, organization }));
    await db.execute(sql`
      insert into customers (key, organization_id)
      select x.key, o.id
      from json_to_recordset(${JSON.stringify(rows)}::json) as x(key text, organization text)
      left join organizations o on o.name = x.organization
      on conflict (key) do nothing`);
    wanted.forEach((_, key) => this.customers.add(key));
  }
}

function newNames(known: Set<string>, names: Iterable<string | null>): string[] {
  const result = new Set<string>();
  for (const name of names) if (name && !known.has(name)) result.add(name);
  return [...result];
}
