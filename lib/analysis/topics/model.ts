/**
 * The saved state of topic discovery: enough to assign new tickets to existing topics, to match
 * a later re-analysis to these topics, and to show them. A plain object of strings, numbers and
 * typed arrays; `serializeTopicModel` turns it into JSON-safe data (typed arrays as base64) and
 * the typed arrays can equally be stored as bytea.
 */
import type { ThemeSummary } from '@/lib/analysis/themes/model';
import type { HygieneRules } from './hygiene';
import type { TopicKeyword } from './keyword';
import type { Vocabulary } from './tfidf';

export const TOPIC_MODEL_VERSION = 1;

export type { TopicKeyword };

export interface TopicSummary {
  id: string;
  label: string;
  /** Set by a person (rename): re-analysis keeps this label instead of generating one. */
  labelLocked: boolean;
  keywords: TopicKeyword[];
  size: number;
  /**
   * Tickets of the topic containing every word of its label (label-support.ts): "in 41 of 52
   * tickets". Absent in models saved before labels were measured.
   */
  labelSupport?: number;
  /** Distinct customers (requester or organisation) among the topic's tickets. */
  customers: number;
  /** Three ticket ids close to the topic's centre but unlike each other (MMR). */
  representatives: string[];
}

/**
 * Tickets of `fromTopicId` whose text contains any keyword belong to `toTopicId` (a manual split,
 * applied after nearest-centroid assignment so new tickets follow it too).
 */
export interface SplitRule {
  fromTopicId: string;
  toTopicId: string;
  /** One entry per keyword: its stems joined by spaces, all of which must occur ("top up"). */
  stems: string[];
}

/** Sparse unit centroids; row r belongs to topic `topicIds[r]` (a merged topic has several rows). */
export interface ModelCentroids {
  topicIds: string[];
  indptr: Int32Array;
  /** Column in `vocabulary.terms`. */
  terms: Int32Array;
  weights: Float32Array;
  /**
   * Mean resultant length of each row's tickets in the fit sample (see SparseCentroids.cohesion),
   * for average-linkage themes; absent in models saved before themes.
   */
  cohesion?: Float32Array;
  /**
   * Per row, the least cosine a ticket needs to join it (below: miscellaneous, see discover.ts
   * fitFloor); absent in models saved before the miscellaneous rule.
   */
  floors?: Float32Array;
}

export interface TopicModelSettings {
  /** Below this cosine to every centroid a ticket is unclustered. */
  assignThreshold: number;
  bigrams: boolean;
}

export interface TopicModel {
  version: typeof TOPIC_MODEL_VERSION;
  settings: TopicModelSettings;
  /** The export's learned text hygiene; absent in models saved before it existed (none applied). */
  hygiene?: HygieneRules;
  vocabulary: Vocabulary;
  centroids: ModelCentroids;
  topics: TopicSummary[];
  splitRules: SplitRule[];
  /** Next number for a new topic id (`t<number>`): ids are never reused. */
  nextTopicNumber: number;
  /** Themes over the topics (every topic in one); absent in models saved before themes. */
  themes?: ThemeSummary[];
  /** Next number for a new theme id (`th<number>`). */
  nextThemeNumber?: number;
}

/** Topic ids are made in lib/topic-id.ts (the one encoding); re-exported for the topic modules. */
export { topicIdFor } from '@/lib/topic-id';

/** JSON-safe form of a TopicModel: typed arrays become base64 strings of their little-endian bytes. */
export interface SerializedTopicModel {
  version: number;
  settings: TopicModelSettings;
  hygiene?: HygieneRules;
  vocabulary: { terms: string[]; idf: string };
  centroids: { topicIds: string[]; indptr: string; terms: string; weights: string; cohesion?: string; floors?: string };
  topics: TopicSummary[];
  splitRules: SplitRule[];
  nextTopicNumber: number;
  themes?: ThemeSummary[];
  nextThemeNumber?: number;
}

function toBase64(array: Int32Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64<T extends Int32Array | Float32Array>(text: string, make: (buffer: ArrayBuffer) => T): T {
  const bytes = Buffer.from(text, 'base64');
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

export function serializeTopicModel(model: TopicModel): SerializedTopicModel {
  return {
    version: model.version,
    settings: model.settings,
    ...(model.hygiene ? { hygiene: model.hygiene } : {}),
    vocabulary: { terms: model.vocabulary.terms, idf: toBase64(model.vocabulary.idf) },
    centroids: {
      topicIds: model.centroids.topicIds,
      indptr: toBase64(model.centroids.indptr),
      terms: toBase64(model.centroids.terms),
      weights: toBase64(model.centroids.weights),
      ...(model.centroids.cohesion ? { cohesion: toBase64(model.centroids.cohesion) } : {}),
      ...(model.centroids.floors ? { floors: toBase64(model.centroids.floors) } : {}),
    },
    topics: model.topics,
    splitRules: model.splitRules,
    nextTopicNumber: model.nextTopicNumber,
    ...(model.themes ? { themes: model.themes, nextThemeNumber: model.nextThemeNumber } : {}),
  };
}

export function deserializeTopicModel(data: SerializedTopicModel): TopicModel {
  if (data.version !== TOPIC_MODEL_VERSION) {
    throw new Error(`topic model version ${data.version} is not supported (expected ${TOPIC_MODEL_VERSION})`);
  }
  return {
    version: TOPIC_MODEL_VERSION,
    settings: data.settings,
    ...(data.hygiene ? { hygiene: data.hygiene } : {}),
    vocabulary: { terms: data.vocabulary.terms, idf: fromBase64(data.vocabulary.idf, (b) => new Float32Array(b)) },
    centroids: {
      topicIds: data.centroids.topicIds,
      indptr: fromBase64(data.centroids.indptr, (b) => new Int32Array(b)),
      terms: fromBase64(data.centroids.terms, (b) => new Int32Array(b)),
      weights: fromBase64(data.centroids.weights, (b) => new Float32Array(b)),
      ...(data.centroids.cohesion ? { cohesion: fromBase64(data.centroids.cohesion, (b) => new Float32Array(b)) } : {}),
      ...(data.centroids.floors ? { floors: fromBase64(data.centroids.floors, (b) => new Float32Array(b)) } : {}),
    },
    topics: data.topics,
    splitRules: data.splitRules,
    nextTopicNumber: data.nextTopicNumber,
    ...(data.themes ? { themes: data.themes, nextThemeNumber: data.nextThemeNumber } : {}),
  };
}
