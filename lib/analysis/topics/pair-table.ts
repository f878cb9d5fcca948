/**
 * A hash table from a pair of non-negative int32 (two stem ids) to a dense entry id, on typed
 * arrays. Bigram counting over a million tickets touches tens of millions of pairs; a Map keyed
 * by strings or by a*V+b doubles would allocate on every probe.
 */
export class PairTable {
  private slots: Int32Array; // entry id + 1, 0 = empty
  private mask: number;
  private firsts: Int32Array;
  private seconds: Int32Array;
  size = 0;

  constructor(expectedEntries = 1024) {
    let capacity = 16;
    while (capacity < expectedEntries * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.firsts = new Int32Array(Math.max(16, expectedEntries));
    this.seconds = new Int32Array(Math.max(16, expectedEntries));
  }

  /** Entry id of (a, b), or -1. */
  get(a: number, b: number): number {
    let slot = hash(a, b) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      if (this.firsts[entry - 1] === a && this.seconds[entry - 1] === b) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Entry id of (a, b), inserting it (with the next id) when absent. */
  intern(a: number, b: number): number {
    let slot = hash(a, b) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      if (this.firsts[entry - 1] === a && this.seconds[entry - 1] === b) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
    const id = this.size++;
    if (id === this.firsts.length) {
      this.firsts = grow(this.firsts);
      this.seconds = grow(this.seconds);
    }
    this.firsts[id] = a;
    this.seconds[id] = b;
    this.slots[slot] = id + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  first(entry: number): number {
    return this.firsts[entry];
  }

  second(entry: number): number {
    return this.seconds[entry];
  }

  /**
   * The stems of an n-gram id, first to last. Ids below `stemCount` are single stems; an id
   * `stemCount + e` is entry e of this table: (the n-gram before it, its last stem).
   */
  stemsOf(id: number, stemCount: number): number[] {
    const out: number[] = [];
    let g = id;
    while (g >= stemCount) {
      out.push(this.seconds[g - stemCount]);
      g = this.firsts[g - stemCount];
    }
    out.push(g);
    return out.reverse();
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = hash(this.firsts[id], this.seconds[id]) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

function grow(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
