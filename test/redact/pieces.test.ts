import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactConservatively, redactText, textPieces } from '@/lib/redact';

describe('textPieces', () => {
  it('returns short texts whole', () => {
    expect(textPieces('short text', 100)).toEqual(['short text']);
  });

  it('cuts into pieces that put the text back together, none longer than the limit', () => {
    const text = fc.array(fc.constantFrom('word ', 'x', '\n', '\t', 'a'.repeat(40), '😀', ' '), { maxLength: 400 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 8, max: 300 }), (t, max) => {
        const pieces = textPieces(t, max);
        expect(pieces.join('')).toBe(t);
        for (const p of pieces) expect(p.length).toBeLessThanOrEqual(max);
        for (const p of pieces.slice(0, -1)) expect(p.length).toBeGreaterThan(0);
        // Never between the halves of a surrogate pair.
        for (const p of pieces.slice(0, -1)) expect(p.charCodeAt(p.length - 1) >= 0xd800 && p.charCodeAt(p.length - 1) <= 0xdbff).toBe(false);
      }),
    );
  });

  it('cuts after a line break in the second half of a piece, else after a space, else inside the run', () => {
    expect(textPieces('aaaaaaa\nbbbbbbbbbbbb', 10)[0]).toBe('aaaaaaa\n');
    expect(textPieces('aaaaaaa bbbbbbbbbbbb', 10)[0]).toBe('aaaaaaa ');
    expect(textPieces('a\naaaaaaaaaaaaaa', 10)[0]).toBe('a\naaaaaaaa'); // a break in the first half is too early: cut at the limit
    expect(textPieces('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('redacting piece by piece finds what redacting the whole text finds, when pieces end at line breaks', () => {
    const line = 'Mail jane.doe@example.com or call +44 20 7946 0958, key AKIAIOSFODNN7EXAMPLE, card 4111 1111 1111 1111.\n';
    const text = line.repeat(3_000);
    const pieces = textPieces(text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.map((p) => redactText(p).text).join('')).toBe(redactText(text).text);
  });
});

describe('redactConservatively', () => {
  it('keeps plain words and their punctuation, replaces every other run whole', () => {
    expect(redactConservatively('Signing fails: abCd3Ef4Gh5Ij6+x/Rs2Tu3Vw4 (see ticket #4821), mail jo@x.io!')).toBe(
      'Signing fails: [secret] (see ticket [secret] mail [secret]',
    );
    expect(redactConservatively('Привет, the café’s “export” — naïve?')).toBe('Привет, the café’s “export” [secret] naïve?');
  });

  it('replaces the word after a password or token key', () => {
    expect(redactConservatively('my password: hunter, token abc')).toBe('my password: [secret] token [secret]');
  });

  it('keeps placeholders and leaves nothing with a digit or an @', () => {
    const text = fc.array(fc.constantFrom('word', ' ', '\n', '1', '@', 'x.y', '[email]', 'a-b', '_', '😀', 'é', ':', '/'), { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const out = redactConservatively(t);
        expect(out).not.toMatch(/[\d@]/);
        expect(redactConservatively(out)).toBe(out);
      }),
    );
  });
});
