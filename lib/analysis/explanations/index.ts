/**
 * The explanation step (issue 14): every anomaly explained once — incident, recurring episode,
 * bulk filing, release or unexplained — with release impact scoped to products, what each
 * release closed, and what a quiet release could have detected. Pure, like all of lib/analysis.
 */
export * from './types';
export { explainAnomalies, type ExplanationInput, type ExplanationOptions } from './explain';
export { detectAndExplain, detectFindings, type DetectAndExplainOptions, type DetectionOptions, type Detections } from './detect';
export { detectScopedReleaseImpact } from './scoped-release-impact';
export { productKey, ticketProducts, inReleaseScope, ticketsCarryProducts } from './products';
export { fixedByRelease, fixedSentence, type FixedByRelease } from './fixed-tickets';
export { minDetectableRatio, releaseTestPower, type PowerInput } from './power';
export { requesterVerdict, burstPersistence, BURST_DEFAULTS, type BurstOptions } from './bursts';
export { TopicKeys } from './topic-keys';
