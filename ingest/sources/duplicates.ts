/**
 * Duplicate ids within one file. Exports that are update streams (Zendesk incremental, a CSV
 * appended to over time) repeat a ticket with a newer `updated` time: the newer row is kept and
 * the older one is skipped as superseded. Without times to compare, the later row is rejected
 * as a "duplicate of line N".
 *
 * Streaming parsers cannot take back a row already yielded, so when a later CSV row is newer
 * both are yielded, in file order; the loader's rule "a newer updatedAt wins" keeps the right
 * one. Whole-file (JSON) parsers use `NewestById` and yield each id once.
 */

/** `keep`, `superseded` (an older copy: skip it), or the reason to reject the row. */
export type DuplicateVerdict = 'keep' | 'superseded' | { reject: string };

export class DuplicateTracker {
  // Index per id into two number arrays: no object per row (this runs on every CSV row).
  private readonly index = new Map<string, number>();
  private readonly lines: number[] = [];
  /** Epoch ms, or NaN when the row had no update time. */
  private readonly updated: number[] = [];

  check(id: string, line: number, updatedAt: number | null): DuplicateVerdict {
    const updated = updatedAt ?? NaN;
    const i = this.index.get(id);
    if (i === undefined) {
      this.index.set(id, this.lines.length);
      this.lines.push(line);
      this.updated.push(updated);
      return 'keep';
    }
    const previous = this.updated[i];
    if (Number.isNaN(updated) || Number.isNaN(previous)) return { reject: `duplicate of line ${this.lines[i]}` };
    if (updated > previous) {
      this.lines[i] = line;
      this.updated[i] = updated;
      return 'keep';
    }
    return 'superseded';
  }
}

interface Kept<T> {
  value: T;
  line: number;
  updatedAt: number | null;
}

/**
 * Whole-file de-duplication: the copy with the newest update time wins (on a tie, the later
 * copy, since update streams append). Copies without an update time cannot be ordered: the
 * later one is rejected as a duplicate.
 */
export class NewestById<T> {
  private readonly kept = new Map<string, Kept<T>>();

  /** Adds a copy; returns 'superseded' when a copy was dropped, a rejection, or 'keep'. */
  add(id: string, value: T, line: number, updatedAt: number | null): DuplicateVerdict {
    const previous = this.kept.get(id);
    if (previous === undefined) {
      this.kept.set(id, { value, line, updatedAt });
      return 'keep';
    }
    if (updatedAt === null || previous.updatedAt === null) return { reject: `duplicate of line ${previous.line}` };
    if (updatedAt >= previous.updatedAt) {
      previous.value = value;
      previous.line = line;
      previous.updatedAt = updatedAt;
    }
    return 'superseded';
  }

  /** The kept copies, in order of first appearance. */
  values(): T[] {
    return [...this.kept.values()].map((k) => k.value);
  }
}
