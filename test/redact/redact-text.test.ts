import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyCounts, PII_KINDS, PLACEHOLDER_PATTERN, placeholderOf } from '@/lib/redact/kinds';
import { redactText } from '@/lib/redact/redact-text';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

const PII_FRAGMENTS = [
  'jane.doe+billing@mail.example.co.uk',
  'JOHN@EXAMPLE.COM',
  '+44 20 7946 0958',
  '(415) 555-0132',
  '4111 1111 1111 1111',
  '378282246310005',
  '203.0.113.42',
  '2001:db8::7334',
  'sk_live_51FAKEexampleKEYfor0TESTS0only',
  JWT,
  'https://u:p@host.example.com/x',
  'password=hunter2',
];
const KEEP_FRAGMENTS = ['5.14.2', '2026-03-02', '10:30:45', '#48213', 'HTTP 502', '0x80070005', 'order 123456789', '4111 1111 1111 1112', 'HDX-101'];
const WORDS = ['the', 'login', 'fails', 'after', 'upgrade', 'call', 'me', 'at', 'card', 'token:', 'on', 'Bearer', 'ip', 'version'];

describe('redactText', () => {
  it('replaces every kind in one text and counts each', () => {
    const text =
      'Hi, I am jo@example.com, +44 20 7946 0958, card 4111 1111 1111 1111, from 203.0.113.42, ' +
      `key sk_live_51FAKEexampleKEYfor0TESTS0only, backup https://svc:pw@files.example.net/a.zip (app 5.14.2, 2026-03-02, #48213, HTTP 502).`;
    const result = redactText(text);
    expect(result.text).toBe(
      'Hi, I am [email], [phone], card [card], from [ip], key [secret], backup https://[url-credentials]@files.example.net/a.zip (app 5.14.2, 2026-03-02, #48213, HTTP 502).',
    );
    expect(result.counts).toEqual({ email: 1, phone: 1, card: 1, ip: 1, secret: 1, 'url-credentials': 1 });
  });

  it('redacts only the kinds asked for', () => {
    const text = 'jo@example.com from 203.0.113.42';
    expect(redactText(text, { kinds: ['ip'] }).text).toBe('jo@example.com from [ip]');
    expect(redactText(text, { kinds: [] })).toEqual({ text, counts: emptyCounts() });
  });

  it('leaves text with nothing to redact untouched', () => {
    const text = 'The export button does nothing since the last update. Version 5.14.2, ticket #48213, HTTP 502 at 10:30.';
    expect(redactText(text)).toEqual({ text, counts: emptyCounts() });
  });

  it('leaves nothing of PII glued to other PII', () => {
    expect(redactText('+9@jane.doe+billing@mail.example.co.uk').text).toBe('[email][email]');
    const jwtThenEmail = redactText(`${JWT}jane.doe+billing@mail.example.co.uk`).text;
    expect(jwtThenEmail).not.toMatch(/billing|example|eyJ/);
    expect(redactText(jwtThenEmail).text).toBe(jwtThenEmail);
  });

  it('has placeholders that the placeholder pattern finds', () => {
    for (const kind of PII_KINDS) expect(placeholderOf(kind).match(PLACEHOLDER_PATTERN)).toEqual([placeholderOf(kind)]);
  });

  const fragmentText = fc
    .array(fc.oneof(fc.constantFrom(...PII_FRAGMENTS), fc.constantFrom(...KEEP_FRAGMENTS), fc.constantFrom(...WORDS), fc.string({ maxLength: 12 })), {
      maxLength: 14,
    })
    .chain((parts) => fc.tuple(fc.constant(parts), fc.array(fc.constantFrom(' ', ', ', '\n', '. ', ' (', ') ', ': ', '', '-', '/', '@', '='), { minLength: parts.length, maxLength: parts.length })))
    .map(([parts, seps]) => parts.map((p, i) => p + seps[i]).join(''));

  it('gives the same text when run twice (placeholders are never redacted again)', () => {
    fc.assert(
      fc.property(fragmentText, (text) => {
        const once = redactText(text);
        const twice = redactText(once.text);
        expect(twice.text).toBe(once.text);
        expect(twice.counts).toEqual(emptyCounts());
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves a PII fragment and never touches a kept one', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...PII_FRAGMENTS), fc.constantFrom(...KEEP_FRAGMENTS)), { minLength: 1, maxLength: 6 }), (pairs) => {
        const text = pairs.map(([pii, keep]) => `see ${pii} and ${keep}.`).join('\n');
        const out = redactText(text).text;
        for (const [pii, keep] of pairs) {
          expect(out).not.toContain(pii);
          expect(out).toContain(keep);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not change text without digits, capitals or the characters detectors look for', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z .,;!?'\n]{0,200}$/), (text) => {
        expect(redactText(text).text).toBe(text);
      }),
    );
  });
});
