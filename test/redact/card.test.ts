import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCardNumber, redactCards } from '@/lib/redact/card';
import { passesLuhn } from '@/lib/redact/luhn';

const redact = (text: string) => redactCards(text).text;

describe('redactCards', () => {
  it.each([
    ['4111 1111 1111 1111'],
    ['4111-1111-1111-1111'],
    ['4111111111111111'],
    ['5555 5555 5555 4444'],
    ['3782 822463 10005'],
    ['378282246310005'],
    ['6011 1111 1111 1117'],
  ])('redacts the Luhn-valid %j', (pan) => {
    expect(redact(`card ${pan}, thanks`)).toBe('card [card], thanks');
  });

  it.each([
    ['a 16-digit number failing Luhn', 'ref 4111 1111 1111 1112'],
    ['an unseparated one', 'ref 4111111111111112'],
    ['a Luhn-valid id starting with 1', 'id 1111111111111117'],
    ['a 12-digit number', 'id 411111111113'],
    ['a 20+ digit id', 'id 41111111111111111111111'],
    ['a compact timestamp', 'https://web.archive.org/web/20200401225851/https://example.com'],
    ['a path segment', 'see /files/4111111111111111/'],
    ['a hash id', 'ticket #4111111111111111'],
    ['a decimal', 'value 4111111111111111.5'],
    ['a date and time', '2026-03-02 10:30'],
  ])('keeps %s', (_, text) => {
    expect(redactCards(text)).toEqual({ text, count: 0 });
  });

  it('redacts only the card inside a longer run of groups', () => {
    expect(redact('4111 1111 1111 1111 2 times')).toBe('[card] 2 times');
    expect(redact('on 2026-03-02 4111-1111-1111-1111')).toBe('on 2026-03-02 [card]');
  });

  it('redacts random Visa-like numbers in any grouping, keeps them when the check digit is wrong', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^4\d{14}$/), fc.constantFrom(' ', '-', ''), (body, sep) => {
        const valid = [...'0123456789'].map((d) => body + d).find(passesLuhn)!;
        const invalid = body + String((Number(valid[15]) + 1) % 10);
        const grouped = (pan: string) => pan.match(/.{4}/g)!.join(sep);
        expect(redact(`pay ${grouped(valid)} now`)).toBe('pay [card] now');
        expect(redact(`pay ${grouped(invalid)} now`)).toBe(`pay ${grouped(invalid)} now`);
      }),
    );
  });

  it('isCardNumber needs 13–19 digits, a card-scheme first digit and Luhn', () => {
    expect(isCardNumber('4222222222222')).toBe(true); // 13-digit Visa
    expect(isCardNumber('4111111111111111')).toBe(true);
    expect(isCardNumber('7111111111111115')).toBe(false);
    expect(isCardNumber('411111111111')).toBe(false);
  });
});

describe('redactCards: several cards in one run of groups', () => {
  it('redacts each card and counts each', () => {
    expect(redactCards('4111 1111 1111 1111 378282246310005')).toEqual({ text: '[card] [card]', count: 2 });
    expect(redactCards('1234 4111-1111-1111-1111 5555 5555 5555 4444 99')).toEqual({ text: '1234 [card] [card] 99', count: 2 });
  });
});
