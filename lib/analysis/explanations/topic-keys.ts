/**
 * String topic keys ↔ the dense numbers the detectors use (they keep counts in typed arrays).
 * A key is whatever groups the tickets — a topic id today, a theme id later.
 */
export class TopicKeys {
  private readonly numbers = new Map<string, number>();
  readonly keys: string[] = [];

  number(key: string | null): number | null {
    if (key === null) return null;
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.keys.length;
      this.keys.push(key);
      this.numbers.set(key, n);
    }
    return n;
  }

  key(n: number): string {
    const key = this.keys[n];
    if (key === undefined) throw new Error(`topic number ${n} was never assigned a key`);
    return key;
  }
}
