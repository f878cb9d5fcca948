/**
 * Themes: the level above topics. A theme is a group of topics about one problem area ("Login
 * and passwords", "Invoices and refunds"); every topic belongs to exactly one theme, and a
 * ticket's theme is its topic's (an unclustered ticket has none). Plain data, stored inside the
 * topic model (TopicModel.themes) so incremental assignment and curation see the same grouping.
 */
import type { TopicKeyword } from '@/lib/analysis/topics/keyword';

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

/**
 * Themes kept in step with the topics after a hand curation of topics (merge, split, move)
 * between analyses: topics gone leave their theme (an emptied theme goes), a topic new to the
 * model joins the theme of the topic it was split from (or a theme of its own), and sizes are
 * the sums of the member topics' (customers of a theme whose topics changed too: an upper bound
 * until the next analysis counts them; a theme that kept its topics keeps its count). Labels,
 * ids and the rest stay; the next analysis describes the themes afresh.
 */
export function reconcileThemes(
  themes: readonly ThemeSummary[],
  topics: readonly { id: string; label: string; size: number; customers: number }[],
  splitRules: readonly { fromTopicId: string; toTopicId: string }[],
  nextThemeNumber: number,
): { themes: ThemeSummary[]; nextThemeNumber: number } {
  const byId = new Map(topics.map((t) => [t.id, t]));
  const out = themes.map((theme) => ({ ...theme, topicIds: theme.topicIds.filter((id) => byId.has(id)) }));
  const themeOf = themeOfTopicMap(out);
  let next = nextThemeNumber;
  for (const topic of topics) {
    if (themeOf.has(topic.id)) continue;
    const source = splitRules.find((r) => r.toTopicId === topic.id)?.fromTopicId;
    const home = source ? out.find((t) => t.id === themeOf.get(source)) : undefined;
    if (home) home.topicIds.push(topic.id);
    else {
      out.push({ id: themeIdFor(next++), label: topic.label, labelLocked: false, topicIds: [topic.id], size: 0, customers: 0, keywords: [] });
    }
    themeOf.set(topic.id, home ? home.id : themeIdFor(next - 1));
  }
  const before = new Map(themes.map((t) => [t.id, t.topicIds]));
  // A theme that kept exactly its topics keeps its distinct-customer count (a sum over topics
  // counts a customer of two topics twice); a changed one gets the sum, an upper bound.
  const sameTopics = (t: ThemeSummary) => {
    const old = before.get(t.id);
    return old !== undefined && old.length === t.topicIds.length && t.topicIds.every((id) => old.includes(id));
  };
  return {
    themes: out
      .filter((t) => t.topicIds.length > 0)
      .map((t) => ({
        ...t,
        size: t.topicIds.reduce((n, id) => n + byId.get(id)!.size, 0),
        customers: sameTopics(t) ? t.customers : t.topicIds.reduce((n, id) => n + byId.get(id)!.customers, 0),
      })),
    nextThemeNumber: next,
  };
}
