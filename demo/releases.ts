/**
 * The release train: a minor release every two to four weeks (mid-week), occasional patch
 * releases a few days later, semantic versions from 5.0.0, and how organizations adopt them.
 */
import { DAY_MS, weekdayOfDayIndex } from '@/lib/time';
import { hashInts, type Rng, unitFromHash } from '@/demo/prng';

export interface Release {
  version: string;
  dayIndex: number;
  /** Deployed at 08:00 UTC on its day. */
  atMs: number;
  kind: 'minor' | 'patch';
  notes: string;
}

export interface ReleaseSlot {
  dayIndex: number;
  kind: 'minor' | 'patch';
}

const DEPLOY_HOUR_MS = 8 * 3_600_000;

/** Moves a day to the next Tuesday–Thursday (teams avoid shipping on Mondays and Fridays). */
function midweek(dayIndex: number): number {
  let day = dayIndex;
  while (![2, 3, 4].includes(weekdayOfDayIndex(day))) day++;
  return day;
}

/** Minor releases every 14–28 days from `firstDay`, each followed by a patch 35% of the time. */
export function planReleaseSlots(rng: Rng, firstDay: number, lastDay: number): ReleaseSlot[] {
  const slots: ReleaseSlot[] = [];
  for (let day = midweek(firstDay); day <= lastDay; day = midweek(day + rng.int(14, 25))) {
    slots.push({ dayIndex: day, kind: 'minor' });
    if (rng.chance(0.35)) {
      const patchDay = day + rng.int(2, 6);
      if (patchDay <= lastDay && weekdayOfDayIndex(patchDay) % 6 !== 0) slots.push({ dayIndex: patchDay, kind: 'patch' });
    }
  }
  return slots;
}

/** Numbers the slots 5.0.0, 5.0.1, 5.1.0 … in date order (notes are filled in by the caller). */
export function assignVersions(slots: readonly ReleaseSlot[]): Release[] {
  const sorted = [...slots].sort((a, b) => a.dayIndex - b.dayIndex || (a.kind === 'minor' ? -1 : 1));
  let minor = -1;
  let patch = 0;
  return sorted.map((slot) => {
    if (slot.kind === 'minor' || minor < 0) {
      minor++;
      patch = 0;
    } else {
      patch++;
    }
    const version = `5.${minor}.${patch}`;
    return { version, dayIndex: slot.dayIndex, atMs: slot.dayIndex * DAY_MS + DEPLOY_HOUR_MS, kind: slot.kind, notes: '' };
  });
}

/**
 * Which release an organization runs at `utcMs`: the newest one it has adopted. Each org takes
 * its own few days per release (a deterministic hash, so no random stream is consumed and the
 * answer is the same wherever it is asked). Returns -1 before the first adoption.
 */
export function adoptedReleaseIndex(releases: readonly Release[], orgIndex: number, orgLagDays: number, utcMs: number): number {
  let lo = 0;
  let hi = releases.length - 1;
  let latest = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (releases[mid].atMs <= utcMs) {
      latest = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let r = latest; r >= 0; r--) {
    const jitter = 0.4 + 1.2 * unitFromHash(hashInts(orgIndex, r));
    if (releases[r].atMs + orgLagDays * jitter * DAY_MS <= utcMs) return r;
  }
  return -1;
}
