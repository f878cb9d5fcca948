/**
 * The analysis windows, in days. Set once here; the analysis job stores the ones it used with
 * its results (settings key `analysis_windows`) and pages read them from there
 * (lib/queries/analysis-windows.ts), so changing a default can never make a page lie.
 */
export interface AnalysisWindows {
  /** Days before a release its after-window is compared with. */
  releaseBeforeDays: number;
  /** Days after a release that are tested for changes. */
  releaseAfterDays: number;
  /** Pain points: tickets of the last this-many days, trend against the same span before. */
  painPointDays: number;
}

export const DEFAULT_ANALYSIS_WINDOWS: AnalysisWindows = Object.freeze({ releaseBeforeDays: 28, releaseAfterDays: 14, painPointDays: 28 });
