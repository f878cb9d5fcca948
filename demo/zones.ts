/**
 * Local wall-clock arithmetic for the generator's hot loop.
 *
 * `zoneOffsetMs` from lib/time is exact but computes each new hour with Intl (~5 µs); the
 * generator asks about hundreds of thousands of distinct hours. A zone's offset only changes
 * at night on a handful of days a year, so one offset per UTC day (taken at noon) is exact
 * for every business hour the demo cares about and costs one Intl call per zone and day.
 */
import { DAY_MS, weekdayOfDayIndex, zoneOffsetMs } from '@/lib/time';

const MINUTE_MS = 60_000;

export class ZoneClock {
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {}

  /** Offset from UTC in ms on the UTC day containing `utcMs`. */
  offsetMs(utcMs: number): number {
    const day = Math.floor(utcMs / DAY_MS);
    let offset = this.offsets.get(day);
    if (offset === undefined) {
      offset = zoneOffsetMs(day * DAY_MS + DAY_MS / 2, this.timeZone);
      this.offsets.set(day, offset);
    }
    return offset;
  }

  /** The local wall time of `utcMs`, encoded as ms since 1970-01-01 local. */
  localMs(utcMs: number): number {
    return utcMs + this.offsetMs(utcMs);
  }

  localDay(utcMs: number): number {
    return Math.floor(this.localMs(utcMs) / DAY_MS);
  }

  /** Minutes since local midnight. */
  minuteOfDay(utcMs: number): number {
    const local = this.localMs(utcMs);
    return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / MINUTE_MS);
  }

  /** 0 = Sunday … 6 = Saturday, in local time. */
  weekday(utcMs: number): number {
    return weekdayOfDayIndex(this.localDay(utcMs));
  }

  /** The UTC instant of local day `dayIndex` at `minute` minutes past local midnight. */
  toUtc(dayIndex: number, minute: number): number {
    const local = dayIndex * DAY_MS + minute * MINUTE_MS;
    return local - this.offsetMs(local - this.offsetMs(local));
  }
}
