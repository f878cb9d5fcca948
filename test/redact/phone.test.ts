import { describe, expect, it } from 'vitest';
import { redactPhones } from '@/lib/redact/phone';

const redact = (text: string) => redactPhones(text).text;

describe('redactPhones', () => {
  it.each([
    ['+44 20 7946 0958'],
    ['+33 6 12 34 56 78'],
    ['+1 (415) 555-0132'],
    ['+44 (0)20 7946 0958'],
    ['+4915112345678'],
    ['(415) 555-0132'],
    ['415-555-0132'],
    ['415.555.0132'],
    ['415 555 0132'],
    ['1-800-848-9136'],
    ['555-0132'],
    ['06 12 34 56 78'],
    ['020 7946 0958'],
    ['030 1234567'],
  ])('redacts %j', (phone) => {
    expect(redact(`call ${phone} today`)).toBe('call [phone] today');
    expect(redact(`number: ${phone}.`)).toBe('number: [phone].');
  });

  it('redacts an unformatted number only after a phone word', () => {
    expect(redact('Call me at 4155550132 please')).toBe('Call me at [phone] please');
    expect(redact('mobile number: 07946095812')).toBe('mobile number: [phone]');
    expect(redact('Tel. 0612345678')).toBe('Tel. [phone]');
    expect(redact('invoice 4155550132 attached')).toBe('invoice 4155550132 attached');
  });

  it.each([
    'version 5.14.2 and 10.0.19041.1',
    'since 2026-03-02 at 10:30:45',
    'on 02.03.2026 and 2026 03 02',
    'ticket #48213 and HDFS-12345',
    'error 0x80070005 with HTTP 502',
    'order 123456789 placed',
    'epoch 1706778000',
    'ranges 0-500, 700-1000 and 1200-1500',
    'amount 1 234 567 EUR',
    'ISBN 978-3-16-148410-0',
    'range 1999-2024',
    'scores 12 34 56 78 90',
    'ids 100-200-3000',
    'path /var/log/415-555-0132',
  ])('keeps %j', (text) => {
    expect(redactPhones(text)).toEqual({ text, count: 0 });
  });

  it('keeps a date next to a phone and finds the phone in either order', () => {
    expect(redact('415-555-0132 2026-03-02')).toBe('[phone] 2026-03-02');
    expect(redact('2026-03-02 415-555-0132')).toBe('2026-03-02 [phone]');
  });

  it('counts each number', () => {
    expect(redactPhones('+44 20 7946 0958 or (415) 555-0132').count).toBe(2);
  });
});
