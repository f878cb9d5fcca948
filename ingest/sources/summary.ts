/**
 * What a parser skipped on purpose, as opposed to rejected: these rows are valid but are not
 * tickets/releases (GitHub pull requests, Jira versions not yet released, draft releases…).
 * The loader can show the counts next to the rejected rows so no row disappears unexplained.
 */

export const SKIP_REASONS = [
  'pull-request', // GitHub: issues endpoints also list PRs
  'superseded', // an older copy of a ticket in an update stream (Zendesk, newest updated_at wins)
  'draft-release', // GitHub releases still in draft
  'unreleased-version', // Jira versions with released=false or no releaseDate
  'untagged-commit', // git log lines whose decoration has no tag
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface ParseSummary {
  skipped: Record<SkipReason, number>;
}

export function emptySummary(): ParseSummary {
  return {
    skipped: Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>,
  };
}
