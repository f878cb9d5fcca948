/**
 * The service metrics of the tickets matching the filters (lib/analysis/service-metrics.ts does
 * the arithmetic). Reads five numbers per ticket created in the range, through the created_at
 * index; the first response is the export's own field, else the first public agent comment
 * after the ticket was created (Jira and GitHub exports carry no first-response time).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { computeServiceMetrics, type ServiceMetrics } from '@/lib/analysis/service-metrics';
import type { Filters } from '@/lib/filters';
import { localDayStart, dayIndexToIso, isoToDayIndex } from '@/lib/time';
import { ticketConditions, type DayRange } from './filter-sql';
import { cachedQuery } from './result-cache';

export interface ServiceMetricsResult extends ServiceMetrics {
  /** The instant the backlog is aged at: the end of the range's last day, or now when that is later. */
  asOf: string;
  /** Tickets whose first response came from a comment rather than the export's field. */
  responsesFromComments: number;
}

/**
 * Kept until the data changes (result-cache.ts; every import is followed by an analysis), so a
 * reload does not read the tickets again; the backlog's "now" is that of the first reading.
 */
export const getServiceMetrics = cachedQuery('getServiceMetrics', (db: Db, filters: Filters, range: DayRange, timeZone: string) =>
  readServiceMetrics(db, filters, range, timeZone, Date.now()),
);

export async function readServiceMetrics(db: Db, filters: Filters, range: DayRange, timeZone: string, now: number): Promise<ServiceMetricsResult> {
  const rangeEnd = localDayStart(dayIndexToIso(isoToDayIndex(range.to) + 1), timeZone).getTime();
  const asOfMs = Math.min(rangeEnd, now);
  const rows = await queryRows<{ c: number; f: number | null; r: number | null; u: boolean; o: boolean; fc: boolean }>(
    db,
    sql`select extract(epoch from t.created_at) * 1000 as c,
          extract(epoch from coalesce(t.first_response_at, e.first_reply)) * 1000 as f,
          extract(epoch from t.resolved_at) * 1000 as r,
          t.status_category in ('new', 'open', 'pending') as u,
          t.reopened as o,
          (t.first_response_at is null and e.first_reply is not null) as fc
        from tickets t
        left join lateral (
          select min(ev.created_at) as first_reply from ticket_events ev
          where t.first_response_at is null and ev.ticket_id = t.id and ev.author_role = 'agent' and ev.is_public and ev.created_at >= t.created_at
        ) e on true
        where ${ticketConditions(filters, range, timeZone)}`,
  );
  const metrics = computeServiceMetrics(
    rows.map((row) => ({
      createdMs: Number(row.c),
      firstResponseMs: row.f === null ? null : Number(row.f),
      resolvedMs: row.r === null ? null : Number(row.r),
      unresolved: row.u,
      reopened: row.o,
      // No export format stores a satisfaction rating yet (see the report in issue 17).
      satisfaction: null,
    })),
    asOfMs,
  );
  return { ...metrics, asOf: new Date(asOfMs).toISOString(), responsesFromComments: rows.filter((r) => r.fc).length };
}
