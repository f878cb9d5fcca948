/**
 * Plain words for planners: dates as people write them, rates per day, counts with their nouns.
 * The statistics go in a separate "how we know" text, never in the first sentence.
 */
import { dayIndexToIso, isoToDayIndex } from '@/lib/time';
import { formatRatio } from '../stats/format';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2024-10-28" → "28 Oct 2024". */
export function shortDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export function shortDay(day: number): string {
  return shortDate(dayIndexToIso(day));
}

/** "1 ticket", "3 tickets". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}

/** Tickets per day with a sensible precision: "0.3", "2.4", "31". */
export function perDay(rate: number): string {
  if (!Number.isFinite(rate)) return '?';
  if (rate >= 20) return String(Math.round(rate));
  if (rate >= 1) return rate.toFixed(1);
  return rate === 0 ? '0' : String(Number(rate.toPrecision(1)));
}

/** "within 1 hour", "within 5 hours", "in under an hour", "over 1 day". */
export function withinHours(hours: number | null): string {
  if (hours === null) return '';
  if (hours < 1) return 'within an hour';
  if (hours <= 24) return `within ${plural(Math.ceil(hours), 'hour')}`;
  return `over ${plural(Math.ceil(hours / 24), 'day')}`;
}

/** "the same day as", "the day after", "2 days after". */
export function daysAfterWords(days: number): string {
  if (days <= 0) return 'the same day as';
  if (days === 1) return 'the day after';
  return `${days} days after`;
}

/** "×2.6" or "from none". */
export function ratioWords(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? 'from none' : formatRatio(ratio);
}

/** A day range "3 Oct 2024" or "3–7 Oct 2024" (different months spelled out). */
export function dayRange(startIso: string, endIso: string): string {
  if (startIso === endIso) return shortDate(startIso);
  const [y1, m1, d1] = startIso.split('-').map(Number);
  const [y2, m2] = endIso.split('-').map(Number);
  if (y1 === y2 && m1 === m2) return `${d1}–${shortDate(endIso)}`;
  return `${shortDate(startIso)} – ${shortDate(endIso)}`;
}

export const dayOf = isoToDayIndex;
