import { describe, expect, it } from 'vitest';
import type { IngestProgress } from '@/ingest/ingest-file';
import { createProgressReporter, progressText } from '@/cli/progress';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

const at = (rowsRead: number, bytesRead = rowsRead * 100): IngestProgress => ({ file: 'x.csv', bytesRead, totalBytes: 1_000_000, rowsRead, rowsStored: 0 });

describe('ingest progress', () => {
  it('shows the rate of the last seconds, not the average since the start', () => {
    let now = 0;
    const { stream, writes } = fakeStream(true);
    const reporter = createProgressReporter(stream, () => now);
    for (let s = 1; s <= 10; s++) {
      now = s * 1_000;
      reporter.update(at(s <= 5 ? s * 1_000 : 5_000 + (s - 5) * 100)); // 1,000 rows/s, then 100 rows/s
    }
    expect(writes.at(-1)).toMatch(/ 5,500 rows {2}100 rows\/s/);
  });

  it('says when no row has finished for a while, on a terminal and in a log', () => {
    let now = 0;
    const tty = fakeStream(true);
    const plain = fakeStream(false);
    const reporters = [createProgressReporter(tty.stream, () => now), createProgressReporter(plain.stream, () => now)];
    for (let s = 1; s <= 12; s++) {
      now = s * 1_000;
      for (const r of reporters) r.update(at(800)); // 800 rows in the first second, then stuck on one slow record
    }
    expect(tty.writes[0]).not.toMatch(/no row finished/);
    expect(tty.writes.at(-1)).toMatch(/800 rows {2}0 rows\/s {2}\(no row finished for 11 s\)/);
    expect(plain.writes).toEqual([expect.stringMatching(/^ {2}progress: .*\(no row finished for 4 s\)\n$/), expect.stringMatching(/\(no row finished for 9 s\)\n$/)]);
  });

  it('prints a plain line once the first batch is stored, then every five seconds', () => {
    let now = 0;
    const { stream, writes } = fakeStream(false);
    const reporter = createProgressReporter(stream, () => now);
    now = 1_000;
    reporter.update(at(500));
    expect(writes).toEqual([]);
    now = 1_500;
    reporter.update({ ...at(2_000), rowsStored: 2_000 });
    now = 2_500;
    reporter.update({ ...at(4_000), rowsStored: 2_000 });
    expect(writes).toEqual([expect.stringMatching(/^ {2}progress: +20% {2}2,000 rows/)]);
    now = 6_500;
    reporter.update({ ...at(9_000), rowsStored: 8_000 });
    expect(writes).toHaveLength(2);
  });

  it('formats share, rows and rate', () => {
    expect(progressText(at(12_345, 450_000), 3_456.4, 0)).toBe(' 45%  12,345 rows  3,456 rows/s');
    expect(progressText(at(1, 0), 0, 2_999)).toBe('  0%  1 rows  0 rows/s');
  });
});
