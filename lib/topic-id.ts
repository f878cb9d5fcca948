/**
 * Topic and theme ids: one encoding everywhere. A topic id is the text "t<number>" ("t12") in
 * the database, the URLs, the stored model and every TypeScript layer; a ticket no topic was
 * found for has `null`. The other spellings of "no topic" live only at their edges, here:
 * `none` in a URL (`parseTopicParam`/`formatTopicParam`) and `unclustered` in CLI output
 * (`formatTopicForCli`). Sort with `compareTopicIds` (t2 before t10), never with string order.
 */

declare const topicIdBrand: unique symbol;
declare const themeIdBrand: unique symbol;

/** "t12": the id of a topic. Branded so a plain string (a label, a version) is not taken for one. */
export type TopicId = string & { readonly [topicIdBrand]: true };
/** "th3": the id of a theme (a group of topics). */
export type ThemeId = string & { readonly [themeIdBrand]: true };

const TOPIC_ID = /^t\d{1,9}$/;

/** The id of the topic numbered `number` (ids are never reused: see TopicModel.nextTopicNumber). */
export function topicIdFor(number: number): TopicId {
  return `t${number}` as TopicId;
}

/** True for text shaped like a topic id ("t12"). */
export function isTopicId(value: string): value is TopicId {
  return TOPIC_ID.test(value);
}

/**
 * A topic id read from storage (the database, a stored model, a fixture), trusted as written
 * by this program; null stays null.
 */
export function asTopicId(value: string): TopicId;
export function asTopicId(value: string | null): TopicId | null;
export function asTopicId(value: string | null): TopicId | null {
  return value as TopicId | null;
}

/** The number in a topic id ("t12" → 12): for seeds and for the order of ids. */
export function topicNumber(id: TopicId): number {
  return Number(id.slice(1));
}

/** Numeric order of topic ids (t2 < t10); an unclustered `null` sorts last. */
export function compareTopicIds(a: TopicId | null, b: TopicId | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return topicNumber(a) - topicNumber(b);
}

/**
 * Text order of topic ids (t10 < t2): the tie order the team report has always printed, kept so
 * its JSON stays the same. New code sorts with compareTopicIds.
 */
export function compareTopicIdsAsText(a: TopicId, b: TopicId): number {
  return a.localeCompare(b);
}

/** The id of the theme numbered `number`. */
export function themeIdFor(number: number): ThemeId {
  return `th${number}` as ThemeId;
}

/** How a URL (`?topic=none`) or a form field writes "the tickets without a topic". */
export const UNCLUSTERED_PARAM = 'none';

/** A `topic` URL value: a topic id, or null for `none`; undefined when it is neither. */
export function parseTopicParam(value: string): TopicId | null | undefined {
  if (value === UNCLUSTERED_PARAM) return null;
  return isTopicId(value) ? value : undefined;
}

/** A topic (or null for unclustered) as a URL value. */
export function formatTopicParam(topic: TopicId | null): string {
  return topic ?? UNCLUSTERED_PARAM;
}

/** A ticket's topic as the CLI prints it: the id, or `unclustered`. */
export function formatTopicForCli(topic: TopicId | null): string {
  return topic ?? 'unclustered';
}

/** A ticket's theme as the CLI prints it: the id, or `unclustered` (no topic, so no theme). */
export function formatThemeForCli(theme: ThemeId | null): string {
  return theme ?? 'unclustered';
}

/** A theme id read from storage or a stored model, trusted as written by this program; null stays null. */
export function asThemeId(value: string): ThemeId;
export function asThemeId(value: string | null): ThemeId | null;
export function asThemeId(value: string | null): ThemeId | null {
  return value as ThemeId | null;
}
