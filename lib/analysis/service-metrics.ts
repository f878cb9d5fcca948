/**
 * Service metrics from fields every export already carries: how long customers wait for a first
 * answer and for a resolution (median and 90th percentile), how often a resolved ticket comes
 * back (reopen rate), how old the open backlog is, and satisfaction when the export rates
 * tickets. Pure: plain ticket records in, plain numbers out, each with the count it rests on.
 *
 * Rules (what a lead would ask about each number):
 * - Durations are wall-clock hours (no business-hours variant yet). A time before the ticket's
 *   creation is a data error: left out and counted in `inconsistent`.
 * - Resolution time runs from creation to the last resolution the export shows, so a reopened
 *   and re-solved ticket counts its whole life, not only its last stretch.
 * - Reopen rate = reopened tickets / tickets ever resolved (resolved now, or reopened — a ticket
 *   cannot reopen without having been resolved).
 * - Backlog = tickets still new, open or pending; their age is measured at `asOfMs` (a ticket
 *   created after it is not counted).
 * - A median needs MIN_FOR_MEDIAN values and a 90th percentile MIN_FOR_P90, else null: the 90th
 *   percentile of five tickets is just the largest.
 * - Quantiles interpolate between order statistics (R's type 7, lib/analysis/stats).
 */
import { quantile } from './stats/descriptive';

export const MIN_FOR_MEDIAN = 3;
export const MIN_FOR_P90 = 10;
/** Backlog tickets older than this many days are counted apart ("older than 30 days"). */
export const OLD_BACKLOG_DAYS = 30;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface ServiceTicket {
  createdMs: number;
  /** The first answer to the customer; null = none recorded. */
  firstResponseMs: number | null;
  /** The (last) resolution; null = not resolved. */
  resolvedMs: number | null;
  /** Still new, open or pending. */
  unresolved: boolean;
  reopened: boolean;
  /** The customer's rating when the export has one: good or bad (a 1–5 score is mapped by the reader); null = not rated. */
  satisfaction: 'good' | 'bad' | null;
}

export interface DurationSummary {
  /** Tickets the times were measured on. */
  tickets: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface ServiceMetrics {
  tickets: number;
  firstResponse: DurationSummary & { withoutResponse: number };
  resolution: DurationSummary;
  reopen: { everResolved: number; reopened: number; share: number | null };
  backlog: { open: number; medianAgeDays: number | null; p90AgeDays: number | null; olderThan30Days: number };
  /** Null when no ticket in the set was rated: the export has no satisfaction, or nobody answered. */
  satisfaction: { rated: number; good: number; share: number | null } | null;
  /** Times before the ticket's creation (left out of the durations). */
  inconsistent: number;
}

function summarise(values: number[], unitMs: number): DurationSummary {
  return {
    tickets: values.length,
    medianHours: values.length >= MIN_FOR_MEDIAN ? quantile(values, 0.5) / unitMs : null,
    p90Hours: values.length >= MIN_FOR_P90 ? quantile(values, 0.9) / unitMs : null,
  };
}

export function computeServiceMetrics(tickets: readonly ServiceTicket[], asOfMs: number): ServiceMetrics {
  const firstResponses: number[] = [];
  const resolutions: number[] = [];
  const backlogAges: number[] = [];
  let withoutResponse = 0;
  let everResolved = 0;
  let reopened = 0;
  let rated = 0;
  let good = 0;
  let inconsistent = 0;
  let counted = 0;

  for (const t of tickets) {
    if (t.createdMs > asOfMs) continue;
    counted++;
    if (t.firstResponseMs === null) withoutResponse++;
    else if (t.firstResponseMs < t.createdMs) inconsistent++;
    else firstResponses.push(t.firstResponseMs - t.createdMs);

    if (t.unresolved) backlogAges.push(asOfMs - t.createdMs);
    else if (t.resolvedMs !== null) {
      if (t.resolvedMs < t.createdMs) inconsistent++;
      else resolutions.push(t.resolvedMs - t.createdMs);
    }
    if (t.resolvedMs !== null || t.reopened) everResolved++;
    if (t.reopened) reopened++;
    if (t.satisfaction !== null) {
      rated++;
      if (t.satisfaction === 'good') good++;
    }
  }

  const backlog = summarise(backlogAges, DAY_MS);
  return {
    tickets: counted,
    firstResponse: { ...summarise(firstResponses, HOUR_MS), withoutResponse },
    resolution: summarise(resolutions, HOUR_MS),
    reopen: { everResolved, reopened, share: everResolved > 0 ? reopened / everResolved : null },
    backlog: {
      open: backlogAges.length,
      medianAgeDays: backlog.medianHours,
      p90AgeDays: backlog.p90Hours,
      olderThan30Days: backlogAges.filter((age) => age > OLD_BACKLOG_DAYS * DAY_MS).length,
    },
    satisfaction: rated > 0 ? { rated, good, share: good / rated } : null,
    inconsistent,
  };
}
