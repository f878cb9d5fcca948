/** Service metrics against hand-computed fixtures (issue 17, capability 1). */
import { describe, expect, it } from 'vitest';
import { computeServiceMetrics, type ServiceTicket } from '@/lib/analysis/service-metrics';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.parse('2026-03-02T09:00:00Z');

/** A ticket created `at` hours after T0, answered and resolved `fr`/`res` hours after creation. */
function ticket(at: number, fr: number | null, res: number | null, extra: Partial<ServiceTicket> = {}): ServiceTicket {
  const createdMs = T0 + at * H;
  return {
    createdMs,
    firstResponseMs: fr === null ? null : createdMs + fr * H,
    resolvedMs: res === null ? null : createdMs + res * H,
    unresolved: res === null,
    reopened: false,
    satisfaction: null,
    ...extra,
  };
}

describe('computeServiceMetrics', () => {
  it('medians and 90th percentiles of first response and resolution, by hand', () => {
    // First responses 1..10 h; resolutions 10, 20, …, 100 h.
    const tickets = Array.from({ length: 10 }, (_, i) => ticket(i, i + 1, (i + 1) * 10));
    const m = computeServiceMetrics(tickets, T0 + 30 * D);
    expect(m.tickets).toBe(10);
    // Type 7: median of 1..10 = 5.5; p90 at h = 9 × 0.9 = 8.1 → 9 + 0.1 × (10 − 9) = 9.1.
    expect(m.firstResponse).toEqual({ tickets: 10, medianHours: 5.5, p90Hours: expect.closeTo(9.1, 9), withoutResponse: 0 });
    expect(m.resolution).toEqual({ tickets: 10, medianHours: 55, p90Hours: expect.closeTo(91, 9) });
    expect(m.backlog).toEqual({ open: 0, medianAgeDays: null, p90AgeDays: null, olderThan30Days: 0 });
  });

  it('counts a reopened ticket among those ever resolved, and its whole life as its resolution time', () => {
    const tickets = [
      ticket(0, 1, 48, { reopened: true }), // reopened, solved again 48 h after creation
      ticket(0, 2, 5),
      ticket(0, 3, 7),
      ticket(0, 1, null, { reopened: true, resolvedMs: T0 + 10 * H }), // reopened and open again
      ticket(0, null, null), // never answered, open
    ];
    const m = computeServiceMetrics(tickets, T0 + 10 * D);
    expect(m.reopen).toEqual({ everResolved: 4, reopened: 2, share: 0.5 });
    expect(m.resolution).toEqual({ tickets: 3, medianHours: 7, p90Hours: null }); // 5, 7, 48
    expect(m.firstResponse).toMatchObject({ tickets: 4, medianHours: 1.5, withoutResponse: 1 }); // 1, 1, 2, 3
    // Two open tickets, both 10 days old at asOf.
    expect(m.backlog).toEqual({ open: 2, medianAgeDays: null, p90AgeDays: null, olderThan30Days: 0 });
  });

  it('ages the backlog at asOf, leaves out tickets created after it, and counts the old ones', () => {
    const asOf = T0 + 40 * D;
    const tickets = [ticket(0, 1, null), ticket(20 * 24, 1, null), ticket(35 * 24, 1, null), ticket(41 * 24, 1, null)];
    const m = computeServiceMetrics(tickets, asOf);
    expect(m.tickets).toBe(3);
    // Ages 40, 20, 5 days: median 20; one older than 30 days.
    expect(m.backlog).toEqual({ open: 3, medianAgeDays: 20, p90AgeDays: null, olderThan30Days: 1 });
  });

  it('reports no satisfaction when nothing is rated, and the share of good ratings when some are', () => {
    const unrated = [ticket(0, 1, 2), ticket(1, 1, 2), ticket(2, 1, 2)];
    expect(computeServiceMetrics(unrated, T0 + D).satisfaction).toBeNull();
    const rated = [ticket(0, 1, 2, { satisfaction: 'good' }), ticket(1, 1, 2, { satisfaction: 'bad' }), ticket(2, 1, 2, { satisfaction: 'good' }), ticket(3, 1, 2)];
    expect(computeServiceMetrics(rated, T0 + D).satisfaction).toEqual({ rated: 3, good: 2, share: 2 / 3 });
  });

  it('leaves out times before creation as inconsistent, and an empty set has no numbers', () => {
    const m = computeServiceMetrics([ticket(0, -1, 5), ticket(0, 1, -2), ticket(0, 2, 3)], T0 + D);
    expect(m.inconsistent).toBe(2);
    expect(m.firstResponse.tickets).toBe(2);
    expect(m.resolution.tickets).toBe(2);
    const empty = computeServiceMetrics([], T0);
    expect(empty).toMatchObject({ tickets: 0, reopen: { everResolved: 0, reopened: 0, share: null }, satisfaction: null });
    expect(empty.firstResponse.medianHours).toBeNull();
  });
});
