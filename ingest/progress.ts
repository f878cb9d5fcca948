/**
 * Progress for long ingests: a redrawn bar on a terminal, plain lines every few seconds
 * otherwise (CI logs, pipes), so neither floods the output.
 */
import type { IngestProgress } from './ingest-file';

const PLAIN_INTERVAL_MS = 5_000;

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): {
  update: (p: IngestProgress) => void;
  done: () => void;
} {
  const started = Date.now();
  let lastPlain = 0;
  let drawn = false;
  return {
    update(p) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const share = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
      const rate = Math.round(p.rowsRead / seconds);
      const text = `${(share * 100).toFixed(0).padStart(3)}%  ${p.rowsRead.toLocaleString('en-US')} rows  ${rate.toLocaleString('en-US')} rows/s`;
      if (stream.isTTY) {
        const width = 30;
        const filled = Math.round(share * width);
        stream.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}   `);
        drawn = true;
      } else if (Date.now() - lastPlain >= PLAIN_INTERVAL_MS) {
        lastPlain = Date.now();
        stream.write(`  progress: ${text}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
