/**
 * When customers write in: a business-hours curve in each customer's own time zone, fewer
 * tickets at weekends and on holidays. The mixture over zones gives each UTC day its relative
 * volume and an hour-of-day distribution to draw arrival instants from.
 */
import { DAY_MS, weekdayOfDayIndex } from '@/lib/time';
import { WeightedTable, type Rng } from '@/demo/prng';
import { ZoneClock } from '@/demo/zones';

/** Where the customer organizations sit, with their share of organizations. */
export const CUSTOMER_ZONES: readonly { zone: string; share: number }[] = [
  { zone: 'America/New_York', share: 0.27 },
  { zone: 'America/Chicago', share: 0.1 },
  { zone: 'America/Denver', share: 0.04 },
  { zone: 'America/Los_Angeles', share: 0.13 },
  { zone: 'America/Toronto', share: 0.04 },
  { zone: 'America/Sao_Paulo', share: 0.03 },
  { zone: 'Europe/London', share: 0.13 },
  { zone: 'Europe/Berlin', share: 0.08 },
  { zone: 'Europe/Paris', share: 0.05 },
  { zone: 'Europe/Amsterdam', share: 0.03 },
  { zone: 'Asia/Singapore', share: 0.03 },
  { zone: 'Asia/Kolkata', share: 0.02 },
  { zone: 'Australia/Sydney', share: 0.03 },
];

/** Relative arrivals by local hour: a morning peak, a lunch dip, a quiet night. */
export const LOCAL_HOUR_PROFILE: readonly number[] = [
  0.05, 0.03, 0.02, 0.02, 0.03, 0.06, 0.15, 0.4, 0.85, 1.0, 1.0, 0.95,
  0.7, 0.85, 0.95, 0.9, 0.8, 0.55, 0.35, 0.25, 0.2, 0.17, 0.12, 0.08,
];

/** Saturday and Sunday volume relative to a weekday (B2B desks see roughly a third). */
export const WEEKEND_FACTOR = 0.3;

/** Relative volume of a local calendar day: weekends and the year-end holidays are quiet. */
export function localDayFactor(dayIndex: number): number {
  const weekday = weekdayOfDayIndex(dayIndex);
  let factor = weekday === 0 || weekday === 6 ? WEEKEND_FACTOR : 1;
  const date = new Date(dayIndex * DAY_MS);
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  if ((month === 12 && day === 25) || (month === 1 && day === 1)) factor *= 0.3;
  else if (month === 12 && (day === 24 || day === 26 || day === 31)) factor *= 0.6;
  return factor;
}

const HOURS = 24;
const PROFILE_SUM = LOCAL_HOUR_PROFILE.reduce((a, b) => a + b, 0);

/** The arrival distribution of one UTC day over (customer zone, UTC hour) cells. */
export class DayArrivals {
  /** Relative volume of the day (a plain weekday with every zone at work ≈ 1). */
  readonly weight: number;
  private readonly hours: WeightedTable;

  constructor(
    readonly dayIndex: number,
    clocks: readonly ZoneClock[],
    zoneWeights: ArrayLike<number>,
  ) {
    const weights = new Float64Array(clocks.length * HOURS);
    const dayStart = dayIndex * DAY_MS;
    for (let z = 0; z < clocks.length; z++) {
      const offsetMinutes = clocks[z].offsetMs(dayStart + DAY_MS / 2) / 60_000;
      for (let h = 0; h < HOURS; h++) {
        const localMinute = h * 60 + 30 + offsetMinutes;
        const localDay = dayIndex + Math.floor(localMinute / 1440);
        const localHour = Math.floor((((localMinute % 1440) + 1440) % 1440) / 60);
        weights[z * HOURS + h] = zoneWeights[z] * LOCAL_HOUR_PROFILE[localHour] * localDayFactor(localDay);
      }
    }
    this.hours = new WeightedTable(weights);
    this.weight = this.hours.total / PROFILE_SUM;
  }

  /** A customer zone and a UTC instant (whole seconds) on this day. */
  sample(rng: Rng): { zone: number; utcMs: number } {
    const lo = this.hours.draw(rng);
    const zone = Math.floor(lo / HOURS);
    const hour = lo % HOURS;
    return { zone, utcMs: this.dayIndex * DAY_MS + hour * 3_600_000 + rng.int(0, 3599) * 1000 };
  }
}
