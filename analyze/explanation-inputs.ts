/**
 * What the explanation step (lib/analysis/explanations, issue 14) needs from the database: each
 * ticket with its requester, products and fix versions (a burst from one reporter is told from
 * an outage by who filed it; a release is compared with its own product's tickets), and the
 * releases with their products. Read whole, once per analysis.
 */
import { sql } from 'drizzle-orm';
import { copyRows } from '@/db/bulk-read';
import type { Db } from '@/db/client';
import { ticketProducts, type ExplainRelease, type ExplainTicket } from '@/lib/analysis/explanations';
import { epochMs } from './read-tickets';

/** Tickets created up to `asOf`, in the order of their stable key (see findings-stage.ts). */
export async function readExplainTickets(db: Db, asOf: number): Promise<ExplainTicket[]> {
  const rows = await copyRows(
    db,
    sql`select ${epochMs(sql`t.created_at`)}, t.topic_id, t.customer_id, t.product, array_to_json(t.fix_versions)::text,
          array_to_json(t.tags)::text, t.product_version, t.resolved_at is not null
        from tickets t where t.created_at <= ${new Date(asOf).toISOString()}::timestamptz
        order by t.source collate "C", t.external_id collate "C"`,
    8,
  );
  return rows.map(([created, topic, customer, product, fixVersions, tags, version, resolved]) => ({
    createdAt: Number(created),
    topic: topic || null,
    // Without a requester a ticket is "unknown", so a burst of them is never called one person's.
    requester: customer || null,
    products: ticketProducts(product || null, JSON.parse(tags ?? '[]') as string[]),
    fixVersions: JSON.parse(fixVersions ?? '[]') as string[],
    productVersion: version || null,
    resolved: resolved === 't',
  }));
}

export function toExplainReleases(rows: readonly { version: string; releasedAt: Date; product: string | null }[]): ExplainRelease[] {
  return rows.map((r) => ({ version: r.version, releasedAt: r.releasedAt.getTime(), product: r.product }));
}
