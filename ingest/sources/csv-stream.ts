/**
 * The one CSV reader every CSV format goes through: csv-parse's streaming parser fed chunk by
 * chunk from the input, so a file of any size runs in constant memory.
 *
 * After each chunk is written, the records it completed are read from the parser and handed
 * to the format's handler with the 1-based line where each starts (a quoted description can
 * span many lines); what the handler produces is yielded. Where a record starts comes from
 * csv-parse's `info.bytes` (the byte offset after each record), noted as each record is pushed,
 * and our own line index of the bytes: csv-parse's `on_record`/`info` options build two objects
 * per row (~15% of the time here), and its line counter takes a CRLF inside quotes for two lines.
 * Structural problems become rejected rows: a row with the wrong number of fields, and an
 * unterminated quote at the end of a truncated file (the broken tail is one rejected row).
 */
import { CsvError, Parser, type Options } from 'csv-parse';
import { AppError } from '@/db/errors';
import { utf8Chunks } from './decode';
import { rejected } from './rejects';
import type { ParsedItem, ParseOptions } from './types';

export interface CsvRowHandler {
  /** Receives the header cells (BOM removed); throws an AppError when required columns are missing. */
  header(cells: string[], line: number): void;
  /** Turns one data row into items, pushed onto `out`. `cells.length` equals the header's. */
  row(cells: string[], line: number, out: ParsedItem[]): void;
}

/** Guards memory against a stray quote swallowing the whole file into one field. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/**
 * Picks `,`, `;` or tab from a header line (Excel in many European locales writes `;`).
 * Counts outside double quotes only; a tie keeps the comma.
 */
export function sniffDelimiter(firstLine: string): ',' | ';' | '\t' {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  for (let i = 0; i < firstLine.length; i++) {
    const c = firstLine.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 44) commas++;
    else if (c === 59) semicolons++;
    else if (c === 9) tabs++;
    else if (c === 10 || c === 13) break;
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

/** The last chunks fed to the parser, so the text of a broken tail can be quoted. */
class RecentBytes {
  private chunks: { start: number; bytes: Buffer }[] = [];
  private end = 0;
  private held = 0;

  /** Keeps at least the last 64 KB. */
  add(bytes: Buffer): void {
    this.chunks.push({ start: this.end, bytes });
    this.end += bytes.length;
    this.held += bytes.length;
    while (this.chunks.length > 1 && this.held - this.chunks[0].bytes.length >= 65_536) {
      this.held -= this.chunks[0].bytes.length;
      this.chunks.shift();
    }
  }

  /** The byte at absolute offset `at`, or -1 when it is not held. */
  byteAt(at: number): number {
    for (const c of this.chunks) {
      if (at >= c.start && at < c.start + c.bytes.length) return c.bytes[at - c.start];
    }
    return -1;
  }

  /** Up to `max` bytes of text from absolute offset `from`, or '' when no longer held. */
  textFrom(from: number, max: number): string {
    const first = this.chunks[0];
    if (first === undefined || from < first.start) return '';
    const all = Buffer.concat(this.chunks.map((c) => c.bytes));
    return all.subarray(from - first.start, from - first.start + max).toString('utf8');
  }
}

/**
 * Line numbers by byte offset, counting line breaks as editors do: CRLF, LF or a lone CR.
 * Offsets are asked for in increasing order, so passed line starts are dropped as we go.
 */
class LineIndex {
  private starts: number[] = []; // offsets where a line begins (after a break), not yet passed
  private head = 0;
  private passed = 0; // line breaks before starts[head]
  private scanned = 0; // bytes added so far
  private lastWasCR = false;

  add(chunk: Buffer): void {
    const base = this.scanned;
    const found: number[] = [];
    let at = chunk.indexOf(10);
    while (at !== -1) {
      // The LF of a CRLF split across chunks was counted with its CR.
      if (!(at === 0 && this.lastWasCR)) found.push(base + at + 1);
      at = chunk.indexOf(10, at + 1);
    }
    let cr = chunk.indexOf(13);
    if (cr !== -1) {
      while (cr !== -1) {
        if (cr + 1 === chunk.length || chunk[cr + 1] !== 10) found.push(base + cr + 1);
        cr = chunk.indexOf(13, cr + 1);
      }
      found.sort((a, b) => a - b); // CR and LF positions were gathered in two passes
    }
    this.lastWasCR = chunk.length > 0 && chunk[chunk.length - 1] === 13;
    for (const f of found) this.starts.push(f);
    this.scanned += chunk.length;
  }

  /** 1-based line of the byte at `offset` (offsets must not decrease between calls). */
  lineAt(offset: number): number {
    while (this.head < this.starts.length && this.starts[this.head] <= offset) {
      this.head++;
      this.passed++;
    }
    if (this.head > 4096) {
      this.starts = this.starts.slice(this.head);
      this.head = 0;
    }
    return this.passed + 1;
  }
}

/**
 * csv-parse's stream, noting the byte offset just after each record as it is pushed (csv-parse
 * sets `info.bytes` there right before pushing), so records read later can be placed in the file.
 */
class OffsetParser extends Parser {
  readonly ends: number[] = [];
  next = 0;

  push(record: unknown, encoding?: BufferEncoding): boolean {
    if (record !== null) this.ends.push(this.info.bytes);
    return super.push(record, encoding);
  }

  /** End offset of the next record read. */
  takeEnd(): number {
    const end = this.ends[this.next++];
    if (this.next === this.ends.length) {
      this.ends.length = 0;
      this.next = 0;
    }
    return end;
  }
}

function isBlank(cells: string[], from: number): boolean {
  for (let i = from; i < cells.length; i++) if (cells[i].trim() !== '') return false;
  return true;
}

function headerMissing(fileName: string): AppError {
  return new AppError('InvalidInput', `${fileName} is empty: expected a CSV header row followed by data rows.`);
}

/**
 * Streams the rows of a CSV file through `handler`, yielding its items and rejected rows in
 * file order. Throws AppError for whole-file problems (empty file, bad encoding, header).
 */
export async function* streamCsv(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
  handler: CsvRowHandler,
): AsyncGenerator<ParsedItem> {
  const out: ParsedItem[] = [];
  const recent = new RecentBytes();
  const lines = new LineIndex();
  let parser: OffsetParser | null = null;
  let failure: unknown = null;
  let headerLength = -1;
  let lastEnd = 0; // byte offset where the previous record ended: the next one starts after it
  let brokenTail = false;

  const take = (cells: string[], end: number): void => {
    // In a file whose records end with CR, the LF of a CRLF line end opens the next record.
    const leftoverLf = cells[0].charCodeAt(0) === 10 && recent.byteAt(lastEnd) === 10;
    const start = lines.lineAt(leftoverLf ? lastEnd + 1 : lastEnd);
    lastEnd = end;
    if (cells.length === 1 && cells[0].trim() === '') return; // an empty line
    if (headerLength < 0) {
      if (isBlank(cells, 0)) throw headerMissing(options.fileName);
      headerLength = cells.length;
      handler.header(cells, start);
    } else if (cells.length === headerLength) {
      handler.row(cells, start, out);
    } else if (cells.length > headerLength && isBlank(cells, headerLength)) {
      // Trailing empty cells (a stray delimiter at the end of the line, common from Excel).
      cells.length = headerLength;
      handler.row(cells, start, out);
    } else {
      out.push(rejected(start, null, `has ${cells.length} fields, the header has ${headerLength}`, cells.join(',')));
    }
  };

  /** Hands every record the parser has completed to `take`. */
  const drain = (p: OffsetParser): void => {
    let cells: string[] | null;
    while ((cells = p.read() as string[] | null) !== null) take(cells, p.takeEnd());
  };

  const onSkip = (error: CsvError | undefined): undefined => {
    // Records before the error may still wait in the parser's buffer: the broken tail is
    // reported after the final drain, where it is known where the last good record ended.
    if (error?.code === 'CSV_QUOTE_NOT_CLOSED') {
      brokenTail = true;
      return undefined;
    }
    if (error?.code === 'CSV_MAX_RECORD_SIZE') {
      const from = lines.lineAt(lastEnd); // where the next row not yet taken starts: the big one is there or later
      failure = new AppError('InvalidInput', `${options.fileName}: a row at or after line ${from} is larger than 16 MB — most likely an unbalanced quote.`, {
        hint: 'Check the quoting of the rows, or re-export the file.',
      });
      throw failure;
    }
    // With the relaxed options below csv-parse raises no other record error; should one
    // appear, the file stops here rather than skipping rows silently.
    failure = new AppError('InvalidInput', `${options.fileName}: cannot read the CSV: ${error?.message ?? 'unknown error'}`);
    throw failure;
  };

  const write = (p: OffsetParser, chunk: Buffer) =>
    new Promise<void>((resolve, reject) => p.write(chunk, (err) => (err ? reject(err) : resolve())));

  const finish = (p: OffsetParser) =>
    new Promise<void>((resolve, reject) => {
      p.once('error', reject);
      p.end(() => resolve());
    });

  const rethrow = (error: unknown): never => {
    if (failure !== null) throw failure;
    if (error instanceof AppError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('InvalidInput', `${options.fileName}: cannot read the CSV: ${message}`, { cause: error });
  };

  const createParser = (head: string): OffsetParser => {
    const settings: Options = {
      bom: true,
      delimiter: sniffDelimiter(head.charCodeAt(0) === 0xfeff ? head.slice(1) : head),
      relax_column_count: true,
      relax_quotes: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_CHARS,
      on_skip: onSkip,
    };
    const p = new OffsetParser(settings);
    // Errors reach us through the write/end callbacks; this keeps them from being "unhandled".
    p.on('error', () => {});
    return p;
  };

  // Writes one chunk and takes the rows it completes; their items are then in `out`, yielded by
  // the caller (a nested generator here would cost one more promise per row).
  const feed = async (p: OffsetParser, chunk: Buffer): Promise<void> => {
    recent.add(chunk);
    lines.add(chunk);
    // csv-parse handles the chunk synchronously inside write(); its callback only comes once
    // the records are read, so read them before waiting for it.
    const written = write(p, chunk);
    written.catch(() => {}); // awaited below; this only keeps an early throw of drain() from leaving it unhandled
    drain(p); // handler errors (a missing column…) propagate as they are
    try {
      await written;
    } catch (error) {
      rethrow(error);
    }
    drain(p);
    if (failure !== null) throw failure;
  };

  // The delimiter is sniffed from the header line, so chunks are held until it is complete.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of utf8Chunks(input, options)) {
      if (parser === null) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (chunk.indexOf(10) === -1 && chunk.indexOf(13) === -1 && pendingBytes < 65_536) continue;
        const head = Buffer.concat(pending, pendingBytes);
        pending = [];
        parser = createParser(head.subarray(0, 65_536).toString('utf8'));
        await feed(parser, head);
      } else {
        await feed(parser, chunk);
      }
      for (let i = 0; i < out.length; i++) yield out[i];
      out.length = 0;
    }
    if (parser === null && pendingBytes > 0) {
      const head = Buffer.concat(pending, pendingBytes);
      parser = createParser(head.toString('utf8'));
      await feed(parser, head);
    }
    if (parser === null) throw headerMissing(options.fileName);
    try {
      await finish(parser);
    } catch (error) {
      rethrow(error);
    }
    drain(parser);
    if (failure !== null) throw failure;
    if (headerLength < 0) throw headerMissing(options.fileName);
    if (brokenTail) {
      const reason = 'a quoted field opened here is never closed before the end of the file; the file looks truncated';
      out.push(rejected(lines.lineAt(lastEnd), null, reason, recent.textFrom(lastEnd, 400)));
    }
    for (let i = 0; i < out.length; i++) yield out[i];
    out.length = 0;
  } finally {
    parser?.destroy();
  }
}
