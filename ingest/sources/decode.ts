/**
 * Bytes in, checked UTF-8 bytes out, chunk by chunk.
 *
 * A file saved as Latin-1 / Windows-1252 would otherwise turn into U+FFFD soup silently; here it
 * stops with the line and byte of the first bad sequence, unless the caller says the file *is*
 * Windows-1252 (`encoding: 'latin1'`), in which case it is transcoded to UTF-8.
 * The common case is one native `isUtf8` call per chunk; the byte-level scan only runs to locate
 * an error.
 */
import { isUtf8 } from 'node:buffer';
import { AppError } from '@/db/errors';
import type { ParseOptions } from './types';

const NEWLINE = 10;

/** Windows-1252 characters for bytes 0x80–0x9F (where ISO-8859-1 has control codes). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
];
const C1_CONTROLS = /[\u0080-\u009f]/g;

/** Windows-1252 bytes as a JS string. Node's TextDecoder('windows-1252') decodes 0x80–0x9F as ISO-8859-1. */
export function decodeWindows1252(bytes: Buffer): string {
  const s = bytes.toString('latin1');
  return C1_CONTROLS.test(s)
    ? s.replace(C1_CONTROLS, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]))
    : s;
}

/** Length of the leading part of `buf` that does not end inside a multi-byte sequence. */
function completeLength(buf: Buffer): number {
  const n = buf.length;
  // Walk back over at most 3 continuation bytes to the lead byte of the last sequence.
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = buf[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** Index of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Buffer, end = buf.length): number {
  let i = 0;
  while (i < end) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= end) return i; // the sequence runs past the end
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function countNewlines(buf: Buffer, end: number): number {
  let count = 0;
  let at = buf.indexOf(NEWLINE);
  while (at !== -1 && at < end) {
    count++;
    at = buf.indexOf(NEWLINE, at + 1);
  }
  return count;
}

function invalidUtf8Error(fileName: string, line: number, byteOffset: number, value: number, atEnd: boolean): AppError {
  const hex = `0x${value.toString(16).padStart(2, '0')}`;
  const what = atEnd ? `an incomplete character (byte ${hex}) at the end of the file` : `byte ${hex}`;
  return new AppError(
    'InvalidInput',
    `${fileName} is not valid UTF-8: ${what} at line ${line} (byte ${byteOffset + 1} of the file).`,
    { hint: 'Re-export the file as UTF-8, or pass --encoding latin1 if it was saved as Latin-1 / Windows-1252.' },
  );
}

/**
 * The input as a stream of UTF-8 buffers, each ending on a character boundary. Throws an
 * AppError naming line and byte at the first invalid sequence (or transcodes Windows-1252).
 * Text chunks are taken as already decoded.
 */
export async function* utf8Chunks(
  input: AsyncIterable<Buffer | string>,
  options: ParseOptions,
): AsyncGenerator<Buffer> {
  const latin1 = options.encoding === 'latin1';
  let carry: Buffer | null = null;
  let offset = 0; // bytes of the file before the current chunk
  let lines = 1; // line number at `offset`
  for await (const piece of input) {
    if (piece.length === 0) continue;
    if (typeof piece !== 'string' && latin1) {
      yield Buffer.from(decodeWindows1252(piece), 'utf8');
      continue;
    }
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    const buf: Buffer = carry === null ? bytes : Buffer.concat([carry, bytes]);
    const end = completeLength(buf);
    if (!isUtf8(buf.subarray(0, end))) {
      const at = Math.max(0, firstInvalidUtf8(buf, end));
      throw invalidUtf8Error(options.fileName, lines + countNewlines(buf, at), offset + at, buf[at], false);
    }
    carry = end === buf.length ? null : Buffer.from(buf.subarray(end));
    lines += countNewlines(buf, end);
    offset += end;
    if (end > 0) yield end === buf.length ? buf : buf.subarray(0, end);
  }
  // A lead byte whose continuation bytes never came: the file was cut inside a character.
  if (carry !== null) throw invalidUtf8Error(options.fileName, lines, offset, carry[0], true);
}

/** Size limit for formats that are read whole (JSON): V8 strings cannot be much longer anyway. */
export const MAX_WHOLE_FILE_BYTES = 512 * 1024 * 1024;

/** The whole file as one string (JSON formats), refusing files above 512 MB. BOM removed. */
export async function readWholeText(input: AsyncIterable<Buffer | string>, options: ParseOptions): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of utf8Chunks(input, options)) {
    size += chunk.length;
    if (size > MAX_WHOLE_FILE_BYTES) {
      throw new AppError('InvalidInput', `${options.fileName} is larger than 512 MB; JSON exports are read whole and this one is too big.`, {
        hint: 'Split the export into several files (e.g. one per month or per page) and ingest them one by one.',
      });
    }
    parts.push(chunk);
  }
  const text = Buffer.concat(parts, size).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
