import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWindows1252, firstInvalidUtf8, utf8Chunks } from '@/ingest/sources/decode';
import { cutAt } from './parse-helpers';

describe('UTF-8 checking', () => {
  it('locates an invalid sequence exactly when Node says the bytes are not UTF-8 (property)', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => new Uint8Array(Buffer.from(s))),
    );
    fc.assert(
      fc.property(bytes, (a) => {
        const buf = Buffer.from(a);
        expect(firstInvalidUtf8(buf) === -1).toBe(isUtf8(buf));
      }),
      { numRuns: 2000 },
    );
  });

  it('re-joins characters split across chunks, wherever the cuts fall (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.array(fc.nat(), { maxLength: 10 }), async (text, cuts) => {
        const parts: Buffer[] = [];
        for await (const chunk of utf8Chunks(cutAt(Buffer.from(text), cuts), { fileName: 'x', timeZone: 'UTC' })) {
          expect(isUtf8(chunk)).toBe(true);
          parts.push(chunk);
        }
        expect(Buffer.concat(parts).toString('utf8')).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes the Windows-1252 range 0x80–0x9F that ISO-8859-1 leaves as control codes', () => {
    expect(decodeWindows1252(Buffer.from([0x80, 0x92, 0x93, 0x94, 0x9f, 0xe9, 0x41]))).toBe('€’“”ŸéA');
  });
});
