import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passesLuhn } from '@/lib/redact/luhn';

/** The check digit that makes `body + digit` pass (computed independently of passesLuhn). */
function checkDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

describe('passesLuhn', () => {
  it('accepts the published test card numbers', () => {
    for (const pan of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '4242424242424242']) {
      expect(passesLuhn(pan)).toBe(true);
    }
  });

  it('rejects a number with one digit changed', () => {
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('5555555555554445')).toBe(false);
  });

  it('rejects anything that is not only digits', () => {
    expect(passesLuhn('')).toBe(false);
    expect(passesLuhn('4111 1111 1111 1111')).toBe(false);
    expect(passesLuhn('41111111111111x1')).toBe(false);
  });

  it('accepts every body completed with its check digit and rejects every other last digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12,18}$/), fc.integer({ min: 1, max: 9 }), (body, shift) => {
        const digit = checkDigit(body);
        expect(passesLuhn(body + digit)).toBe(true);
        expect(passesLuhn(body + String((Number(digit) + shift) % 10))).toBe(false);
      }),
    );
  });
});
