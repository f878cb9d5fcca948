/**
 * Bulk actions are not work: a release closing its milestone, a mass triage or an automation
 * changes dozens of tickets in a few minutes under one person's name. Counted action by action,
 * one such evening makes someone "2.9× the team median" and "97% after hours". Here each burst
 * becomes one action, and never counts as after-hours, day-off or sleep-hour evidence.
 *
 * A burst is a run of one person's actions, each within BULK_GAP_MS of the previous, touching at
 * least BULK_MIN_TICKETS different tickets, and either
 *  - made of status changes or templated comments (the same text digest three or more times in
 *    the run) — minutes of clicking, not minutes of writing; or
 *  - faster than anyone writes: on average at most MACHINE_GAP_MS per ticket (an automation).
 * Replies with different texts a minute or two apart are a person working through a queue and are
 * left alone (measured on the Alloy Jira export: a triage session of six different comments in
 * 133 s stays work; 36 identical comments in 4 s and 69 resolutions in 7 s are bursts).
 */
import type { EventKind } from './types';

/** Longest pause inside a burst. */
export const BULK_GAP_MS = 3 * 60_000;
/** Fewer tickets than this are a few quick actions, not a bulk change. */
export const BULK_MIN_TICKETS = 5;
/** Mean time per ticket below which nobody is writing: an automation or a bulk edit. */
export const MACHINE_GAP_MS = 15_000;
/** The same comment digest this often within a run makes those comments a template. */
const TEMPLATE_REPEATS = 3;

/**
 * A status change weighs half a reply in the shares (after hours, weekend): it takes seconds,
 * a reply minutes. No study gives the ratio; half is a stated assumption, not a fitted value.
 */
export const STATUS_WEIGHT = 0.5;
export const REPLY_WEIGHT = 1;

export interface PersonAction {
  at: number;
  ticketId: string;
  kind: EventKind;
  fingerprint: string | null;
  /** From a comment/status event (true) or from the ticket's own timestamps (false). */
  fromEvent: boolean;
}

/** One person's actions as columns (a million objects would cost more than the analysis). */
export interface ActionColumns {
  at: readonly number[];
  ticketId: readonly string[];
  /** 1 for a status change, 0 for a reply. */
  status: readonly number[];
  fingerprint: readonly (string | null)[];
}

export function toColumns(actions: readonly PersonAction[]): ActionColumns {
  return {
    at: actions.map((a) => a.at),
    ticketId: actions.map((a) => a.ticketId),
    status: actions.map((a) => (a.kind === 'status' ? 1 : 0)),
    fingerprint: actions.map((a) => a.fingerprint),
  };
}

export type BurstKind = 'status_changes' | 'templated_comments' | 'machine_speed';

export interface BulkBurst {
  start: number;
  end: number;
  /** Actions the burst stands for, and the distinct tickets they touched. */
  actions: number;
  tickets: number;
  kind: BurstKind;
}

export interface BulkMarks {
  /** Index of the burst each action belongs to, -1 for ordinary actions (same order as the input). */
  burstOf: Int32Array;
  bursts: BulkBurst[];
}

/** Finds the bursts among one person's actions, which must be sorted by time. */
export function findBulkBursts(actions: ActionColumns): BulkMarks {
  const { at, ticketId, status, fingerprint } = actions;
  const n = at.length;
  const burstOf = new Int32Array(n).fill(-1);
  const bursts: BulkBurst[] = [];
  if (n < BULK_MIN_TICKETS) return { burstOf, bursts };

  // Templated comments: a digest repeated within the gap-linked chain it belongs to.
  const templated = new Uint8Array(n);
  for (let from = 0; from < n; ) {
    let to = from + 1;
    let printed = false;
    while (to < n && at[to] - at[to - 1] <= BULK_GAP_MS) {
      if (fingerprint[to]) printed = true;
      to++;
    }
    if (fingerprint[from]) printed = true;
    if (printed && to - from >= TEMPLATE_REPEATS) {
      const counts = new Map<string, number>();
      for (let i = from; i < to; i++) {
        const f = fingerprint[i];
        if (f) counts.set(f, (counts.get(f) ?? 0) + 1);
      }
      for (let i = from; i < to; i++) {
        const f = fingerprint[i];
        if (f && (counts.get(f) ?? 0) >= TEMPLATE_REPEATS) templated[i] = 1;
      }
    }
    from = to;
  }

  const mark = (from: number, to: number, kind: BurstKind) => {
    const tickets = new Set<string>();
    for (let i = from; i < to; i++) tickets.add(ticketId[i]);
    if (tickets.size < BULK_MIN_TICKETS) return;
    for (let i = from; i < to; i++) burstOf[i] = bursts.length;
    bursts.push({ start: at[from], end: at[to - 1], actions: to - from, tickets: tickets.size, kind });
  };

  // Runs of status changes and templated comments.
  const bulkLike = (i: number) => status[i] === 1 || templated[i] === 1;
  for (let from = 0; from < n; ) {
    if (!bulkLike(from)) {
      from++;
      continue;
    }
    let to = from + 1;
    let statuses = status[from];
    while (to < n && bulkLike(to) && at[to] - at[to - 1] <= BULK_GAP_MS) {
      statuses += status[to];
      to++;
    }
    mark(from, to, statuses * 2 >= to - from ? 'status_changes' : 'templated_comments');
    from = to;
  }

  // Anything at machine speed that is not already part of a burst.
  for (let from = 0; from < n; ) {
    if (burstOf[from] >= 0) {
      from++;
      continue;
    }
    let to = from + 1;
    while (to < n && burstOf[to] < 0 && at[to] - at[to - 1] <= BULK_GAP_MS) to++;
    // Within a gap-linked chain, the densest stretches: grow while the mean pace stays machine-like.
    for (let i = from; i < to; ) {
      let j = i + 1;
      while (j < to && at[j] - at[i] <= (j - i) * MACHINE_GAP_MS) j++;
      if (j - i >= BULK_MIN_TICKETS) {
        const before = bursts.length;
        mark(i, j, 'machine_speed');
        if (bursts.length > before) {
          i = j;
          continue;
        }
      }
      i++;
    }
    from = to;
  }
  return { burstOf, bursts };
}
