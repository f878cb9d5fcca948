/**
 * CSV for people to open in a spreadsheet: the CLI `export` command and the dashboard's
 * "download CSV of what is shown" (client-side, so this module imports nothing from Node).
 *
 * Format: RFC 4180 — comma separated, CRLF line ends (what RFC 4180 and Excel expect; every CSV
 * reader accepts them), a field is quoted when it holds `"`, `,`, CR or LF (and also `;` or tab,
 * so a spreadsheet that guesses `;` or tab as the separator — Excel in many European locales —
 * cannot split a cell), with `"` doubled inside. Values: null/undefined → empty; Date → ISO-8601
 * UTC (an invalid date → empty); arrays → items joined with `; `; numbers as JavaScript prints
 * them (NaN/±Infinity → empty); other objects → JSON.
 *
 * Formula injection (OWASP "CSV Injection"; ASVS 5.0 V1.2.10): a spreadsheet runs a cell that
 * starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`, `=cmd|' /c calc'!A1`), and
 * tab, CR and NUL can hide such a start. Every *text* cell starting with one of those gets a
 * leading `'`, which spreadsheets read as "this is text" — before quoting is applied. Genuine
 * numbers (typeof number / bigint) are never altered, so `-3` stays a number; the *string* "-3"
 * is neutralised like any other text, because a string column is user-controlled text and
 * "-3+cmd|…" starts the same way. Pass numbers as numbers to keep them numeric.
 */

export interface CsvColumn {
  /** Property of the row to read. */
  key: string;
  /** Column title written in the header line. */
  header: string;
}

export interface CsvOptions {
  /**
   * Start with a UTF-8 byte-order mark. Excel needs it to read non-ASCII text (é, ü, ß) as
   * UTF-8 when the file is double-clicked; Unix tools may show it as a stray character.
   */
  bom?: boolean;
}

export const CSV_LINE_END = '\r\n';
export const UTF8_BOM = '\uFEFF';
export const ARRAY_SEPARATOR = '; ';

const FORMULA_START = /^[=+\-@\t\r\0]/;
const NEEDS_QUOTES = /[",\r\n;\t]/;

/** `'`-prefixes text a spreadsheet would run as a formula; other text is returned unchanged. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const RFC4180_NEEDS_QUOTES = /[",\r\n]/;

/**
 * A field as RFC 4180 wants it — quoted (quotes doubled) only when it must be, text otherwise
 * unchanged: for files that programs read back (the demo's sample exports, `cluster`'s output),
 * where neutralising formulas would alter the data. Files for spreadsheets use csvCell.
 */
export function csvField(text: string): string {
  return RFC4180_NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function quoteIfNeeded(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The plain text of a value inside a cell, before neutralising and quoting. */
function plainText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (Array.isArray(value)) return value.map(plainText).join(ARRAY_SEPARATOR);
  return JSON.stringify(value) ?? '';
}

/** One cell, formatted, neutralised and quoted as described in the module comment. */
export function csvCell(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return plainText(value);
  return quoteIfNeeded(neutraliseFormula(plainText(value)));
}

/** One CSV line (with its CRLF) from values in column order — the streaming building block. */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + CSV_LINE_END;
}

/** The header line for `columns`. */
export function csvHeader(columns: readonly CsvColumn[]): string {
  return csvLine(columns.map((c) => c.header));
}

/** The line for one row, reading `columns` in order (missing properties are empty cells). */
export function csvRow(row: Readonly<Record<string, unknown>>, columns: readonly CsvColumn[]): string {
  return csvLine(columns.map((c) => row[c.key]));
}

/** A whole CSV document: header line, then one line per row. */
export function toCsv(rows: readonly Readonly<Record<string, unknown>>[], columns: readonly CsvColumn[], options: CsvOptions = {}): string {
  let out = (options.bom ? UTF8_BOM : '') + csvHeader(columns);
  for (const row of rows) out += csvRow(row, columns);
  return out;
}
