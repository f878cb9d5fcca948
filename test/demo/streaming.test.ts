import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '@/demo/generate';
import { tempDir } from '@/test/demo/demo-output';

const MB = 1024 * 1024;

describe('streaming generation', () => {
  it('writes 100,000 tickets with flat memory (nothing is held until the end)', async () => {
    const out = tempDir();
    try {
      const heap: number[] = [];
      const rssStart = process.memoryUsage().rss;
      let rssPeak = rssStart;
      const result = await generateDemo({
        outDir: out.dir,
        tickets: 100_000,
        seed: 3,
        end: '2025-06-30',
        onProgress: () => {
          const m = process.memoryUsage();
          heap.push(m.heapUsed);
          rssPeak = Math.max(rssPeak, m.rss);
        },
      });
      expect(heap).toHaveLength(365);
      expect(result.tickets).toBe(100_000);
      const written = statSync(result.files.tickets).size + statSync(result.files.comments).size;
      expect(written).toBeGreaterThan(100 * MB);
      // The lowest heap of a stretch of days is its live set (garbage comes and goes). Kept rows
      // would make it climb by most of the ~100 MB written between the two stretches.
      const live = (from: number, to: number) => Math.min(...heap.slice(from, to));
      const growth = live(330, 365) - live(30, 65);
      expect(growth, `live heap grew by ${(growth / MB).toFixed(1)} MB`).toBeLessThan(25 * MB);
      const rssGrowth = rssPeak - rssStart;
      expect(rssGrowth, `RSS grew by ${(rssGrowth / MB).toFixed(0)} MB`).toBeLessThan(1.5 * written);
    } finally {
      out.remove();
    }
  });
});
