import { describe, expect, it } from 'vitest';
import { redactUrlCredentials } from '@/lib/redact/url-credentials';

const redact = (text: string) => redactUrlCredentials(text).text;

describe('redactUrlCredentials', () => {
  it.each([
    ['https://user:pass@host.example.com/path?q=1', 'https://[url-credentials]@host.example.com/path?q=1'],
    ['postgres://app:s3cret@db:5432/x', 'postgres://[url-credentials]@db:5432/x'],
    ['mongodb+srv://admin:pw@cluster0.example.net', 'mongodb+srv://[url-credentials]@cluster0.example.net'],
    ['git clone https://ghp_token123@github.com/acme/app.git', 'git clone https://[url-credentials]@github.com/acme/app.git'],
    ['ftp://me:p@ss@files.example.org/a', 'ftp://[url-credentials]@files.example.org/a'],
  ])('keeps scheme and host of %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each(['https://example.com/path?user=a@b', 'https://example.com/@handle', 'mail jo@example.com at https://example.com'])(
    'keeps %j',
    (text) => {
      expect(redactUrlCredentials(text)).toEqual({ text, count: 0 });
    },
  );
});
