/**
 * The tickets as the explanation step reads them: sorted by time, with their local day and a
 * dense topic number, so that "the tickets of topic k on day d" and "the tickets between two
 * instants" are a slice, not a scan.
 */
import { localDayIndex } from '@/lib/time';
import { assertTimeZone } from '../series';
import type { ExplainTicket } from './types';

export interface TicketTable {
  timeZone: string;
  /** Sorted by createdAt. */
  tickets: readonly ExplainTicket[];
  times: Float64Array;
  /** Local day index of each ticket. */
  days: Int32Array;
  /** Dense topic number of each ticket, −1 = no topic. */
  topicOf: Int32Array;
  topicKeys: string[];
  topicIndex: Map<string, number>;
  firstDay: number;
  lastDay: number;
  /** dayStart[d − firstDay] = index of the first ticket of day d; one extra entry at the end. */
  dayStart: Int32Array;
}

export function buildTicketTable(input: readonly ExplainTicket[], timeZone: string): TicketTable {
  assertTimeZone(timeZone);
  const tickets = [...input].sort((a, b) => a.createdAt - b.createdAt);
  const n = tickets.length;
  const times = new Float64Array(n);
  const days = new Int32Array(n);
  const topicOf = new Int32Array(n);
  const topicKeys: string[] = [];
  const topicIndex = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const t = tickets[i];
    times[i] = t.createdAt;
    days[i] = localDayIndex(t.createdAt, timeZone);
    if (t.topic === null) {
      topicOf[i] = -1;
      continue;
    }
    let k = topicIndex.get(t.topic);
    if (k === undefined) {
      k = topicKeys.length;
      topicKeys.push(t.topic);
      topicIndex.set(t.topic, k);
    }
    topicOf[i] = k;
  }
  const firstDay = n ? days[0] : 0;
  const lastDay = n ? days[n - 1] : -1;
  const dayStart = new Int32Array(lastDay - firstDay + 2);
  let i = 0;
  for (let d = firstDay; d <= lastDay + 1; d++) {
    while (i < n && days[i] < d) i++;
    dayStart[d - firstDay] = i;
  }
  return { timeZone, tickets, times, days, topicOf, topicKeys, topicIndex, firstDay, lastDay, dayStart };
}

/** Indices of the tickets of one day, of one topic (number) or of all (null), within a mask. */
export function ticketsOfDay(table: TicketTable, day: number, topic: number | null, mask: Uint8Array | null = null): number[] {
  if (day < table.firstDay || day > table.lastDay) return [];
  const out: number[] = [];
  const from = table.dayStart[day - table.firstDay];
  const to = table.dayStart[day - table.firstDay + 1];
  for (let i = from; i < to; i++) {
    if (mask !== null && mask[i] === 0) continue;
    if (topic === null || table.topicOf[i] === topic) out.push(i);
  }
  return out;
}

/** First index with times[i] ≥ value. */
export function firstAtOrAfter(table: TicketTable, value: number): number {
  let lo = 0;
  let hi = table.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (table.times[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Daily counts over [firstDay, lastDay] of a topic (or all tickets: null) within a mask. */
export function dailyCounts(table: TicketTable, topic: number | null, mask: Uint8Array | null = null): Int32Array {
  const counts = new Int32Array(Math.max(0, table.lastDay - table.firstDay + 1));
  for (let i = 0; i < table.days.length; i++) {
    if (mask !== null && mask[i] === 0) continue;
    if (topic === null || table.topicOf[i] === topic) counts[table.days[i] - table.firstDay]++;
  }
  return counts;
}
