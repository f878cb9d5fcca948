/**
 * A minimal reader for the CSV that PostgreSQL's COPY … TO writes (FORMAT csv): fields separated
 * by commas, quoted with " when needed ("" inside), NULL as an unquoted empty field, rows ending
 * in \n. csv-parse handles every dialect and is too slow for millions of analysis rows; this
 * handles exactly one dialect, in one pass over the string.
 */
export function parseCopyCsv(text: string, columns: number): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let value: string | null;
    if (text.charCodeAt(i) === 34 /* " */) {
      let start = ++i;
      let out = '';
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quoted field in COPY output');
        if (text.charCodeAt(quote + 1) === 34) {
          out += text.slice(start, quote + 1);
          i = start = quote + 2;
        } else {
          out += text.slice(start, quote);
          i = quote + 1;
          break;
        }
      }
      value = out;
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 /* , */ || c === 10 /* \n */) break;
        end++;
      }
      value = end === i ? null : text.slice(i, end);
      i = end;
    }
    row.push(value);
    const separator = text.charCodeAt(i);
    i++;
    if (separator !== 44) {
      if (row.length !== columns) throw new Error(`COPY row has ${row.length} fields, expected ${columns}`);
      rows.push(row);
      row = [];
    }
  }
  return rows;
}
