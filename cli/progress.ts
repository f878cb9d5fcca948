/**
 * Progress for long ingests: a redrawn bar on a terminal, plain lines every few seconds
 * otherwise (CI logs, pipes), so neither floods the output. The rate is the pace of the last few
 * seconds, not the average since the start, and when no row has finished for a while the line
 * says so: a stall inside one slow file is visible at once (ingestFile reports every second,
 * whether or not a batch was written).
 */
import type { IngestProgress } from '@/ingest/ingest-file';

const PLAIN_INTERVAL_MS = 5_000;
/** The rate is measured over this window. */
const RATE_WINDOW_MS = 5_000;
/** No row finished for this long: say so. */
const STALL_MS = 3_000;

export interface ProgressReporter {
  update: (p: IngestProgress) => void;
  done: () => void;
}

/** The progress line without the bar: share of bytes, rows, recent rate and, when stalled, for how long. */
export function progressText(p: IngestProgress, rowsPerSecond: number, stalledMs: number): string {
  const share = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
  const n = (x: number) => x.toLocaleString('en-US');
  const stalled = stalledMs >= STALL_MS ? `  (no row finished for ${Math.round(stalledMs / 1000)} s)` : '';
  return `${(share * 100).toFixed(0).padStart(3)}%  ${n(p.rowsRead)} rows  ${n(Math.round(rowsPerSecond))} rows/s${stalled}`;
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr, clock: () => number = Date.now): ProgressReporter {
  const started = clock();
  // (time, rows) samples covering the rate window, plus the one just before it.
  const samples: { at: number; rows: number }[] = [{ at: started, rows: 0 }];
  let lastChange = started;
  let lastPlain = started;
  let firstBatchShown = false;
  let drawn = false;
  return {
    update(p) {
      const now = clock();
      if (p.rowsRead !== samples[samples.length - 1].rows) lastChange = now;
      samples.push({ at: now, rows: p.rowsRead });
      while (samples.length > 2 && now - samples[1].at >= RATE_WINDOW_MS) samples.shift();
      const oldest = samples[0];
      const rate = now > oldest.at ? ((p.rowsRead - oldest.rows) * 1000) / (now - oldest.at) : 0;
      const text = progressText(p, rate, now - lastChange);
      if (stream.isTTY) {
        const share = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
        const width = 30;
        const filled = Math.round(share * width);
        stream.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
        drawn = true;
      } else if (now - lastPlain >= PLAIN_INTERVAL_MS || (!firstBatchShown && p.rowsStored > 0)) {
        // A line once the first batch is stored, then every few seconds, batch or not.
        firstBatchShown ||= p.rowsStored > 0;
        lastPlain = now;
        stream.write(`  progress: ${text}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
