/**
 * A small seeded PRNG so the demo data is byte-identical for the same options.
 *
 * sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator, from PractRand) passes
 * BigCrush, needs only 32-bit integer arithmetic and is several times faster than anything
 * built on crypto. Seeds are spread with splitmix32 so that nearby seeds give unrelated streams.
 */

/** splitmix32 finaliser: a well-mixed 32-bit hash of a 32-bit integer. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a of a string, mixed: turns labels like "releases" into independent seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A deterministic hash of several integers, for per-(org, release) facts that need no stream. */
export function hashInts(...values: number[]): number {
  let h = 0x2545f491;
  for (const v of values) h = mix32(h ^ mix32(v | 0));
  return h;
}

/** Uniform [0, 1) from a 32-bit hash. */
export function unitFromHash(hash: number): number {
  return hash / 4294967296;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.a = mix32(seed);
    this.b = mix32(this.a ^ 0x6a09e667);
    this.c = mix32(this.b ^ 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** An independent generator for one concern ("releases", "orgs"…), so that changing how
   *  many numbers one part draws does not reshuffle every other part. */
  static derive(seed: number, label: string): Rng {
    return new Rng(mix32(seed ^ hashString(label)));
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal deviate (Marsaglia polar method). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    let u: number, v: number, s: number;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /** Log-normal with the given median: the usual shape of response and resolution times. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /**
   * Binomial(n, p): inversion for small means, normal approximation above a mean of 30
   * (error far below what a demo can show), so drawing a day's count of 1e6 tickets is O(1).
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    const mean = n * p;
    if (mean < 30) {
      const q = 1 - p;
      const ratio = p / q;
      let prob = Math.pow(q, n);
      let u = this.next();
      let x = 0;
      while (u > prob && x < n) {
        u -= prob;
        x++;
        prob *= ((n - x + 1) * ratio) / x;
        if (prob < 1e-300) break;
      }
      return x;
    }
    const x = Math.round(mean + Math.sqrt(mean * (1 - p)) * this.normal());
    return Math.min(n, Math.max(0, x));
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/** Draws an index with probability proportional to its weight (binary search on the CDF). */
export class WeightedTable {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += Math.max(0, weights[i]);
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  draw(rng: Rng): number {
    const target = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * Splits `total` into counts proportional to `weights`, exactly summing to `total`
 * (a multinomial draw done as a chain of conditional binomials).
 */
export function multinomial(rng: Rng, total: number, weights: ArrayLike<number>): Int32Array {
  const counts = new Int32Array(weights.length);
  let remainingWeight = 0;
  let lastPositive = -1;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] > 0) {
      remainingWeight += weights[i];
      lastPositive = i;
    }
  }
  if (lastPositive < 0) return counts;
  let remaining = total;
  for (let i = 0; i <= lastPositive && remaining > 0; i++) {
    const w = weights[i];
    if (!(w > 0)) continue;
    // The last bucket takes the rest, so float drift in remainingWeight cannot lose tickets.
    const count = i === lastPositive ? remaining : rng.binomial(remaining, Math.min(1, w / remainingWeight));
    counts[i] = count;
    remaining -= count;
    remainingWeight -= w;
  }
  return counts;
}
