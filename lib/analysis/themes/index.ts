/**
 * Themes: topics grouped into problem areas. Pure (arrays in, plain data out).
 *
 * A full analysis produces them: `reanalyzeTopics(...)` returns `model.themes` and a theme id per
 * ticket, matched to the previous themes and with the stored theme curation replayed
 * (`options.themeCuration`). Between analyses a ticket's theme is its topic's
 * (`themeOfTopicMap(model.themes)`), and hand curation of topics keeps the themes in step.
 */
export { groupTopics, DEFAULT_GROUP_TOPICS_OPTIONS, type GroupTopicsOptions, type GroupTopicsInput } from './group-topics';
export { describeThemes, weightedKeywords, type ThemeGroup, type DescribeThemesInput } from './describe';
export { matchThemes, DEFAULT_THEME_MATCH_OPTIONS, type ThemeMatchOptions, type ThemeMatchReport, type PreviousThemes } from './match';
export {
  applyThemeCuration,
  replayThemeCuration,
  unfoldThemeCuration,
  type ThemeCurationOperation,
  type ThemeCurationOutcome,
  type ThemeCurationState,
} from './curate';
export { themeIdFor, themeNumber, themeOfTopicMap, ticketThemeIds, reconcileThemes, type ThemeSummary } from './model';
