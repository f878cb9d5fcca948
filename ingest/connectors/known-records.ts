/**
 * Records a pull would store without changing anything. With an inclusive "updated since"
 * cursor every pull re-reads the newest ticket, and releases are fetched in full each time:
 * dropping those before `ingestItems` keeps a quiet scheduled pull from adding an ingest run
 * of unchanged rows to the Imports page every few minutes.
 *
 * A ticket is dropped only when the stored copy has the same update time and was written by a
 * pull of the same kind: that pull fetched its comments too, and a new comment moves a
 * ticket's update time in all four APIs. Its events go with it.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { ingestRuns, releases, tickets } from '@/db/schema';
import type { ParsedItem } from '@/ingest/sources/types';

export async function withoutKnownRecords(
  db: Db,
  items: ParsedItem[],
  target: { source: string; runKind: string },
): Promise<{ items: ParsedItem[]; known: number }> {
  const ticketIds = items.flatMap((i) => (i.kind === 'ticket' && i.record.updatedAt !== null ? [i.record.externalId] : []));
  const versions = items.flatMap((i) => (i.kind === 'release' ? [i.record.version] : []));
  const knownTickets = new Map<string, number>();
  if (ticketIds.length > 0) {
    const rows = await db
      .select({ externalId: tickets.externalId, updatedAt: tickets.updatedAt })
      .from(tickets)
      .innerJoin(ingestRuns, eq(ingestRuns.id, tickets.ingestRunId))
      .where(and(eq(tickets.source, target.source), eq(ingestRuns.kind, target.runKind), inArray(tickets.externalId, ticketIds)));
    for (const r of rows) if (r.updatedAt !== null) knownTickets.set(r.externalId, r.updatedAt.getTime());
  }
  const knownReleases = new Map<string, { at: number; notes: string | null }>();
  if (versions.length > 0) {
    const rows = await db
      .select({ version: releases.version, releasedAt: releases.releasedAt, notes: releases.notes })
      .from(releases)
      .where(inArray(releases.version, versions));
    for (const r of rows) knownReleases.set(r.version, { at: r.releasedAt.getTime(), notes: r.notes });
  }

  const dropped = new Set<string>();
  let known = 0;
  const kept: ParsedItem[] = [];
  for (const item of items) {
    if (item.kind === 'ticket' && item.record.updatedAt !== null && knownTickets.get(item.record.externalId) === item.record.updatedAt.getTime()) {
      dropped.add(item.record.externalId);
      known++;
    } else if (item.kind === 'event' && dropped.has(item.record.ticketExternalId)) {
      known++;
    } else if (item.kind === 'release' && sameRelease(knownReleases.get(item.record.version), item.record.releasedAt, item.record.notes)) {
      known++;
    } else {
      kept.push(item);
    }
  }
  return { items: kept, known };
}

function sameRelease(stored: { at: number; notes: string | null } | undefined, releasedAt: Date, notes: string | null): boolean {
  return stored !== undefined && stored.at === releasedAt.getTime() && stored.notes === notes;
}
