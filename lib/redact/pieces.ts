/**
 * Long texts are redacted in bounded pieces, so that a detector's cost is bounded per piece and a
 * piece that runs out of time (see ingest/load/text-budget.ts) can be redacted conservatively on
 * its own while the pieces before it keep their precise redaction.
 *
 * A piece ends after a line break where there is one in its second half: every detector but
 * the PEM block stops at a line break, so cutting there changes nothing (a PEM block cut in two
 * is still covered: its first half is redacted to the end of the piece, the base64 lines of the
 * second by the high-entropy rule). Without a line break it ends after a space or tab; a run with
 * neither is cut inside, at a length where both halves are long enough to be judged as secrets.
 */

/** 64 K characters: more than nearly every ticket text, small enough to bound one piece's cost. */
export const PIECE_CHARS = 64 * 1024;

export function textPieces(text: string, max = PIECE_CHARS): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > max) {
    pieces.push(text.slice(start, (start = cutAfter(text, start, max))));
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** Where the piece starting at `start` ends (exclusive), per the module comment. */
function cutAfter(text: string, start: number, max: number): number {
  const limit = start + max;
  const half = start + (max >> 1);
  const lineBreak = text.lastIndexOf('\n', limit - 1);
  if (lineBreak >= half) return lineBreak + 1;
  for (let i = limit - 1; i >= half; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) return i + 1;
  }
  // Never between the two halves of a surrogate pair.
  const c = text.charCodeAt(limit - 1);
  return c >= 0xd800 && c <= 0xdbff ? limit - 1 : limit;
}
