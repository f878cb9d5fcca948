/**
 * Topic discovery: recurring issues from ticket text, and the themes above them
 * (lib/analysis/themes). Pure (arrays in, plain data out).
 *
 * First analysis: `discoverTopics({ ids, texts: tickets.map(t => ticketText(t)), customers })`.
 * Later analyses: `reanalyzeTopics(input, previous, curationOperations)`.
 * New tickets between analyses: `new TopicAssigner(model).assign(texts)`.
 */
export { ticketText, cleanTicketText, type TicketTextInput } from './clean';
export { tokenizeWords, TermAnalyzer, tokenizeCorpus, type TokenizedCorpus } from './text';
export { STOP_WORDS, NEGATIONS, NEGATION_TOKEN } from './stop-words';
export { fitVocabulary, indexVocabulary, vectorizeCorpus, DEFAULT_TFIDF_OPTIONS, type TfidfOptions, type Vocabulary } from './tfidf';
export type { CsrMatrix } from './sparse';
export {
  discoverTopics,
  defaultMinTopicSize,
  DEFAULT_DISCOVER_OPTIONS,
  type DiscoverOptions,
  type DiscoveryStats,
  type TopicDiscovery,
  type TopicInput,
} from './discover';
export { TopicAssigner, assignTickets, type TicketAssignment } from './assign';
export { matchTopics, DEFAULT_MATCH_OPTIONS, type MatchOptions, type MatchReport, type MatchedTopics } from './match';
export {
  applyCuration,
  replayCuration,
  keywordStems,
  type CurationOperation,
  type CurationOutcome,
  type CurationState,
} from './curate';
export { reanalyzeTopics, type PreviousAnalysis, type TopicAnalysis, type ReanalyzeOptions } from './reanalyze';
export { learnHygiene, TextCleaner, EMPTY_HYGIENE_RULES, type HygieneRules } from './hygiene';
export { countLabelSupport, labelStemIds } from './label-support';
export {
  serializeTopicModel,
  deserializeTopicModel,
  TOPIC_MODEL_VERSION,
  type TopicModel,
  type TopicSummary,
  type TopicKeyword,
  type SplitRule,
  type SerializedTopicModel,
} from './model';
