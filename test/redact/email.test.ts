import { describe, expect, it } from 'vitest';
import { redactEmails } from '@/lib/redact/email';

const redact = (text: string) => redactEmails(text).text;

describe('redactEmails', () => {
  it.each([
    ['write to jo@example.com today', 'write to [email] today'],
    ['Jane.Doe+billing@Mail.Example.co.uk', '[email]'],
    ['JOHN.SMITH@EXAMPLE.COM.', '[email].'],
    ['<ops_team-1@sub.dept.example.org>', '<[email]>'],
    ['mailto:someone%tag@example.io', 'mailto:[email]'],
    ['a@b.co, c@d.com', '[email], [email]'],
  ])('redacts %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'deploy as user@localhost',
    'ssh root@10.0.0.1',
    'npm i left-pad@1.3.0',
    'use icon@2x.png on retina',
    'bundle app@v2.js',
    '@mention and @Override',
    'no at sign here',
  ])('keeps %j', (input) => {
    expect(redactEmails(input)).toEqual({ text: input, count: 0 });
  });

  it('counts each address', () => {
    expect(redactEmails('a@example.com b@example.com').count).toBe(2);
  });
});
