/**
 * What a planner reads about one release: its own effects (a step at this release, once), the
 * changes in its windows explained otherwise, what it closed, and — when it shows nothing — the
 * smallest change it could have shown, in plain words first and the statistics after.
 */
import { DAY_MS } from '@/lib/time';
import { median, quantile } from '../stats/descriptive';
import { fisherSmallestAttainableP } from '../stats/fisher-exact';
import { formatRatio, roundTo } from '../stats/format';
import { fixedSentence, type FixedByRelease } from './fixed-tickets';
import { minDetectableRatio } from './power';
import { perDay, plural, ratioWords } from './sentences';
import { firstAtOrAfter, type TicketTable } from './ticket-table';
import type { ExplainedChange, ExplainedRelease, KeyedChange, ScopedReleaseImpact } from './types';

export interface ReleaseSummaryContext {
  table: TicketTable;
  /** The release's scope (its product's tickets); null = all. */
  mask: Uint8Array | null;
  fixed: FixedByRelease;
  label: (topic: string) => string;
  beforeDays: number;
  afterDays: number;
  fdr: number;
  minRateRatio: number;
  /** Power at which the smallest detectable change is stated (0.8). */
  power: number;
}

/**
 * "Very likely caused by 5.14.0: X went from 1.2 to 3.1 tickets a day (×2.6 relative to other
 * tickets) and stayed there." The ratio quoted with the daily rates is the one over time
 * (`timeRatio`); when the version split carried the change, its ratio is added as such.
 */
export function releaseEffectSentence(
  impact: ScopedReleaseImpact,
  c: KeyedChange,
  beforePerDay: number,
  afterPerDay: number,
  label: string,
  afterDays: number,
  timeRatio: number | null = c.rateRatio,
): string {
  const v = impact.version;
  const alsoShipped = impact.ambiguousWith.length > 0 ? ` (or ${impact.ambiguousWith.join(', ')}, shipped within ${afterDays} days)` : '';
  if (c.kind === 'new_topic') {
    return `New with ${v}${alsoShipped}: ${label} first appeared after it — ${plural(c.after, 'ticket')} in ${afterDays} days (${perDay(afterPerDay)} a day), none before.`;
  }
  const strength = alsoShipped ? 'Possibly' : c.qValue <= 0.01 ? 'Very likely' : 'Likely';
  const verb = c.kind === 'regression' ? 'caused' : 'fixed';
  const move = c.kind === 'regression' ? 'went from' : 'fell from';
  const overTime = c.method === 'version-share' ? timeRatio : c.rateRatio;
  const versions = c.method === 'version-share' ? `; ${ratioWords(c.rateRatio)} on ${v} or newer than on the versions it replaces` : '';
  return (
    `${strength} ${verb} by ${v}${alsoShipped}: ${label} ${move} ${perDay(beforePerDay)} to ${perDay(afterPerDay)} tickets a day ` +
    `(${ratioWords(overTime)} relative to other tickets${versions}) and stayed there.`
  );
}

export function summariseRelease(impact: ScopedReleaseImpact, changes: ExplainedChange[], o: ReleaseSummaryContext): ExplainedRelease {
  // Its own effects only: a change that continues an earlier release's is coinciding here.
  const own = (c: ExplainedChange) => c.explanation === 'release' && c.eventId === `release:${impact.version}:${c.topic}`;
  const byKind = (kind: ExplainedChange['kind']) => changes.filter((c) => own(c) && c.kind === kind);
  const regressions = byKind('regression');
  const improvements = byKind('improvement');
  const newTopics = byKind('new_topic');
  const coinciding = changes.filter((c) => !own(c));
  const power = releasePower(impact, o);
  const scope = impact.scoped ? `${impact.product} tickets` : 'tickets';
  const parts: string[] = [];
  const { times } = o.table;
  const lastTicket = times.length ? times[times.length - 1] : -Infinity;
  const firstTicket = times.length ? times[0] : Infinity;
  if (impact.releasedAt > lastTicket || impact.releasedAt + o.afterDays * DAY_MS < firstTicket) {
    parts.push(impact.releasedAt > lastTicket ? 'Shipped after the data ends: nothing to compare yet.' : 'Shipped before the data starts: nothing to compare.');
  } else if (impact.ticketsBefore === 0 || impact.ticketsAfter === 0) {
    parts.push(
      impact.scopeTickets === 0
        ? `No ${scope} to compare it with.`
        : `No ${scope} in the ${impact.ticketsBefore === 0 ? `${o.beforeDays} days before` : `${o.afterDays} days after`} it: nothing to compare.`,
    );
  } else if (regressions.length + improvements.length + newTopics.length > 0) {
    const list = (items: ExplainedChange[], noun: string, nouns: string) =>
      items.length === 0 ? null : `${plural(items.length, noun, nouns)} (${items.map((c) => `${o.label(c.topic)}${c.kind === 'new_topic' ? '' : ` ${ratioWords(c.rateRatio)}`}`).join(', ')})`;
    const found = [list(regressions, 'regression', 'regressions'), list(improvements, 'fix', 'fixes'), list(newTopics, 'new problem', 'new problems')].filter(Boolean);
    parts.push(`${found.join(', ')}.`);
  } else if (power.rise !== null && power.topicTickets !== null) {
    parts.push(
      `No lasting change of ${formatRatio(power.rise)} or more in any topic with ≥ ${power.topicTickets} tickets in the ${o.beforeDays} days before; smaller ones cannot be told apart at these counts.`,
    );
  } else {
    parts.push(`Too few ${scope} around it to tell any change from chance.`);
  }
  if (coinciding.length > 0) {
    const kinds = [...new Set(coinciding.map((c) => c.explanation.replace('_', ' ')))].join(', ');
    parts.push(`${plural(coinciding.length, 'change')} in its windows ${coinciding.length === 1 ? 'is' : 'are'} explained otherwise (${kinds}).`);
  }
  const closed = fixedSentence(o.fixed, o.label);
  if (closed !== null) parts.push(`${closed.charAt(0).toUpperCase()}${closed.slice(1)}.`);
  const how = [
    impact.scoped ? `Compared with the ${impact.scopeTickets} ${impact.product} tickets only.` : `Compared with all ${impact.scopeTickets} tickets.`,
    `${impact.ticketsBefore} tickets in the ${impact.beforeDaysObserved} days before, ${impact.ticketsAfter} in the ${impact.afterDaysObserved} days after.`,
  ];
  if (power.rise !== null && power.topicTickets !== null) {
    how.push(
      `Power: the release test (Fisher's exact, Benjamini–Hochberg at ${o.fdr} over ${power.family} topics) finds a rise of ${formatRatio(power.rise)}` +
        (power.fall !== null ? ` or a fall to ${formatRatio(power.fall)}` : '') +
        ` in a topic with ${power.topicTickets} tickets before with ${Math.round(o.power * 100)}% probability.`,
    );
  }
  return {
    version: impact.version,
    product: impact.product,
    day: impact.day,
    scopeTickets: impact.scopeTickets,
    scoped: impact.scoped,
    regressions,
    improvements,
    newTopics,
    coinciding,
    fixedTickets: o.fixed.tickets,
    fixedTopics: o.fixed.topics,
    minDetectableRatio: power.rise === null ? null : roundTo(power.rise, 2),
    minDetectableFall: power.fall === null ? null : roundTo(power.fall, 3),
    powerTopicTickets: power.topicTickets,
    sentence: parts.join(' '),
    howWeKnow: how.join(' '),
  };
}

interface ReleasePower {
  rise: number | null;
  fall: number | null;
  topicTickets: number | null;
  family: number;
}

/**
 * The family the release test tested (topics whose counts could reach the level: Tarone's rule,
 * as in release-impact.ts), the median topic size among them, and the smallest changes found
 * with `power` in a topic that size (the 75th percentile or the largest topic when that size
 * could show none). Level: fdr / family, what a lone change needs under Benjamini–Hochberg.
 */
function releasePower(impact: ScopedReleaseImpact, o: ReleaseSummaryContext): ReleasePower {
  const none: ReleasePower = { rise: null, fall: null, topicTickets: null, family: 0 };
  const { table, mask } = o;
  const t = impact.releasedAt;
  const before = new Map<number, number>();
  const after = new Map<number, number>();
  let totalBefore = 0;
  let totalAfter = 0;
  const from = firstAtOrAfter(table, t - o.beforeDays * DAY_MS);
  const middle = firstAtOrAfter(table, t);
  const to = firstAtOrAfter(table, t + o.afterDays * DAY_MS);
  for (let i = from; i < to; i++) {
    if (mask !== null && mask[i] === 0) continue;
    const k = table.topicOf[i];
    const side = i < middle ? before : after;
    if (i < middle) totalBefore++;
    else totalAfter++;
    if (k >= 0) side.set(k, (side.get(k) ?? 0) + 1);
  }
  if (totalBefore === 0 || totalAfter === 0) return none;
  const family: number[] = [];
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(k) ?? 0;
    const a = after.get(k) ?? 0;
    const n = a + b;
    const exposureAfter = totalAfter - a;
    const exposureBefore = totalBefore - b;
    if (exposureAfter <= 0 || exposureBefore <= 0) continue;
    if (2 * 0.5 ** n >= o.fdr && fisherSmallestAttainableP(n, a + exposureAfter, n + exposureAfter + exposureBefore) > o.fdr) continue;
    family.push(b);
  }
  if (family.length === 0) return none;
  const exposureRatio = totalAfter / totalBefore;
  const level = o.fdr / family.length;
  const sizes = [Math.floor(median(family)), Math.floor(quantile(family, 0.75)), Math.max(...family)].filter((n) => n > 0);
  for (const topicTickets of [...new Set(sizes)]) {
    const input = { beforeTickets: topicTickets, exposureRatio, level, minRateRatio: o.minRateRatio };
    const rise = minDetectableRatio(input, 'rise', o.power);
    if (rise === null) continue;
    return { rise, fall: minDetectableRatio(input, 'fall', o.power), topicTickets, family: family.length };
  }
  return { ...none, family: family.length };
}
