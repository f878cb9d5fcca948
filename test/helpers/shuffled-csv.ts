/**
 * The same export in another order: a CSV whose data rows are permuted by a seeded shuffle
 * (header first, every field quoted, a UTF-8 BOM kept). Used to check that results depend on
 * the data, not on the order it was loaded in.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { seededRandom } from '@/lib/analysis/random';

export function writeShuffledCsv(file: string, outDir: string, seed: number): string {
  const text = readFileSync(file, 'utf8');
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const [header, ...rows] = parse(bom ? text.slice(1) : text, { relax_column_count: true }) as string[][];
  const random = seededRandom(seed);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const out = path.join(outDir, path.basename(file));
  writeFileSync(out, bom + [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n');
  return out;
}
