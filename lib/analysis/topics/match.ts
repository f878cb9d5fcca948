/**
 * Keeping topic identity across re-analyses. A new clustering is matched to the previous topics
 * by a score mixing ticket overlap (Jaccard of the tickets both runs saw) and centroid cosine
 * (compared through term strings, since the two vocabularies differ), with an optimal one-to-one
 * assignment (Hungarian) over previous centroid rows. Matched topics keep their old id (and a
 * locked label); the rest get new ids. A topic merged by hand has several centroid rows with one
 * id, so the new topics resembling each of its parts all get that id: merged stays merged.
 */
import { maxWeightMatching } from './hungarian';
import { topicIdFor, type ModelCentroids, type TopicModel, type TopicSummary } from './model';
import { combineSummaries } from './summaries';

export interface TopicAssignmentSnapshot {
  ticketIds: readonly string[];
  /** Topic id per ticket, null = unclustered. */
  topicIds: readonly (string | null)[];
}

export interface MatchOptions {
  /** Below this score a new topic is considered new. */
  minScore: number;
  /** Weight of ticket overlap in the score (the rest is centroid cosine). */
  overlapWeight: number;
  /** An old topic counts as split when at least two new topics each got this share of its tickets. */
  splitShare: number;
  /** A new topic counts as a merge when it got at least this share of two or more old topics. */
  mergeShare: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = { minScore: 0.25, overlapWeight: 0.5, splitShare: 0.2, mergeShare: 0.5 };

export interface TopicMatch {
  previousId: string;
  id: string;
  score: number;
  jaccard: number;
  cosine: number;
}

export interface MatchReport {
  matched: TopicMatch[];
  /** Ids given to topics that match no previous topic. */
  created: string[];
  /** Previous ids no new topic took. */
  retired: string[];
  splits: { previousId: string; into: string[] }[];
  merges: { previousIds: string[]; into: string }[];
}

export interface MatchedTopics extends TopicAssignmentSnapshot {
  model: TopicModel;
  report: MatchReport;
}

/** Cosine between every current and previous centroid row, through term strings. */
function crossCosines(current: TopicModel, previous: TopicModel): Float64Array {
  const a = current.centroids;
  const b = previous.centroids;
  const rowsA = a.topicIds.length;
  const rowsB = b.topicIds.length;
  const out = new Float64Array(rowsA * rowsB);
  // Term string → (previous row, weight) postings.
  const postings = new Map<string, { row: number; weight: number }[]>();
  for (let r = 0; r < rowsB; r++) {
    for (let p = b.indptr[r]; p < b.indptr[r + 1]; p++) {
      const term = previous.vocabulary.terms[b.terms[p]];
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push({ row: r, weight: b.weights[p] });
    }
  }
  for (let r = 0; r < rowsA; r++) {
    for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) {
      const list = postings.get(current.vocabulary.terms[a.terms[p]]);
      if (list) for (const { row, weight } of list) out[r * rowsB + row] += a.weights[p] * weight;
    }
  }
  return out;
}

/**
 * Renames the topics of `current` (fresh ids from discoverTopics) after the `previous` ones.
 * Both snapshots list tickets by id; only tickets present in both runs count for overlap.
 */
export function matchTopics(
  previous: { model: TopicModel } & TopicAssignmentSnapshot,
  current: { model: TopicModel } & TopicAssignmentSnapshot,
  options: MatchOptions = DEFAULT_MATCH_OPTIONS,
): MatchedTopics {
  const prevModel = previous.model;
  const currModel = current.model;
  const currTopics = currModel.topics;
  const currIndex = new Map(currTopics.map((t, i) => [t.id, i]));
  const prevIds = [...new Set([...prevModel.topics.map((t) => t.id), ...prevModel.centroids.topicIds])];
  const prevIndex = new Map(prevIds.map((id, i) => [id, i]));
  const K = currTopics.length;
  const P = prevIds.length;

  // Ticket overlap on tickets both runs assigned.
  const previousTopicOf = new Map<string, number>();
  previous.ticketIds.forEach((ticket, i) => {
    const id = previous.topicIds[i];
    const p = id === null ? undefined : prevIndex.get(id);
    if (p !== undefined) previousTopicOf.set(ticket, p);
  });
  const overlap = new Float64Array(K * P);
  const currCommon = new Float64Array(K);
  const prevCommon = new Float64Array(P);
  let common = 0;
  current.ticketIds.forEach((ticket, i) => {
    const p = previousTopicOf.get(ticket);
    if (p === undefined) return;
    common++;
    prevCommon[p]++;
    const id = current.topicIds[i];
    const c = id === null ? undefined : currIndex.get(id);
    if (c === undefined) return;
    currCommon[c]++;
    overlap[c * P + p]++;
  });
  const jaccard = (c: number, p: number) => {
    const inter = overlap[c * P + p];
    const union = currCommon[c] + prevCommon[p] - inter;
    return union > 0 ? inter / union : 0;
  };
  const overlapWeight = common > 0 ? options.overlapWeight : 0;

  // Score current topics against previous centroid rows.
  const cosines = crossCosines(currModel, prevModel);
  const rowsPrev = prevModel.centroids.topicIds.length;
  const rowsCurrOf: number[][] = Array.from({ length: K }, () => []);
  currModel.centroids.topicIds.forEach((id, r) => {
    const c = currIndex.get(id);
    if (c !== undefined) rowsCurrOf[c].push(r);
  });
  const cosineOf = (c: number, prevRow: number) => {
    let best = 0;
    for (const r of rowsCurrOf[c]) best = Math.max(best, cosines[r * rowsPrev + prevRow]);
    return best;
  };
  const score = new Float64Array(K * rowsPrev);
  for (let c = 0; c < K; c++) {
    for (let r = 0; r < rowsPrev; r++) {
      const p = prevIndex.get(prevModel.centroids.topicIds[r])!;
      score[c * rowsPrev + r] = overlapWeight * jaccard(c, p) + (1 - overlapWeight) * cosineOf(c, r);
    }
  }
  // Previous topics without a centroid row (created by a keyword split) compete by overlap only.
  const rowless = prevIds.filter((id) => !prevModel.centroids.topicIds.includes(id));
  const columns = rowsPrev + rowless.length;
  const fullScore = new Float64Array(K * columns);
  for (let c = 0; c < K; c++) {
    fullScore.set(score.subarray(c * rowsPrev, (c + 1) * rowsPrev), c * columns);
    rowless.forEach((id, x) => (fullScore[c * columns + rowsPrev + x] = overlapWeight > 0 ? jaccard(c, prevIndex.get(id)!) : 0));
  }
  const columnTopic = [...prevModel.centroids.topicIds, ...rowless];

  const newIdOf: (string | null)[] = new Array(K).fill(null);
  const matched: TopicMatch[] = [];
  for (const [c, column] of maxWeightMatching(fullScore, K, columns)) {
    const s = fullScore[c * columns + column];
    if (s < options.minScore) continue;
    const previousId = columnTopic[column];
    newIdOf[c] = previousId;
    const p = prevIndex.get(previousId)!;
    matched.push({
      previousId,
      id: previousId,
      score: round(s),
      jaccard: round(jaccard(c, p)),
      cosine: round(column < rowsPrev ? cosineOf(c, column) : 0),
    });
  }
  let nextNumber = prevModel.nextTopicNumber;
  const created: string[] = [];
  for (let c = 0; c < K; c++) {
    if (newIdOf[c] === null) {
      newIdOf[c] = topicIdFor(nextNumber++);
      created.push(newIdOf[c]!);
    }
  }

  // Rebuild the model under the new ids; topics sharing an id (parts of a merged topic) combine.
  const renamed = new Map(currTopics.map((t, c) => [t.id, newIdOf[c]!]));
  const previousById = new Map(prevModel.topics.map((t) => [t.id, t]));
  const byId = new Map<string, TopicSummary>();
  currTopics.forEach((t, c) => {
    const id = newIdOf[c]!;
    const summary = { ...t, id };
    const before = byId.get(id);
    byId.set(id, before ? combineSummaries(before, summary) : summary);
  });
  for (const [id, summary] of byId) {
    const old = previousById.get(id);
    if (old?.labelLocked) byId.set(id, { ...summary, label: old.label, labelLocked: true });
  }
  const topics = [...byId.values()].sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
  const centroids: ModelCentroids = {
    ...currModel.centroids,
    topicIds: currModel.centroids.topicIds.map((id) => renamed.get(id) ?? id),
  };
  const liveIds = new Set(topics.map((t) => t.id));
  // Themes of the new clustering name its topics by their fresh ids: rename them too.
  const themes = currModel.themes?.map((theme) => ({ ...theme, topicIds: [...new Set(theme.topicIds.map((id) => renamed.get(id) ?? id))] }));
  const model: TopicModel = {
    ...currModel,
    ...(themes ? { themes } : {}),
    centroids,
    topics,
    // Keyword-split rules travel with their topics; curation replay re-applies them too.
    splitRules: prevModel.splitRules.filter((r) => liveIds.has(r.fromTopicId)),
    nextTopicNumber: nextNumber,
  };
  const topicIds = current.topicIds.map((id) => (id === null ? null : (renamed.get(id) ?? id)));

  // Splits and merges, from ticket flows.
  const splits: MatchReport['splits'] = [];
  for (let p = 0; p < P; p++) {
    if (prevCommon[p] === 0) continue;
    const into = new Set<string>();
    for (let c = 0; c < K; c++) if (overlap[c * P + p] >= options.splitShare * prevCommon[p]) into.add(newIdOf[c]!);
    if (into.size >= 2) splits.push({ previousId: prevIds[p], into: [...into].sort() });
  }
  const merges: MatchReport['merges'] = [];
  const mergedInto = new Map<string, Set<string>>();
  for (let c = 0; c < K; c++) {
    for (let p = 0; p < P; p++) {
      if (prevCommon[p] > 0 && overlap[c * P + p] >= options.mergeShare * prevCommon[p]) {
        const id = newIdOf[c]!;
        if (!mergedInto.has(id)) mergedInto.set(id, new Set());
        mergedInto.get(id)!.add(prevIds[p]);
      }
    }
  }
  for (const [into, from] of mergedInto) if (from.size >= 2) merges.push({ previousIds: [...from].sort(), into });
  const taken = new Set(newIdOf);
  const retired = prevIds.filter((id) => !taken.has(id));
  return {
    model,
    ticketIds: current.ticketIds,
    topicIds,
    report: { matched, created, retired, splits, merges },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
