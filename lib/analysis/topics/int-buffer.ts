/** A growable Int32Array: appending millions of ids without a JS array of boxed numbers. */
export class IntBuffer {
  private data: Int32Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Int32Array(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  pop(): number {
    return this.data[--this.length];
  }

  /** A right-sized copy of the contents. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
