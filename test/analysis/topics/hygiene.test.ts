import { describe, expect, it } from 'vitest';
import { accountToken, learnHygiene, normaliseLine, TextCleaner } from '@/lib/analysis/topics/hygiene';
import { seededRandom } from '@/lib/analysis/random';

const random = seededRandom(9);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

/** Words of one topic's own vocabulary (30 per topic), so its tickets share uncommon words as real ones do. */
const topicWords = (topic: number, count: number) =>
  Array.from({ length: count }, () => `w${topic}x${Math.floor(random() * 30)}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)])).join(' ');

/** Tweets to three brands' care accounts, about problems that do not depend on the brand. */
function tweets(n: number): string[] {
  const accounts = ['@AcmeCare', '@GlobexHelp', '@InitechSupport'];
  const problems = [
    'my order never arrived and tracking shows nothing',
    'the app crashes when I open my basket',
    'I was charged twice for one order',
    'I cannot log in, the password reset mail never comes',
  ];
  return Array.from({ length: n }, (_, i) => `${pick(accounts)} ${pick(problems)}${i < 2 ? ' @friend123 look at this' : ''}`);
}

/** E-mails with a legal footer whatever their topic, and a subject line that recurs within one topic. */
function emails(n: number): string[] {
  const topics = [
    { subject: 'Invoice PDF is blank', body: ['the invoice pdf opens with blank pages', 'downloaded invoice pdf shows no content'] },
    { subject: 'Export to Excel cuts off rows', body: ['the excel export stops after a thousand rows', 'exported spreadsheet misses the last rows'] },
    { subject: 'Webhook deliveries duplicated', body: ['every webhook event arrives twice', 'our endpoint receives duplicate webhook calls'] },
    { subject: 'Slack notifications stopped', body: ['slack channel no longer gets notifications', 'notifications to slack stopped yesterday'] },
  ];
  return Array.from({ length: n }, (_, i) => {
    const topic = topics[i % topics.length];
    const footer = i % 3 === 0 ? '\nThis message was sent from the Acme customer portal, replies go to support.' : '';
    return `${topic.subject}\n${topic.subject}\n${pick(topic.body)} and ${pick(['it is urgent', 'since monday', 'for all users', 'again today'])}, ${topicWords(i % topics.length, 4)}.${footer}`;
  });
}

describe('learnHygiene', () => {
  it('finds the accounts people write to, not a handle mentioned a few times', () => {
    const rules = learnHygiene(tweets(600), { seed: 1 });
    expect(rules.handles).toEqual(expect.arrayContaining(['acmecare', 'globexhelp', 'initechsupport']));
    expect(rules.handles).not.toContain('friend123');
  });

  it('takes no annotation in pasted code for an account', () => {
    const texts = Array.from({ length: 300 }, (_, i) => `Build fails in module ${i % 5}\n    @Override\n    public void run() { start(); }`);
    expect(learnHygiene(texts, { seed: 1 }).handles).not.toContain('override');
  });

  it('learns a footer every topic carries as boilerplate, but not a subject or a line tied to one topic', () => {
    const rules = learnHygiene(emails(800), { seed: 1 });
    expect(rules.boilerplate).toContain(normaliseLine('This message was sent from the Acme customer portal, replies go to support.'));
    expect(rules.boilerplate).not.toContain(normaliseLine('Invoice PDF is blank'));
    for (const line of rules.boilerplate) expect(line).not.toMatch(/invoice|excel|webhook|slack/);
  });
});

describe('TextCleaner', () => {
  it('turns an account handle into one token no label shows, and drops boilerplate lines', () => {
    const cleaner = new TextCleaner({ handles: ['acmecare'], namedHandles: [], boilerplate: [normaliseLine('Sent via the Acme portal')] });
    const cleaned = cleaner.clean('@AcmeCare my order never arrived\nSent via the Acme portal');
    expect(cleaned).toContain(accountToken('acmecare'));
    expect(cleaned).not.toMatch(/@AcmeCare|Acme portal/);
    expect(cleaned).toContain('my order never arrived');
  });

  it('keeps a handle people also write as a word as that word, plus the account token', () => {
    const cleaner = new TextCleaner({ handles: ['youtube'], namedHandles: ['youtube'], boilerplate: [] });
    expect(cleaner.clean('@YouTube my channel is gone')).toMatch(/YouTube .*acctyoutube/);
  });

  it('strips a recurring ticket-system tag that opens a line, keeping the rest of it', () => {
    const cleaner = new TextCleaner({ handles: [], boilerplate: [normaliseLine('[Zendesk]')] });
    expect(cleaner.clean('[Zendesk] Printer offline again').trim()).toBe('Printer offline again');
  });

  it('learns a recurring bracketed tag from an export', () => {
    const topics = ['Printer offline again', 'Invoice total is wrong', 'Cannot reset my password', 'Dashboard loads slowly'];
    const texts = Array.from({ length: 400 }, (_, i) => `[Zendesk] ${topics[i % 4]}\n${topics[i % 4]} ${pick(['since monday', 'for everyone', 'on my laptop', 'today'])}, ${topicWords(i % 4, 4)}`);
    expect(learnHygiene(texts, { seed: 1 }).boilerplate).toContain('[zendesk]');
  });
});

describe('normaliseLine', () => {
  it('ignores case, digits, spacing and edge punctuation', () => {
    expect(normaliseLine('  - Callback number: +1 555 0110. ')).toBe('callback number: +0 0 0');
    expect(normaliseLine('App   version: 5.1.0')).toBe('app version: 0.0.0');
  });
});
