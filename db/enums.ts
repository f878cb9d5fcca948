/**
 * The closed sets of values some columns hold, declared once: db/schema.ts types its columns with
 * them (`text(…, { enum })`), zod validates input with them (lib/filters.ts), and the pure
 * analysis names its results with them. Plain constants, no imports, so lib/analysis may use them
 * without touching the database.
 */

/** A ticket's status grouped into the few states every helpdesk has (the raw status is kept too). */
export const STATUS_CATEGORIES = ['new', 'open', 'pending', 'solved', 'closed'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

/** A ticket's normalised priority (the raw one is kept too). */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What a release did to a topic. */
export const RELEASE_FINDING_KINDS = ['regression', 'improvement', 'new_topic'] as const;
export type FindingKind = (typeof RELEASE_FINDING_KINDS)[number];

/** Whether a release finding can be pinned on its release (another one shipped close by: ambiguous). */
export const ATTRIBUTIONS = ['confident', 'ambiguous'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

/** A pain point's trend against the window before. */
export const TREND_DIRECTIONS = ['rising', 'falling', 'steady'] as const;
export type TrendDirection = (typeof TREND_DIRECTIONS)[number];

/** Every anomaly gets exactly one of these (issue 14: one event, one explanation). */
export const EXPLANATIONS = ['incident', 'recurring_episode', 'bulk_filing', 'release', 'unexplained'] as const;
export type Explanation = (typeof EXPLANATIONS)[number];
