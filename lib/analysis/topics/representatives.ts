/**
 * Representative tickets by Maximal Marginal Relevance (Carbonell & Goldstein, SIGIR 1998):
 * repeatedly take the candidate maximising λ·sim(ticket, centroid) − (1 − λ)·max sim(ticket,
 * already chosen). The closest tickets alone are often near-duplicates of each other; MMR shows
 * three different ways customers describe the same issue.
 */

/** A candidate ticket: its cosine to the topic centroid and its unit TF-IDF vector. */
export interface RepresentativeCandidate {
  doc: number;
  similarity: number;
  columns: Int32Array;
  weights: Float32Array;
}

function cosine(a: RepresentativeCandidate, b: RepresentativeCandidate): number {
  // Both column lists are short (one ticket each): a hash of the smaller is not worth it.
  let dot = 0;
  for (let i = 0; i < a.columns.length; i++) {
    const column = a.columns[i];
    for (let j = 0; j < b.columns.length; j++) if (b.columns[j] === column) dot += a.weights[i] * b.weights[j];
  }
  return dot;
}

/** Up to `count` distinct candidates (by doc), chosen by MMR with trade-off `lambda`. */
export function selectRepresentatives(candidates: readonly RepresentativeCandidate[], count = 3, lambda = 0.7): number[] {
  const chosen: RepresentativeCandidate[] = [];
  const remaining = [...candidates].sort((a, b) => b.similarity - a.similarity || a.doc - b.doc);
  while (chosen.length < count && remaining.length > 0) {
    let bestIndex = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < remaining.length; i++) {
      let redundancy = 0;
      for (const c of chosen) redundancy = Math.max(redundancy, cosine(remaining[i], c));
      const score = lambda * remaining[i].similarity - (1 - lambda) * redundancy;
      if (score > bestScore) {
        bestScore = score;
        bestIndex = i;
      }
    }
    chosen.push(remaining.splice(bestIndex, 1)[0]);
  }
  return chosen.map((c) => c.doc);
}

/** Keeps, per topic, the `size` documents most similar to its centroid (a bounded min-heap each). */
export class TopCandidates {
  private readonly docs: Int32Array;
  private readonly sims: Float32Array;
  private readonly counts: Int32Array;

  constructor(
    topics: number,
    private readonly size: number,
  ) {
    this.docs = new Int32Array(topics * size);
    this.sims = new Float32Array(topics * size);
    this.counts = new Int32Array(topics);
  }

  offer(topic: number, doc: number, similarity: number): void {
    const base = topic * this.size;
    const n = this.counts[topic];
    if (n < this.size) {
      this.docs[base + n] = doc;
      this.sims[base + n] = similarity;
      this.counts[topic] = n + 1;
      this.siftUp(base, n);
    } else if (similarity > this.sims[base]) {
      this.docs[base] = doc;
      this.sims[base] = similarity;
      this.siftDown(base, n);
    }
  }

  /** Documents kept for `topic` with their similarity, best first. */
  list(topic: number): { doc: number; similarity: number }[] {
    const base = topic * this.size;
    const out: { doc: number; similarity: number }[] = [];
    for (let i = 0; i < this.counts[topic]; i++) out.push({ doc: this.docs[base + i], similarity: this.sims[base + i] });
    return out.sort((a, b) => b.similarity - a.similarity || a.doc - b.doc);
  }

  private siftUp(base: number, at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (this.sims[base + at] >= this.sims[base + parent]) break;
      this.swap(base + at, base + parent);
      at = parent;
    }
  }

  private siftDown(base: number, n: number): void {
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let smallest = at;
      if (left < n && this.sims[base + left] < this.sims[base + smallest]) smallest = left;
      if (right < n && this.sims[base + right] < this.sims[base + smallest]) smallest = right;
      if (smallest === at) return;
      this.swap(base + at, base + smallest);
      at = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const d = this.docs[a];
    this.docs[a] = this.docs[b];
    this.docs[b] = d;
    const s = this.sims[a];
    this.sims[a] = this.sims[b];
    this.sims[b] = s;
  }
}
