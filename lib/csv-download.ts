/**
 * Saves rows as a CSV file in the browser. The text comes from lib/csv-export (RFC 4180, with
 * spreadsheet formula injection neutralised); this wrapper only adds the browser download.
 */
import { toCsv, type CsvColumn } from '@/lib/csv-export';

export type { CsvColumn };

export function downloadCsv(fileName: string, rows: Record<string, unknown>[], columns: CsvColumn[]): void {
  // A byte-order mark so Excel reads accented names as UTF-8 when the file is double-clicked.
  const text = toCsv(rows, columns, { bom: true });
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** "topics-2026-11-28.csv" */
export function csvFileName(base: string): string {
  return `${base}-${new Date().toISOString().slice(0, 10)}.csv`;
}
