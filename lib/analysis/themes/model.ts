/**
 * Themes: the level above topics. A theme is a group of topics about one problem area ("Login
 * and passwords", "Invoices and refunds"); every topic belongs to exactly one theme, and a
 * ticket's theme is its topic's (an unclustered ticket has none). Plain data, stored inside the
 * topic model (TopicModel.themes) so incremental assignment and curation see the same grouping.
 */
import type { TopicKeyword } from '@/lib/analysis/topics/model';

export interface ThemeSummary {
  /** `th<number>`, stable across analyses (match.ts) and never reused. */
  id: string;
  label: string;
  /** Set by a person (rename): re-analysis keeps this label instead of generating one. */
  labelLocked: boolean;
  /** Member topics, largest first. */
  topicIds: string[];
  /** Tickets in the theme's topics. */
  size: number;
  /** Distinct customers among those tickets. */
  customers: number;
  /** Tickets containing every word of the label (as for topics: "in 310 of 402 tickets"). */
  labelSupport?: number;
  /** The member topics' keywords, weighted by topic size. */
  keywords: TopicKeyword[];
}

export function themeIdFor(number: number): string {
  return `th${number}`;
}

/** The number of a theme id (`th12` → 12), 0 when it is not one. */
export function themeNumber(id: string): number {
  const match = /^th(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}

/** Theme id of every topic id listed in `themes` (a topic missing from all themes has none). */
export function themeOfTopicMap(themes: readonly Pick<ThemeSummary, 'id' | 'topicIds'>[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const theme of themes) for (const topic of theme.topicIds) map.set(topic, theme.id);
  return map;
}

/** Theme id of each ticket from its topic id (null: unclustered, or a topic in no theme). */
export function ticketThemeIds(
  topicIds: readonly (string | null)[],
  themes: readonly Pick<ThemeSummary, 'id' | 'topicIds'>[],
): (string | null)[] {
  const themeOf = themeOfTopicMap(themes);
  return topicIds.map((topic) => (topic === null ? null : (themeOf.get(topic) ?? null)));
}
