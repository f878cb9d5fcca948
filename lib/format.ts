/**
 * How numbers, dates and statistical evidence read on the pages. Shared by server and client
 * components (no Node imports), so a chart tooltip and the table under it say the same thing.
 */

export const n = (x: number): string => x.toLocaleString('en-US');

export const pct = (share: number | null | undefined, digits = 0): string =>
  share === null || share === undefined || Number.isNaN(share) ? '—' : `${(share * 100).toFixed(digits)}%`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "21 Oct 2026" (or "21 Oct" without the year) for a YYYY-MM-DD day; no time zone involved. */
export function day(iso: string | null | undefined, withYear = true): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return withYear ? `${d} ${MONTHS[m - 1]} ${y}` : `${d} ${MONTHS[m - 1]}`;
}

/** A chart period as people name it: "21 Oct 2026", "Week of 19 Oct 2026", "Oct 2026", "2026". */
export function periodLabel(period: string, unit: 'day' | 'week' | 'month' | 'year'): string {
  const [y, m] = period.split('-').map(Number);
  switch (unit) {
    case 'day':
      return day(period);
    case 'week':
      return `Week of ${day(period)}`;
    case 'month':
      return `${MONTHS[m - 1]} ${y}`;
    case 'year':
      return String(y);
  }
}

/** "Wed 21 Oct" for a YYYY-MM-DD day. */
export function weekdayDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${d} ${MONTHS[m - 1]}`;
}

/** A p- or q-value as people read it: "p < 0.001", "p = 0.03". */
export function pValue(p: number, name = 'p'): string {
  if (p < 0.001) return `${name} < 0.001`;
  if (p < 0.01) return `${name} = ${p.toFixed(3)}`;
  return `${name} = ${p.toFixed(2)}`;
}

/**
 * The strength of evidence behind a finding, in words, from its false-discovery-adjusted q-value
 * (Benjamini–Hochberg): how often findings this strong are flukes.
 */
export function evidenceInWords(q: number): string {
  if (q < 0.001) return 'very strong evidence (fewer than 1 in 1,000 such findings would be chance)';
  if (q < 0.01) return 'strong evidence (fewer than 1 in 100 would be chance)';
  if (q < 0.05) return 'moderate evidence (fewer than 1 in 20 would be chance)';
  return 'weak evidence (could well be chance)';
}

/** "×3.1" / "×0.21" / "from none" for a rate ratio (null = unbounded: none before). */
export function ratio(r: number | null): string {
  if (r === null) return 'from none before';
  if (r === 0) return '×0 (none after)';
  return `×${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}`;
}

/** "95% CI 1.4–3.8" with an open upper end when unbounded. */
export function interval(low: number | null, high: number | null): string {
  const f = (x: number) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2));
  if (low === null && high === null) return '';
  return `95% CI ${low === null ? '0' : f(low)}–${high === null ? '∞' : f(high)}`;
}

/** A rate ratio as a change people say out loud. */
export function changeInWords(r: number | null): string {
  if (r === null) return 'appeared (none in the weeks before)';
  if (r === 0) return 'disappeared';
  if (r >= 1.95) return `about ${r >= 10 ? Math.round(r) : r.toFixed(1)} times as frequent`;
  if (r >= 1) return `${Math.round((r - 1) * 100)}% more frequent`;
  if (r > 0.5) return `${Math.round((1 - r) * 100)}% less frequent`;
  return `down to about ${Math.round(r * 100)}% of its earlier rate`;
}

export const plural = (count: number, one: string, many = `${one}s`): string => `${n(count)} ${count === 1 ? one : many}`;

/** Milliseconds as "850 ms" / "4.2 s" / "3 min 5 s". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A waiting time in hours as people say it: "45 min", "5.5 h", "3.2 days"; "—" for none. */
export function waitTime(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || Number.isNaN(hours)) return '—';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}

/** Digest characters a customer's pseudonym shows: 8 base64url characters (48 bits) tell apart millions of customers. */
export const SHORT_PSEUDONYM_DIGEST = 8;

/**
 * A customer's stored keyed pseudonym (`cust_` + 22 characters, lib/redact/pseudonymous-key.ts)
 * as pages show it: `cust_` and its first 8 characters — short enough not to wrap in a table,
 * stable (the same customer always reads the same), and typed back into the customer filter it
 * finds them again. Keys that are not pseudonyms (a login kept as is) are shown whole.
 */
export function shortPseudonym(key: string | null): string | null {
  if (key === null || !/^cust_[\w-]{22}$/.test(key)) return key;
  return key.slice(0, 5 + SHORT_PSEUDONYM_DIGEST);
}
